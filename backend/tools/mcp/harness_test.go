package mcp

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"bookbag/backend/tools"
	"bookbag/backend/tools/mcp/mcptest"
)

// The test server, built once per run.
var (
	testServerBin string
	testBuildErr  error
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "bookbag-mcp-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	testServerBin, testBuildErr = mcptest.Build(dir, "bookbag/cmd/bookbag-mcptest")
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func serverBin(t testing.TB) string {
	t.Helper()
	if testBuildErr != nil {
		t.Fatal(testBuildErr)
	}
	return testServerBin
}

// fakeClock is the Manager's clock in tests: the backoff window passes
// when the test says so.
type fakeClock struct{ ns atomic.Int64 }

func (c *fakeClock) Now() time.Time          { return time.Unix(0, c.ns.Load()) }
func (c *fakeClock) Advance(d time.Duration) { c.ns.Add(int64(d)) }

// harness is a Manager with recorded callbacks.
type harness struct {
	*Manager
	clock *fakeClock

	mu       sync.Mutex
	statuses []tools.ServerStatus
	changed  chan string
}

// testEnv is the process environment without SHELL, so tests do not run
// the login shell (the tests of that set SHELL themselves).
func testEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "SHELL=") {
			out = append(out, kv)
		}
	}
	return out
}

func newHarness(t testing.TB, servers ...ServerConfig) *harness {
	t.Helper()
	h := &harness{clock: &fakeClock{}, changed: make(chan string, 100)}
	h.clock.Advance(1_700_000_000 * time.Second)
	h.Manager = NewManager(Options{
		Logger: slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelInfo})),
		OnStatus: func(s tools.ServerStatus) {
			h.mu.Lock()
			h.statuses = append(h.statuses, s)
			h.mu.Unlock()
		},
		OnToolsChanged: func(name string) { h.changed <- name },
		Env:            testEnv,
		Now:            h.clock.Now,
	})
	h.stdinGrace, h.termGrace = 500*time.Millisecond, 500*time.Millisecond
	t.Cleanup(func() { h.Close() })
	if len(servers) > 0 {
		if err := h.Configure(servers); err != nil {
			t.Fatal(err)
		}
	}
	return h
}

// states is the sequence of states OnStatus reported for name.
func (h *harness) states(name string) []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []string
	for _, s := range h.statuses {
		if s.Name == name {
			out = append(out, s.State)
		}
	}
	return out
}

func (h *harness) status(t testing.TB, name string) tools.ServerStatus {
	t.Helper()
	for _, s := range h.Status() {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no status for %s", name)
	return tools.ServerStatus{}
}

// waitFor polls until cond holds, failing the test at the deadline.
func waitFor(t testing.TB, what string, d time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (h *harness) waitState(t testing.TB, name, state string) tools.ServerStatus {
	t.Helper()
	var st tools.ServerStatus
	waitFor(t, name+" to be "+state, 15*time.Second, func() bool {
		st = h.status(t, name)
		return st.State == state
	})
	return st
}

func stdioServer(t testing.TB, name string, args ...string) ServerConfig {
	return ServerConfig{Name: name, Transport: TransportStdio, Command: serverBin(t), Args: args, InitTimeout: 10 * time.Second}
}

// testCtx bounds one test's calls: nothing may hang.
func testCtx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// startHTTPServer runs the test server over http or sse and returns its URL.
func startHTTPServer(t testing.TB, transport string, args ...string) string {
	t.Helper()
	url, _ := runHTTPServer(t, transport, args...)
	return url
}

// runHTTPServer is startHTTPServer that also gives the process, to kill.
func runHTTPServer(t testing.TB, transport string, args ...string) (string, *exec.Cmd) {
	t.Helper()
	cmd := exec.Command(serverBin(t), append([]string{"-transport", transport}, args...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "BOOKBAG_MCPTEST_URL="); ok {
				lines <- u
			}
		}
	}()
	select {
	case u := <-lines:
		return u, cmd
	case <-time.After(10 * time.Second):
		t.Fatal("the test server did not print its URL")
	}
	return "", cmd
}

// testWriter sends log lines to t.Log, until the test ends.
type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
