//go:build !windows

package backup

import (
	"crypto/rand"
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
