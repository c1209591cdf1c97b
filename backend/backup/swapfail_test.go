package backup

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// failRenames makes the renames to the data dir fail (the restored folder's
// and, with back set, the put-back's too), as a virus scanner holding a file
// in a folder does on Windows; other renames go through.
func failRenames(dataDir string, back bool) func(string, string) error {
	return func(oldpath, newpath string) error {
		putBack := strings.HasPrefix(oldpath, dataDir+asideInfix)
		if newpath == dataDir && (back || !putBack) {
			return &os.LinkError{Op: "rename", Old: oldpath, New: newpath, Err: errors.New("access denied")}
		}
		return os.Rename(oldpath, newpath)
	}
}

// Both renames failing leaves no data dir: the start must be told so (not
// open a fresh, empty one), the marker must say where the data is, and the
// next start finishes the swap and still reports where the old data went.
func TestSwapThatCannotPutTheDataBack(t *testing.T) {
	f := newFixture(t)
	pend, err := f.svc.Restore(f.ctx, f.backup(Options{}), "")
	if err != nil {
		t.Fatal(err)
	}
	f.db.Close()
	_, err = applyPending(f.dataDir, time.Now(), 0, failRenames(f.dataDir, true))
	var inc *IncompleteSwapError
	if !errors.As(err, &inc) || inc.Aside == "" || inc.Staged != pend.Dir || inc.DataDir != f.dataDir {
		t.Fatalf("err = %#v", err)
	}
	if exists(f.dataDir) || !exists(inc.Aside) || !exists(pend.Dir) {
		t.Fatalf("data dir %v, aside %v, staged %v", exists(f.dataDir), exists(inc.Aside), exists(pend.Dir))
	}
	mk, err := readMarker(f.dataDir)
	if err != nil || mk.Aside != filepath.Base(inc.Aside) || mk.Problem == "" {
		t.Fatalf("marker %+v %v", mk, err)
	}
	sw, err := ApplyPending(f.dataDir, time.Now())
	if err != nil || !sw.Applied || sw.AsideDir != inc.Aside {
		t.Fatalf("next start: %+v %v", sw, err)
	}
	f.open()
	n, err := f.svc.Notice()
	if err != nil || n.AsideDir != inc.Aside {
		t.Fatalf("notice %+v %v", n, err)
	}
}

// When only the restored folder cannot move, the old data goes back, the
// restore stays pending with the reason, and the next start applies it.
func TestSwapThatPutsTheDataBack(t *testing.T) {
	f := newFixture(t)
	if _, err := f.svc.Restore(f.ctx, f.backup(Options{}), ""); err != nil {
		t.Fatal(err)
	}
	f.db.Close()
	_, err := applyPending(f.dataDir, time.Now(), 0, failRenames(f.dataDir, false))
	var inc *IncompleteSwapError
	if err == nil || errors.As(err, &inc) || !exists(f.dataDir) {
		t.Fatalf("err = %v, data dir there: %v", err, exists(f.dataDir))
	}
	if mk, _ := readMarker(f.dataDir); mk.Aside != "" || mk.Problem == "" {
		t.Fatalf("marker %+v", mk)
	}
	if sw := f.restart(); !sw.Applied || sw.AsideDir == "" {
		t.Fatalf("next start: %+v", sw)
	}
}
