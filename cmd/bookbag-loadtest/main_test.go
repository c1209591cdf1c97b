package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// A short run keeps the load test working; the real one is `make bench`.
func TestShortRunLosesNothing(t *testing.T) {
	var out bytes.Buffer
	cfg := config{clients: 4, workspaces: 2, batch: 5, duration: 1500 * time.Millisecond}
	if err := run(context.Background(), cfg, &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "**0 lost**") || !strings.Contains(out.String(), "| events (SSE) |") ||
		!strings.Contains(out.String(), "| long poll (/wait) |") {
		t.Fatalf("report:\n%s", out.String())
	}
}
