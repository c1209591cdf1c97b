package extract

import (
	"context"
	"os"
	"testing"
)

func TestZZDump(t *testing.T) {
	p := os.Getenv("DUMP")
	if p == "" {
		t.Skip()
	}
	d, err := New(Options{}).File(context.Background(), p, p)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile("/tmp/dump.txt", []byte(d.Text), 0o644)
}
