//go:build !windows

package backup

import (
	"os"
	"path/filepath"
	"testing"
)

// A data dir that is a symlink to another disk (moved there for room): the
// restore is staged on that disk and swapped in there, the link stays a
// link to it, and the previous data kept aside is listed in Settings.
func TestRestoreThroughASymlinkedDataDir(t *testing.T) {
	f := newFixture(t)
	p := f.backup(Options{})
	f.db.Close()
	big := filepath.Join(t.TempDir(), "big")
	os.Mkdir(big, 0o700)
	real := filepath.Join(big, "bookbag")
	if err := os.Rename(f.dataDir, real); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(real, f.dataDir); err != nil {
		t.Fatal(err)
	}
	f.open()
	f.db.SetSetting(f.ctx, "theme", "light")
	pend, err := f.svc.Restore(f.ctx, p, "")
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(pend.Dir) != big {
		t.Errorf("staged at %s, not beside the real data dir in %s", pend.Dir, big)
	}
	sw := f.restart()
	if !sw.Applied {
		t.Fatalf("not applied: %+v", sw)
	}
	if target, err := os.Readlink(f.dataDir); err != nil || target != real {
		t.Errorf("the data dir link became %q (%v), want a link to %s", target, err, real)
	}
	if v, _, _ := f.db.GetSetting(f.ctx, "theme"); v != "dark" {
		t.Errorf("theme after restore %q", v)
	}
	kept, err := f.svc.KeptAside()
	if err != nil || len(kept) != 1 {
		t.Fatalf("kept aside: %+v %v", kept, err)
	}
	if err := f.svc.RemoveKeptAside(kept[0].Name); err != nil {
		t.Fatal(err)
	}
}
