package mcp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/tools"
)

func toolByName(t *testing.T, list []tools.Tool, name string) tools.Tool {
	t.Helper()
	for _, tl := range list {
		if tl.Name == name {
			return tl
		}
	}
	t.Fatalf("no tool %s in %v", name, list)
	return tools.Tool{}
}

func TestStdioListsToolsWithAnnotations(t *testing.T) {
	h := newHarness(t, stdioServer(t, "test"))
	if st := h.status(t, "test"); st.State != tools.StateStopped {
		t.Fatalf("before first use: %s, want stopped (servers start lazily)", st.State)
	}
	list, err := h.Tools(testCtx(t), "test")
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 10 {
		t.Fatalf("got %d tools, want 10: %v", len(list), list)
	}
	echo := toolByName(t, list, "echo")
	if echo.Server != "test" || echo.Title != "Echo" || !echo.ReadOnly || echo.Destructive || !echo.Idempotent || echo.OpenWorld {
		t.Errorf("echo = %+v", echo)
	}
	var schema map[string]any
	if err := json.Unmarshal(echo.InputSchema, &schema); err != nil || schema["type"] != "object" {
		t.Errorf("echo schema = %s", echo.InputSchema)
	}
	del := toolByName(t, list, "delete_file")
	if del.ReadOnly || !del.Destructive || !del.OpenWorld {
		t.Errorf("delete_file = %+v", del)
	}
	crash := toolByName(t, list, "crash") // no annotations: MCP's defaults
	if crash.ReadOnly || !crash.Destructive || crash.Idempotent || !crash.OpenWorld {
		t.Errorf("crash = %+v", crash)
	}
	st := h.status(t, "test")
	if st.State != tools.StateReady || st.Tools != 10 || st.Error != "" {
		t.Errorf("status = %+v", st)
	}
	waitFor(t, "OnStatus to report ready", 5*time.Second, func() bool {
		s := h.states("test")
		return len(s) >= 2 && s[len(s)-1] == tools.StateReady
	})
	if s := h.states("test"); !slices.Equal(s[len(s)-2:], []string{tools.StateStarting, tools.StateReady}) {
		t.Errorf("OnStatus states = %v", s)
	}
}

func TestStdioCalls(t *testing.T) {
	h := newHarness(t, stdioServer(t, "test"))
	ctx := testCtx(t)
	res, err := h.Call(ctx, "test", "echo", json.RawMessage(`{"text":"hello"}`))
	if err != nil || res.Text != "hello" || res.IsError || res.Truncated || res.Bytes != 5 {
		t.Fatalf("echo = %+v, %v", res, err)
	}
	res, err = h.Call(ctx, "test", "add", json.RawMessage(`{"a":2,"b":3}`))
	if err != nil || res.Text != "5" || string(res.Structured) != `{"sum":5}` {
		t.Fatalf("add = %+v (structured %s), %v", res, res.Structured, err)
	}
	res, err = h.Call(ctx, "test", "add", json.RawMessage(`{"a":"x","b":3}`))
	if err != nil || !res.IsError {
		t.Fatalf("add with a string: %+v, %v; want an error result", res, err)
	}
	res, err = h.Call(ctx, "test", "delete_file", json.RawMessage(`{"name":"a.txt"}`))
	if err != nil || res.Text != "deleted a.txt" {
		t.Fatalf("delete_file = %+v, %v", res, err)
	}
	_, err = h.Call(ctx, "test", "echo", json.RawMessage(`[1,2]`))
	if apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(err.Error(), "not a JSON object") {
		t.Fatalf("array arguments: %v", err)
	}
	_, err = h.Call(ctx, "test", "nosuchtool", nil)
	if err == nil || !strings.Contains(err.Error(), "server test") {
		t.Fatalf("unknown tool: %v", err)
	}
	_, err = h.Call(ctx, "nosuch", "echo", nil)
	if apperr.CodeOf(err) != apperr.NotFound {
		t.Fatalf("unknown server: %v", err)
	}
}

func TestCancelSlowCall(t *testing.T) {
	h := newHarness(t, stdioServer(t, "test"))
	if _, err := h.Tools(testCtx(t), "test"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(testCtx(t))
	var cancelled time.Time
	time.AfterFunc(300*time.Millisecond, func() {
		cancelled = time.Now()
		cancel()
	})
	_, err := h.Call(ctx, "test", "slow", json.RawMessage(`{"seconds":30}`))
	returned := time.Now()
	if apperr.CodeOf(err) != apperr.Canceled || !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v (code %s), want canceled", err, apperr.CodeOf(err))
	}
	if d := returned.Sub(cancelled); d > time.Second {
		t.Fatalf("Call returned %s after cancel", d)
	}
	if !strings.Contains(err.Error(), "tool slow on server test was cancelled") {
		t.Errorf("message: %v", err)
	}
	// The server heard notifications/cancelled and stopped working.
	waitFor(t, "the server to log the cancellation", 5*time.Second, func() bool {
		return slices.ContainsFunc(h.status(t, "test").Stderr, func(l string) bool { return strings.HasPrefix(l, "slow: cancelled") })
	})
	if st := h.status(t, "test"); st.State != tools.StateReady {
		t.Fatalf("after a cancel the server is %s", st.State)
	}
}

func TestCallTimeout(t *testing.T) {
	cfg := stdioServer(t, "test")
	cfg.CallTimeout = 300 * time.Millisecond
	h := newHarness(t, cfg)
	_, err := h.Call(testCtx(t), "test", "slow", json.RawMessage(`{"seconds":30}`))
	want := "server test did not finish tool slow within 300 ms (its call timeout); the call was cancelled"
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v\nwant %s", err, want)
	}
	waitFor(t, "the server to log the cancellation", 5*time.Second, func() bool {
		return slices.ContainsFunc(h.status(t, "test").Stderr, func(l string) bool { return strings.HasPrefix(l, "slow: cancelled") })
	})
	res, err := h.Call(testCtx(t), "test", "echo", json.RawMessage(`{"text":"still here"}`))
	if err != nil || res.Text != "still here" {
		t.Fatalf("after a timeout: %+v, %v", res, err)
	}
}

func TestCrashMidCallThenBackoffThenRestart(t *testing.T) {
	h := newHarness(t, stdioServer(t, "test"))
	ctx := testCtx(t)
	_, err := h.Call(ctx, "test", "crash", nil)
	want := "server test exited (code 1) before answering tool crash; its last words: crash: exiting on purpose"
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v\nwant %s", err, want)
	}
	st := h.waitState(t, "test", tools.StateFailed)
	if !strings.Contains(st.Error, "server test exited (code 1)") || !strings.Contains(st.Error, "crash: exiting on purpose") {
		t.Errorf("status error = %q", st.Error)
	}
	if st.NextRetry != h.clock.Now().Add(time.Second).UnixMilli() {
		t.Errorf("NextRetry = %d, want now + 1 s", st.NextRetry)
	}
	// Inside the backoff window a call fails at once with the reason.
	start := time.Now()
	_, err = h.Call(ctx, "test", "echo", json.RawMessage(`{"text":"x"}`))
	if err == nil || !strings.Contains(err.Error(), "exited (code 1)") || !strings.Contains(err.Error(), "the next try is in 1 s") {
		t.Fatalf("inside the window: %v", err)
	}
	// Its reason is the failure's alone: the countdown changes, the reason does not.
	var me *Error
	if !errors.As(err, &me) || me.Reason() != st.Error || strings.Contains(me.Reason(), "next try") {
		t.Fatalf("reason = %v, want the status error %q", err, st.Error)
	}
	if time.Since(start) > 500*time.Millisecond {
		t.Errorf("a call inside the backoff window took %s", time.Since(start))
	}
	h.clock.Advance(1100 * time.Millisecond)
	res, err := h.Call(ctx, "test", "echo", json.RawMessage(`{"text":"back"}`))
	if err != nil || res.Text != "back" {
		t.Fatalf("after the window: %+v, %v", res, err)
	}
	if st := h.status(t, "test"); st.State != tools.StateReady {
		t.Fatalf("state after restart: %s", st.State)
	}
	// A second crash doubles the wait.
	h.Call(ctx, "test", "crash", nil)
	st = h.waitState(t, "test", tools.StateFailed)
	if st.NextRetry != h.clock.Now().Add(2*time.Second).UnixMilli() {
		t.Errorf("second NextRetry = %d, want now + 2 s", st.NextRetry)
	}
}

func TestBigResultIsCapped(t *testing.T) {
	h := newHarness(t, stdioServer(t, "test"))
	res, err := h.Call(testCtx(t), "test", "big", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Truncated || res.Bytes != 1<<20 || len(res.Text) != MaxResultText {
		t.Fatalf("big: truncated %v, bytes %d, text %d", res.Truncated, res.Bytes, len(res.Text))
	}
	res, err = h.Call(testCtx(t), "test", "big", json.RawMessage(`{"bytes":1000}`))
	if err != nil || res.Truncated || res.Bytes != 1000 || len(res.Text) != 1000 {
		t.Fatalf("big 1000: truncated %v, bytes %d, text %d, %v", res.Truncated, res.Bytes, len(res.Text), err)
	}
}

// A result over the SDK's line limit (16 MiB on stdio) cannot be read:
// the connection ends, and the call, the status and the model are told
// that the message was too big, not that the server died of a broken pipe
// (which it then does, writing to a pipe BookBag closed). The next use
// starts the server again.
func TestResultOverTheLineLimitSaysSo(t *testing.T) {
	h := newHarness(t, stdioServer(t, "test"))
	ctx := testCtx(t)
	_, err := h.Call(ctx, "test", "big", json.RawMessage(fmt.Sprintf(`{"bytes":%d}`, 17<<20)))
	if err == nil || !strings.Contains(err.Error(), "longer than 16 MiB") || strings.Contains(err.Error(), "signal") {
		t.Fatalf("call: %v", err)
	}
	if st := h.waitState(t, "test", tools.StateFailed); !strings.Contains(st.Error, "longer than 16 MiB") {
		t.Fatalf("status: %+v", st)
	}
	h.clock.Advance(time.Minute)
	if res, err := h.Call(ctx, "test", "echo", json.RawMessage(`{"text":"back"}`)); err != nil || res.Text != "back" {
		t.Fatalf("after: %q %v", res.Text, err)
	}
}

func TestToolListChanges(t *testing.T) {
	h := newHarness(t, stdioServer(t, "test"))
	ctx := testCtx(t)
	if _, err := h.Tools(ctx, "test"); err != nil {
		t.Fatal(err)
	}
	hasExtra := func() bool {
		list, err := h.Tools(ctx, "test")
		if err != nil {
			t.Fatal(err)
		}
		return slices.ContainsFunc(list, func(t tools.Tool) bool { return t.Name == "extra" })
	}
	for i, want := range []bool{true, false} {
		if res, err := h.Call(ctx, "test", "toggle", nil); err != nil {
			t.Fatalf("toggle: %+v, %v", res, err)
		}
		select {
		case name := <-h.changed:
			if name != "test" {
				t.Fatalf("OnToolsChanged(%q)", name)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("toggle %d: OnToolsChanged was not called", i)
		}
		if got := hasExtra(); got != want {
			t.Fatalf("toggle %d: extra listed = %v, want %v", i, got, want)
		}
		if st := h.status(t, "test"); st.Tools != 10+boolInt(want) {
			t.Fatalf("toggle %d: status counts %d tools", i, st.Tools)
		}
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestDisabledAndUnknown(t *testing.T) {
	cfg := stdioServer(t, "off")
	cfg.Disabled = true
	h := newHarness(t, cfg)
	if st := h.status(t, "off"); st.State != tools.StateDisabled {
		t.Fatalf("state %s", st.State)
	}
	_, err := h.Tools(testCtx(t), "off")
	if err == nil || err.Error() != "server off is disabled in Settings" {
		t.Fatalf("disabled: %v", err)
	}
}

// A server that announced a change and does not list again holds a caller
// only until its context ends (the chat's Stop), not for its init timeout.
func TestStopEndsTheWaitForAList(t *testing.T) {
	h := newHarness(t, stdioServer(t, "slow", "-mode", "slow-relist"))
	ctx := testCtx(t)
	if _, err := h.Tools(ctx, "slow"); err != nil {
		t.Fatal(err)
	}
	if _, err := h.Call(ctx, "slow", "toggle", nil); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the server to hold a tools/list", 10*time.Second, func() bool {
		return slices.ContainsFunc(h.status(t, "slow").Stderr, func(l string) bool { return strings.Contains(l, "holding") })
	})
	if _, err := h.Call(ctx, "slow", "toggle", nil); err != nil { // a second change, not listed yet
		t.Fatal(err)
	}
	h.Manager.mu.Lock()
	s := h.servers["slow"]
	h.Manager.mu.Unlock()
	waitFor(t, "the second change to be pending", 10*time.Second, func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.conn != nil && s.conn.stale.Load()
	})
	stopped, stop := context.WithCancel(ctx)
	stop()
	if _, err := h.Tools(stopped, "slow"); apperr.CodeOf(err) != apperr.Canceled {
		t.Fatalf("tools of a server that does not list again, after Stop: %v", err)
	}
}

// A call whose server is switched off in Settings while it runs ends at
// once, saying so; its error wraps context.Canceled, which is why the
// tools service tells a stop of the answer by the answer's own context
// (TestCallEndedByItsServerIsNotAStop there).
func TestServerStoppedMidCall(t *testing.T) {
	cfg := stdioServer(t, "test")
	h := newHarness(t, cfg)
	ctx := testCtx(t)
	done := make(chan error, 1)
	go func() {
		_, err := h.Call(ctx, "test", "slow", json.RawMessage(`{"seconds": 60}`))
		done <- err
	}()
	waitFor(t, "the call to run", 15*time.Second, func() bool {
		return slices.ContainsFunc(h.status(t, "test").Stderr, func(l string) bool { return strings.Contains(l, "slow: started") })
	})
	cfg.Disabled = true
	if err := h.Configure([]ServerConfig{cfg}); err != nil {
		t.Fatal(err)
	}
	err := <-done
	if err == nil || !strings.Contains(err.Error(), "server test was stopped (it was removed or changed in Settings)") ||
		!errors.Is(err, context.Canceled) || ctx.Err() != nil {
		t.Fatalf("call: %v", err)
	}
}
