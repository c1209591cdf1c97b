package blob

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// age sets a stored file's modification time back by d.
func age(t *testing.T, s *Store, sum string, d time.Duration) {
	t.Helper()
	old := time.Now().Add(-d)
	if err := os.Chtimes(s.path(sum), old, old); err != nil {
		t.Fatal(err)
	}
}

func TestSweepRemovesOldUnnamedFilesOnly(t *testing.T) {
	ctx := context.Background()
	s, err := New(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	put := func(text string) string {
		ref, err := s.PutBytes(ctx, []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		return ref.SHA256
	}
	named, orphan, fresh, namedLate := put("a document"), put("an image a crash left"), put("stored during this run"), put("named while the sweep ran")
	for _, sum := range []string{named, orphan, namedLate} {
		age(t, s, sum, time.Hour)
	}
	// An interrupted Put's temporary file from the last run, and a running one's.
	oldTmp, newTmp := filepath.Join(s.dir, "tmp", "put-old"), filepath.Join(s.dir, "tmp", "put-new")
	for _, p := range []string{oldTmp, newTmp} {
		if err := os.WriteFile(p, []byte("half"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-time.Hour)
	os.Chtimes(oldTmp, old, old)
	stray := filepath.Join(s.dir, "README")
	os.WriteFile(stray, []byte("not a blob"), 0o600)
	os.Chtimes(stray, old, old)

	start := time.Now().Add(-time.Minute)
	list := func(context.Context) (map[string]bool, error) { return map[string]bool{named: true}, nil }
	// namedLate is not in the list but a row names it by the time it is checked.
	inUse := func(_ context.Context, sum string) (bool, error) { return sum == named || sum == namedLate, nil }
	got, err := s.Sweep(ctx, start, list, inUse)
	if err != nil {
		t.Fatal(err)
	}
	if got.Files != 4 || got.Removed != 1 || got.RemovedBytes != int64(len("an image a crash left")) || got.Temp != 1 {
		t.Fatalf("swept %+v, want 4 files, 1 removed, 1 temp", got)
	}
	for sum, want := range map[string]bool{named: true, orphan: false, fresh: true, namedLate: true} {
		if ok, _ := s.Has(sum); ok != want {
			t.Errorf("Has(%s) = %v after the sweep, want %v", sum[:8], ok, want)
		}
	}
	for p, want := range map[string]bool{oldTmp: false, newTmp: true, stray: true} {
		if _, err := os.Stat(p); (err == nil) != want {
			t.Errorf("%s kept = %v, want %v", filepath.Base(p), err == nil, want)
		}
	}
}

// A file stored again during this run (the same image imported twice, the
// second time after a crash) is about to be named; the sweep must keep it.
func TestSweepKeepsAFileStoredAgainThisRun(t *testing.T) {
	ctx := context.Background()
	s, err := New(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	ref, _ := s.PutBytes(ctx, []byte("same bytes"))
	age(t, s, ref.SHA256, time.Hour)
	start := time.Now().Add(-time.Minute)
	if _, err := s.PutBytes(ctx, []byte("same bytes")); err != nil {
		t.Fatal(err)
	}
	none := func(context.Context) (map[string]bool, error) { return nil, nil }
	unused := func(context.Context, string) (bool, error) { return false, nil }
	got, err := s.Sweep(ctx, start, none, unused)
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := s.Has(ref.SHA256); !ok || got.Removed != 0 {
		t.Fatalf("file stored again this run was swept (%+v)", got)
	}
}

func TestSweepStopsWhenTheListFails(t *testing.T) {
	ctx := context.Background()
	s, _ := New(t.TempDir(), Options{})
	ref, _ := s.PutBytes(ctx, []byte("x"))
	age(t, s, ref.SHA256, time.Hour)
	broken := func(context.Context) (map[string]bool, error) { return nil, os.ErrPermission }
	unused := func(context.Context, string) (bool, error) { return false, nil }
	if _, err := s.Sweep(ctx, time.Now(), broken, unused); err == nil {
		t.Fatal("no error when the named files cannot be listed")
	}
	if ok, _ := s.Has(ref.SHA256); !ok {
		t.Fatal("a file was removed although the named files could not be listed")
	}
}
