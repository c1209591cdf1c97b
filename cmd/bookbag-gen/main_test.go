package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestRunFillsADataDir(t *testing.T) {
	var out bytes.Buffer
	dir := t.TempDir()
	err := run(context.Background(), []string{"-data", dir, "-messages", "300", "-long", "40", "-documents", "2", "-chunks", "3", "-q"}, &out,
		func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "2 workspaces") || !strings.Contains(out.String(), "340 messages") || !strings.Contains(out.String(), "long chat: ") {
		t.Fatalf("output %q", out.String())
	}
	out.Reset()
	if err := run(context.Background(), []string{"-queries", "3"}, &out, func(string) string { return "" }); err != nil || strings.Count(out.String(), "\n") != 3 {
		t.Fatalf("queries %q %v", out.String(), err)
	}
	if err := run(context.Background(), nil, &out, func(string) string { return "" }); err == nil {
		t.Fatal("no data dir accepted")
	}
}
