//go:build linux

package mcp

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// alive reports whether pid is a live process (a zombie is not: it only
// waits for its parent, which in a container may never reap it).
func alive(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	return i < 0 || i+2 >= len(s) || s[i+2] != 'Z'
}

// allGone fails unless every pid is gone soon after Close: SIGKILL is
// sent to the whole group before Close returns, but the kernel ends the
// processes a moment later.
func allGone(t *testing.T, pids ...int) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for _, p := range pids {
		for alive(p) && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if alive(p) {
			t.Errorf("pid %d survived Close", p)
		}
	}
}

// wrapped runs the test server under sh with a grandchild that ignores
// stdin (sleep), which sh reports on stderr: the shape of npx -> node,
// where only killing the process group reaches everything.
func wrapped(t *testing.T, name, script string) ServerConfig {
	return ServerConfig{
		Name: name, Transport: TransportStdio, Command: "/bin/sh",
		Args:        []string{"-c", script, serverBin(t)},
		InitTimeout: 10 * time.Second,
	}
}

const withGrandchild = `sleep 1000 & echo "grandchild $!" >&2; "$0" "$@"; echo bye >&2`

// pids finds the shell, the server and the grandchild of a wrapped server.
func pids(t *testing.T, h *harness, name string) (sh, srv, grandchild int) {
	t.Helper()
	ctx := testCtx(t)
	res, err := h.Call(ctx, name, "pid", nil)
	if err != nil {
		t.Fatal(err)
	}
	srv, _ = strconv.Atoi(res.Text)
	for _, l := range h.status(t, name).Stderr {
		if v, ok := strings.CutPrefix(l, "grandchild "); ok {
			grandchild, _ = strconv.Atoi(v)
		}
	}
	h.mu.Lock()
	s := h.servers[name]
	h.mu.Unlock()
	s.mu.Lock()
	sh = s.conn.proc.cmd.Process.Pid
	s.mu.Unlock()
	if sh == 0 || srv == 0 || grandchild == 0 || sh == srv {
		t.Fatalf("pids: sh %d, server %d, grandchild %d", sh, srv, grandchild)
	}
	for _, p := range []int{sh, srv, grandchild} {
		if !alive(p) {
			t.Fatalf("pid %d is not running", p)
		}
	}
	return sh, srv, grandchild
}

func TestCloseLeavesNoProcess(t *testing.T) {
	h := newHarness(t, wrapped(t, "tree", withGrandchild), stdioServer(t, "plain"))
	sh, srv, grandchild := pids(t, h, "tree")
	plain, err := h.Call(testCtx(t), "plain", "pid", nil)
	if err != nil {
		t.Fatal(err)
	}
	plainPid, _ := strconv.Atoi(plain.Text)
	// A call in flight does not hold Close up.
	callDone := make(chan error, 1)
	go func() {
		_, err := h.Call(context.Background(), "plain", "slow", json.RawMessage(`{"seconds":60}`))
		callDone <- err
	}()
	waitFor(t, "the slow call to reach the server", 5*time.Second, func() bool {
		h.mu.Lock()
		s := h.servers["plain"]
		h.mu.Unlock()
		return slices.ContainsFunc(s.stderr.snapshot(), func(l string) bool { return strings.HasPrefix(l, "slow: started") })
	})
	closed := make(chan struct{})
	go func() {
		h.Close()
		close(closed)
	}()
	select {
	case <-closed:
	case <-time.After(15 * time.Second):
		t.Fatal("Close did not return")
	}
	allGone(t, sh, srv, grandchild, plainPid)
	select {
	case err := <-callDone:
		if err == nil || !strings.Contains(err.Error(), "server plain was stopped (the app is closing)") {
			t.Errorf("the call in flight ended with %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Error("the call in flight did not end")
	}
	if _, err := h.Tools(testCtx(t), "plain"); err == nil || err.Error() != "the MCP client is closed" {
		t.Errorf("after Close: %v", err)
	}
}

// A server that ignores both its closed stdin and SIGTERM is killed.
func TestStubbornServerIsKilled(t *testing.T) {
	// sh ignores TERM and so does the sleep it becomes once the server
	// has exited on its closed stdin.
	h := newHarness(t, wrapped(t, "stubborn", `trap "" TERM; sleep 1000 & echo "grandchild $!" >&2; "$0" "$@"; exec sleep 1000`))
	sh, srv, grandchild := pids(t, h, "stubborn")
	h.Close()
	allGone(t, sh, srv, grandchild)
}

// Configure keeps unchanged servers running, restarts changed ones and
// stops removed ones.
func TestConfigureKeepsUnchanged(t *testing.T) {
	keep, change, remove := stdioServer(t, "keep"), stdioServer(t, "change"), stdioServer(t, "remove")
	h := newHarness(t, keep, change, remove)
	pid := func(name string) int {
		t.Helper()
		res, err := h.Call(testCtx(t), name, "pid", nil)
		if err != nil {
			t.Fatal(err)
		}
		p, _ := strconv.Atoi(res.Text)
		return p
	}
	keepPid, changePid, removePid := pid("keep"), pid("change"), pid("remove")
	changed := change
	changed.Env = map[string]string{"X": "1"}
	keepCopy := keep
	keepCopy.Env = map[string]string{} // empty equals nil: unchanged
	if err := h.Configure([]ServerConfig{keepCopy, changed}); err != nil {
		t.Fatal(err)
	}
	if got := pid("keep"); got != keepPid {
		t.Errorf("keep restarted: %d -> %d", keepPid, got)
	}
	if got := pid("change"); got == changePid {
		t.Error("change was not restarted")
	}
	waitFor(t, "the old processes to end", 10*time.Second, func() bool { return !alive(changePid) && !alive(removePid) })
	if _, err := h.Tools(testCtx(t), "remove"); err == nil || !strings.Contains(err.Error(), `no MCP server named "remove"`) {
		t.Errorf("removed server: %v", err)
	}
}

func TestRestart(t *testing.T) {
	h := newHarness(t, stdioServer(t, "test"))
	ctx := testCtx(t)
	res, err := h.Call(ctx, "test", "pid", nil)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := strconv.Atoi(res.Text)
	h.Call(ctx, "test", "crash", nil)
	h.waitState(t, "test", "failed")
	if err := h.Restart(ctx, "test"); err != nil { // inside the backoff window: Restart ignores it
		t.Fatal(err)
	}
	res, err = h.Call(ctx, "test", "pid", nil)
	if err != nil {
		t.Fatal(err)
	}
	if after, _ := strconv.Atoi(res.Text); after == before || alive(before) {
		t.Fatalf("pid %d -> %d", before, after)
	}
}

// Many first uses at once start the server once.
func TestConcurrentFirstUseStartsOnce(t *testing.T) {
	h := newHarness(t, stdioServer(t, "test"))
	ctx := testCtx(t)
	got := make(chan string, 8)
	for range 8 {
		go func() {
			res, err := h.Call(ctx, "test", "pid", nil)
			if err != nil {
				got <- err.Error()
				return
			}
			got <- res.Text
		}()
	}
	first := <-got
	for range 7 {
		if p := <-got; p != first {
			t.Fatalf("pids differ: %s, %s", first, p)
		}
	}
}
