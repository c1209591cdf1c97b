package blob

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"bookbag/backend/apperr"
)

func TestPutOpenHasDelete(t *testing.T) {
	ctx := context.Background()
	s, err := New(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	data := []byte("hello, content-addressed world")
	sum := sha256.Sum256(data)
	ref, err := s.PutBytes(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	if ref.SHA256 != hex.EncodeToString(sum[:]) || ref.Size != int64(len(data)) {
		t.Fatalf("ref %+v", ref)
	}
	p, _ := s.Path(ref.SHA256)
	if !strings.Contains(p, filepath.Join(DirName, ref.SHA256[:2], ref.SHA256[2:4])) {
		t.Fatalf("not sharded: %s", p)
	}
	if ok, _ := s.Has(ref.SHA256); !ok {
		t.Fatal("Has = false after Put")
	}
	f, err := s.Open(ref.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(f)
	f.Close()
	if !bytes.Equal(got, data) {
		t.Fatal("content differs")
	}
	// Same content by path gives the same ref.
	src := filepath.Join(t.TempDir(), "x.txt")
	os.WriteFile(src, data, 0o600)
	ref2, err := s.PutFile(ctx, src)
	if err != nil || ref2 != ref {
		t.Fatalf("PutFile %+v %v", ref2, err)
	}
	if err := s.Delete(ref.SHA256); err != nil {
		t.Fatal(err)
	}
	if ok, _ := s.Has(ref.SHA256); ok {
		t.Fatal("Has = true after Delete")
	}
	if err := s.Delete(ref.SHA256); err != nil {
		t.Fatalf("second delete: %v", err)
	}
	if _, err := s.Open(ref.SHA256); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("open deleted: %v", err)
	}
}

func TestSizeLimitLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	s, _ := New(dir, Options{MaxSize: 10})
	if _, err := s.PutBytes(context.Background(), make([]byte, 11)); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("want invalid, got %v", err)
	}
	src := filepath.Join(t.TempDir(), "big")
	os.WriteFile(src, make([]byte, 11), 0o600)
	if _, err := s.PutFile(context.Background(), src); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("want invalid, got %v", err)
	}
	if _, err := s.PutBytes(context.Background(), make([]byte, 10)); err != nil {
		t.Fatalf("at the limit: %v", err)
	}
	left, _ := os.ReadDir(filepath.Join(dir, DirName, "tmp"))
	if len(left) != 0 {
		t.Fatalf("temp files left: %d", len(left))
	}
}

func TestInvalidAndMissing(t *testing.T) {
	s, _ := New(t.TempDir(), Options{})
	for _, bad := range []string{"", "../../etc/passwd", strings.Repeat("g", 64), strings.Repeat("A", 64)} {
		if _, err := s.Open(bad); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("Open(%q): %v", bad, err)
		}
	}
	if _, err := s.PutFile(context.Background(), filepath.Join(t.TempDir(), "nope")); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("missing file: %v", err)
	}
	if _, err := s.PutFile(context.Background(), t.TempDir()); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("folder: %v", err)
	}
}

func TestConcurrentSameContent(t *testing.T) {
	s, _ := New(t.TempDir(), Options{})
	data := bytes.Repeat([]byte("abc"), 100000)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.PutBytes(context.Background(), data)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestCancelledPut(t *testing.T) {
	s, _ := New(t.TempDir(), Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.PutBytes(ctx, []byte("x")); err == nil {
		t.Fatal("cancelled put succeeded")
	}
}
