package server_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"bookbag/backend/server/servertest"
	"bookbag/backend/syncproto"
)

// Inputs the server cannot use are refused, never read leniently: a bad
// audit cursor (400 like every other cursor), a body in a coding it does not
// read (415), a long poll longer than the server's limit (capped, and the
// answer says so).
func TestBadInputsAreRefusedConsistently(t *testing.T) {
	servertest.ForEach(t, func(t *testing.T, b servertest.Backend) {
		o := newOffice(t, b)
		do := func(c *syncproto.Client, method, path string, body []byte, header ...string) (int, string) {
			return request(t, o.env, c, method, path, body, header...)
		}
		for _, path := range []string{"/api/admin/audit?before=abc", "/api/workspaces/ws/audit?before=abc",
			"/api/admin/audit?limit=-1", "/api/workspaces/ws/pull?after=x", "/api/workspaces/ws/wait?timeout=soon"} {
			if st, body := do(o.admin, "GET", path, nil); st != http.StatusBadRequest || !strings.Contains(body, `"invalid"`) {
				t.Errorf("GET %s: %d %s, want 400 invalid", path, st, body)
			}
		}
		// A real cursor still pages.
		st, body := do(o.admin, "GET", "/api/admin/audit?limit=1", nil)
		var page syncproto.AuditPage
		if st != 200 || json.Unmarshal([]byte(body), &page) != nil || page.Next == "" {
			t.Fatalf("first audit page: %d %s", st, body)
		}
		if st, body := do(o.admin, "GET", "/api/admin/audit?limit=1&before="+page.Next, nil); st != 200 {
			t.Fatalf("next audit page: %d %s", st, body)
		}

		template := []byte(`{"name":"x"}`)
		for _, coding := range [][]string{{"Content-Encoding", "br"}, {"Content-Encoding", "deflate"},
			{"Content-Encoding", "gzip", "Content-Encoding", "br"}, {"Content-Encoding", "x-unknown"}} {
			st, body := do(o.alice, "PATCH", "/api/me", []byte(`{"displayName":"Alice"}`), coding...)
			if st != http.StatusUnsupportedMediaType || !strings.Contains(body, syncproto.CodeUnsupported) {
				t.Errorf("JSON in %v: %d %s, want 415", coding, st, body)
			}
		}
		if st, body := do(o.alice, "PATCH", "/api/me", []byte(`{"displayName":"Alice"}`), "Content-Encoding", "identity"); st != 200 {
			t.Errorf("identity coding: %d %s", st, body)
		}
		sum := "8d5d0fa9ba0fb1e5f7b2d2a3de6a5e3f0b1f2f3b0ce1b2c8e6d0d6f1d3f8a9b0"
		if st, body := do(o.alice, "PUT", "/api/workspaces/ws/files/"+sum, template, "Content-Encoding", "gzip"); st != http.StatusUnsupportedMediaType {
			t.Errorf("a gzip-coded upload: %d %s, want 415", st, body)
		}

		// A change is there: the wait answers at once, saying what it applied.
		d := servertest.NewDevice("d")
		wantStatus(t, push(t, o.alice, "ws", d.Change("ws", "prompt_templates", "t1", map[string]any{"name": "x"}, false)), syncproto.Applied)
		st, body = do(o.alice, "GET", "/api/workspaces/ws/wait?after=0&timeout=99999999999999999", nil)
		var w syncproto.WaitResponse
		if st != 200 || json.Unmarshal([]byte(body), &w) != nil || w.Timeout != 55 {
			t.Fatalf("a huge wait: %d %s, want an answer with timeout 55 (the cap)", st, body)
		}
		st, body = do(o.alice, "GET", "/api/workspaces/ws/wait?after=999&timeout=0", nil)
		if st != 200 || json.Unmarshal([]byte(body), &w) != nil || w.Timeout != 0 {
			t.Fatalf("a zero wait: %d %s", st, body)
		}
	})
}

// request sends one raw request as c (with its access token) and returns
// the answer's status and body.
func request(t *testing.T, env *servertest.Env, c *syncproto.Client, method, path string, body []byte, header ...string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, env.URL+path, bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+c.Tokens().AccessToken)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Add(header[i], header[i+1])
	}
	resp, err := env.HTTP.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(out)
}
