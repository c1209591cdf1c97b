//go:build !windows

package backup

import (
	"context"
	"crypto/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"bookbag/backend/apperr"
)

// A disk that cannot take the whole backup or the staged restore (a FAT32
// stick takes at most 4 GB per file; a file size limit makes the same
// error here): the message the UI shows says why, and nothing half
// written stays behind.
func TestNoRoomSaysWhy(t *testing.T) {
	f := newFixture(t)
	for range 3 { // 3 MB each that do not compress
		b := make([]byte, 3<<20)
		rand.Read(b)
		f.blobs.PutBytes(f.ctx, b)
	}
	src := filepath.Join(t.TempDir(), "b.tar")
	if _, err := f.svc.Backup(f.ctx, src, Options{}); err != nil {
		t.Fatal(err)
	}
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		t.Fatal(err)
	}
	small := old
	small.Cur = 2 << 20 // the database fits, the 3 MB files do not
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &small); err != nil {
		t.Skipf("no file size limit here: %v", err)
	}
	beside := siblings(t, f.dataDir)
	folder := t.TempDir()
	_, rerr := f.svc.Restore(f.ctx, src, "")
	_, berr := f.svc.Backup(f.ctx, filepath.Join(folder, "c.tar"), Options{})
	_, eerr := f.svc.Backup(f.ctx, filepath.Join(folder, "c.tar.gz.age"), Options{Compress: true, Passphrase: "correct horse"})
	syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old)

	const why = "larger than that disk takes"
	for op, err := range map[string]error{"restore": rerr, "backup": berr, "encrypted backup": eerr} {
		if !apperr.Is(err, apperr.Unavailable) || !strings.Contains(apperr.MessageOf(err), why) {
			t.Errorf("%s: the UI shows %q (%v), want Unavailable saying %q", op, apperr.MessageOf(err), apperr.CodeOf(err), why)
		}
	}
	if got := siblings(t, f.dataDir); !slices.Equal(got, beside) {
		t.Errorf("beside the data dir: %v, want %v", got, beside)
	}
	if got := names(t, folder); len(got) != 0 {
		t.Errorf("left in the backup folder: %v", got)
	}
}

// bigConfig is settings with one long template, for an export that does
// not fit.
type bigConfig struct{ Config }

func (bigConfig) Theme(context.Context) (string, error)               { return "dark", nil }
func (bigConfig) Defaults(context.Context) (DefaultModels, error)     { return DefaultModels{}, nil }
func (bigConfig) Providers(context.Context) ([]ProviderConfig, error) { return nil, nil }
func (bigConfig) Profiles(context.Context) ([]ProfileConfig, error)   { return nil, nil }
func (bigConfig) Templates(context.Context) ([]TemplateConfig, error) {
	return []TemplateConfig{{Name: "long", Body: strings.Repeat("a long template ", 1<<12)}}, nil
}

// A settings export over an earlier one that runs out of room leaves the
// earlier file as it was, and says why.
func TestSettingsExportWithoutRoomKeepsTheOldFile(t *testing.T) {
	f := newFixture(t)
	f.svc.deps.Config = bigConfig{}
	p := filepath.Join(t.TempDir(), "settings.json")
	os.WriteFile(p, []byte(`{"format":"an earlier export"}`), 0o600)
	var old syscall.Rlimit
	syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old)
	small := old
	small.Cur = 16 << 10
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &small); err != nil {
		t.Skipf("no file size limit here: %v", err)
	}
	err := f.svc.ExportSettingsFile(f.ctx, p)
	syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old)
	if !apperr.Is(err, apperr.Unavailable) || !strings.Contains(apperr.MessageOf(err), "larger than that disk takes") {
		t.Errorf("export error %q (%v)", apperr.MessageOf(err), err)
	}
	if b, _ := os.ReadFile(p); string(b) != `{"format":"an earlier export"}` {
		t.Errorf("the earlier export became %.40q", b)
	}
	if got := names(t, filepath.Dir(p)); len(got) != 1 {
		t.Errorf("left beside it: %v", got)
	}
}

// A restore that cannot fit beside the data dir is refused before it
// writes a byte: filling the disk would also stop the running app from
// saving (its database is on that disk). The size is the manifest's.
func TestRestoreTooBigForTheDiskWritesNothing(t *testing.T) {
	f := newFixture(t)
	p := f.backup(Options{})
	huge := rewrite(t, p, func(m *Manifest) {
		m.Entries[1].Size += 1 << 50 // a petabyte: no disk here has it free
		m.TotalBytes += 1 << 50
	}, "")
	beside := siblings(t, f.dataDir)
	_, err := f.svc.Restore(f.ctx, huge, "")
	if !apperr.Is(err, apperr.Unavailable) || !strings.Contains(apperr.MessageOf(err), "free") {
		t.Fatalf("restore error %q (%v)", apperr.MessageOf(err), err)
	}
	if got := siblings(t, f.dataDir); !slices.Equal(got, beside) {
		t.Fatalf("beside the data dir: %v, want %v", got, beside)
	}
}
