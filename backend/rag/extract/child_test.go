package extract

import (
	"context"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"bookbag/backend/apperr"
)

// A hanging, crashing or memory-hungry PDF parser costs one document an
// error with a reason; the test process (standing in for the app) goes on.
func TestChildContainment(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns children")
	}
	cases := []struct {
		mode, want string
		limits     Limits
	}{
		{"selftest-hang", "took too long", Limits{PDFTimeout: 500 * time.Millisecond}},
		{"selftest-crash", "crashed", Limits{}},
	}
	if runtime.GOOS == "linux" {
		cases = append(cases, struct {
			mode, want string
			limits     Limits
		}{"selftest-alloc", "too much memory", Limits{PDFMemory: 64 << 20, PDFTimeout: 20 * time.Second}})
	}
	for _, c := range cases {
		t.Run(c.mode, func(t *testing.T) {
			r := &childRunner{limits: c.limits.withDefaults(), mode: c.mode}
			start := time.Now()
			_, err := r.run(context.Background(), "unused.pdf")
			if err == nil || !apperr.Is(err, apperr.Invalid) || !strings.Contains(apperr.MessageOf(err), c.want) {
				t.Fatalf("want %q, got %v", c.want, err)
			}
			t.Logf("%s: %v after %v", c.mode, err, time.Since(start))
		})
	}
}

func TestChildCancel(t *testing.T) {
	r := &childRunner{limits: Limits{}.withDefaults(), mode: "selftest-hang"}
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(200 * time.Millisecond); cancel() }()
	if _, err := r.run(ctx, "unused.pdf"); err == nil || !apperr.Is(err, apperr.Canceled) {
		t.Fatalf("want canceled, got %v", err)
	}
}

func TestChildNeedsEntryPoint(t *testing.T) {
	// A program that does not call RunChildIfRequested answers nothing the
	// parent understands: a clear error, not a hang or a fork loop.
	r := &childRunner{exe: "/bin/true", limits: Limits{}.withDefaults()}
	if runtime.GOOS == "windows" {
		t.Skip("no /bin/true")
	}
	_, err := r.run(context.Background(), filepath.Join(t.TempDir(), "x.pdf"))
	if err == nil || !strings.Contains(err.Error(), "RunChildIfRequested") {
		t.Fatalf("got %v", err)
	}
}
