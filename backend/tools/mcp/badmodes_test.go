package mcp

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/tools"
)

// Every way a server can fail to start ends in a failed status and an
// error that says what happened, never a hang.
func TestBadServersFailInWords(t *testing.T) {
	missingDir := filepath.Join(t.TempDir(), "gone")
	script := filepath.Join(t.TempDir(), "script.sh")
	if err := os.WriteFile(script, []byte("#!/bin/sh\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		cfg   func(ServerConfig) ServerConfig
		args  []string
		want  string // the whole message, or its start when it ends in "…"
		lines []string
	}{{
		name: "exit-at-once",
		args: []string{"-mode", "exit-at-once"},
		want: "server exit-at-once exited (code 1) before answering initialize; its last words: exit-at-once: leaving before a word of MCP",
	}, {
		name: "stderr-noise",
		args: []string{"-mode", "stderr-noise"},
		want: "server stderr-noise exited (code 3) before answering initialize; its last words: noise line 48 | noise line 49 | noise line 50",
		lines: func() []string {
			var l []string
			for i := 31; i <= 50; i++ {
				l = append(l, fmt.Sprintf("noise line %d", i))
			}
			return l
		}(),
	}, {
		name: "garbage-stdout",
		args: []string{"-mode", "garbage-stdout"},
		cfg:  func(c ServerConfig) ServerConfig { c.InitTimeout = time.Second; return c },
		want: "server garbage-stdout did not answer initialize within 1 s; it wrote to stdout what is not MCP: this is not JSON-RPC (line 2) | this is not JSON-RPC (line 3) (a stdio MCP server must write only JSON-RPC messages to stdout; logs belong on stderr)",
	}, {
		name: "no-initialize",
		args: []string{"-mode", "no-initialize"},
		cfg:  func(c ServerConfig) ServerConfig { c.InitTimeout = 700 * time.Millisecond; return c },
		want: "server no-initialize did not answer initialize within 700 ms",
	}, {
		name: "not-found",
		cfg:  func(c ServerConfig) ServerConfig { c.Command = "bookbag-no-such-command"; return c },
		want: "server not-found: command bookbag-no-such-command not found on the PATH (the login shell's PATH and the usual install folders were searched); install it, or give its full path as the command",
	}, {
		name: "missing-path",
		cfg:  func(c ServerConfig) ServerConfig { c.Command = "/nonexistent/bin/server"; return c },
		want: "server missing-path: command /nonexistent/bin/server not found",
	}, {
		name: "not-executable",
		cfg:  func(c ServerConfig) ServerConfig { c.Command = script; return c },
		want: "server not-executable: command " + script + " cannot be run: it is not executable",
	}, {
		name: "missing-dir",
		cfg:  func(c ServerConfig) ServerConfig { c.Dir = missingDir; return c },
		want: "server missing-dir: its working directory " + missingDir + " does not exist",
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := stdioServer(t, tc.name, tc.args...)
			if tc.cfg != nil {
				cfg = tc.cfg(cfg)
			}
			h := newHarness(t, cfg)
			_, err := h.Tools(testCtx(t), tc.name)
			if err == nil {
				t.Fatal("no error")
			}
			if prefix, ok := strings.CutSuffix(tc.want, "…"); ok {
				if !strings.HasPrefix(err.Error(), prefix) {
					t.Fatalf("error:\n%s\nwant it to start with:\n%s", err, prefix)
				}
			} else if err.Error() != tc.want {
				t.Fatalf("error:\n%s\nwant:\n%s", err, tc.want)
			}
			if apperr.CodeOf(err) == apperr.Internal {
				t.Errorf("code %s", apperr.CodeOf(err))
			}
			st := h.status(t, tc.name)
			if st.State != tools.StateFailed || st.Error != err.Error() || st.NextRetry == 0 {
				t.Errorf("status = %+v", st)
			}
			if tc.lines != nil && !slices.Equal(st.Stderr, tc.lines) {
				t.Errorf("stderr lines = %q", st.Stderr)
			}
		})
	}
}

// A banner and JSON log lines on stdout are skipped, as the TypeScript
// SDK does: the server works.
func TestBannerOnStdoutIsSkipped(t *testing.T) {
	h := newHarness(t, stdioServer(t, "banner", "-mode", "banner-stdout"))
	list, err := h.Tools(testCtx(t), "banner")
	if err != nil || len(list) != 10 {
		t.Fatalf("tools: %d, %v", len(list), err)
	}
}

// A server that sends a line of JSON cut short (a result the SDK cannot
// decode, which ends the connection) fails the call in those words, with
// the start of what it sent, not as a server that exited by itself (it
// exits only after BookBag closed its stdin). The next use starts it again.
func TestMalformedJSONFailsInWords(t *testing.T) {
	h := newHarness(t, stdioServer(t, "bad", "-mode", "bad-json"))
	ctx := testCtx(t)
	_, err := h.Call(ctx, "bad", "echo", json.RawMessage(`{"text":"BADJSON"}`))
	if err == nil || !strings.Contains(err.Error(), "server bad sent a message that is not valid JSON") ||
		!strings.Contains(err.Error(), `{"jsonrpc":"2.0"`) || strings.Contains(err.Error(), "exited") {
		t.Fatalf("call: %v", err)
	}
	if st := h.waitState(t, "bad", tools.StateFailed); !strings.Contains(st.Error, "not valid JSON") {
		t.Fatalf("status: %+v", st)
	}
	h.clock.Advance(time.Minute)
	if res, err := h.Call(ctx, "bad", "echo", json.RawMessage(`{"text":"fine"}`)); err != nil || res.Text != "fine" {
		t.Fatalf("after: %q %v", res.Text, err)
	}
}

// A tool whose inputSchema is not an object schema is left out, with a
// warning in the status; the server's other tools work.
func TestBadSchemaToolIsSkipped(t *testing.T) {
	h := newHarness(t, stdioServer(t, "bad", "-mode", "bad-schema"))
	list, err := h.Tools(testCtx(t), "bad")
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 10 || slices.ContainsFunc(list, func(t tools.Tool) bool { return t.Name == "broken" }) {
		t.Fatalf("tools = %v", list)
	}
	st := h.status(t, "bad")
	want := []string{`tool broken: its inputSchema is not a JSON object schema (got "string"); the tool is left out`}
	if st.State != tools.StateReady || st.Tools != 10 || !slices.Equal(st.Warnings, want) {
		t.Fatalf("status = %+v", st)
	}
}

// A server that quotes its own secret (an env or header value) on stderr
// or stdout: the status, the error and the log show it hidden, also
// where a long line is cut; short values and paths stay readable.
func TestServerSecretsHiddenFromItsWords(t *testing.T) {
	const key = "sk-live-0123456789abcdef"
	var logs strings.Builder
	var mu sync.Mutex
	h := newHarness(t)
	h.log = slog.New(slog.NewTextHandler(lockedWriter{&mu, &logs}, nil))
	cfg := stdioServer(t, "leaky", "-mode", "leak-secret")
	cfg.Env = map[string]string{"MCPTEST_KEY": key, "DEBUG": "1", "ROOT": "/srv/data/projects"}
	if err := h.Configure([]ServerConfig{cfg}); err != nil {
		t.Fatal(err)
	}
	_, err := h.Tools(testCtx(t), "leaky")
	if err == nil || strings.Contains(err.Error(), key) || !strings.Contains(err.Error(), "[hidden]") {
		t.Fatalf("error: %v", err)
	}
	st := h.status(t, "leaky")
	lines := strings.Join(st.Stderr, "\n")
	// Not even the start of the key, where a long line is cut.
	if strings.Contains(lines, key[:10]) || !strings.Contains(lines, strings.Repeat("x", 990)+"[hidden]") {
		t.Fatalf("a long line shows part of the key: %+v", st)
	}
	if strings.Contains(lines, key) || strings.Contains(st.Error, key) ||
		!strings.Contains(lines, `api_key "[hidden]" is not valid (DEBUG=1, root /srv/data/projects)`) {
		t.Fatalf("status %+v", st)
	}
	mu.Lock()
	defer mu.Unlock()
	if strings.Contains(logs.String(), key) || !strings.Contains(logs.String(), "api_key=[hidden]") {
		t.Fatalf("logs:\n%s", logs.String())
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
