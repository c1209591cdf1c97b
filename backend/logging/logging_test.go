package logging

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWritesJSONLinesAndRotatesBySize(t *testing.T) {
	dir := t.TempDir()
	log, closer, err := New(dir, Options{MaxSizeMB: 1, MaxBackups: 2})
	if err != nil {
		t.Fatal(err)
	}
	big := strings.Repeat("x", 10_000)
	for i := 0; i < 400; i++ { // ~4 MB: must rotate, and keep at most 2 backups
		log.Info("filler", "i", i, "pad", big)
	}
	closer.Close()
	entries, _ := os.ReadDir(Dir(dir))
	var total int64
	for _, e := range entries {
		fi, _ := e.Info()
		total += fi.Size()
	}
	if len(entries) < 2 || len(entries) > 3 {
		t.Fatalf("want current + up to 2 backups, got %d files", len(entries))
	}
	if total > 3*1024*1024+100_000 {
		t.Fatalf("log folder not bounded: %d bytes", total)
	}
	b, _ := os.ReadFile(filepath.Join(Dir(dir), "bookbag.log"))
	if !strings.Contains(string(b), `"msg":"filler"`) {
		t.Fatal("not JSON lines")
	}
}
