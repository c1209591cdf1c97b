package server_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"bookbag/backend/server"
	"bookbag/backend/server/servertest"
	"bookbag/backend/syncproto"
)

// Large JSON answers go gzipped to clients that ask for them, and gzipped
// request bodies are read with the body cap applied after decompression.
func TestGzipBothWays(t *testing.T) {
	servertest.ForEach(t, func(t *testing.T, b servertest.Backend) {
		env := servertest.Start(t, b.Open(t), func(c *server.Config) { c.MaxBodyBytes = 64 << 10 })
		ctx := context.Background()
		admin, _ := env.User("admin@example.com", syncproto.RoleMember)
		env.Workspace("ws", admin, nil)
		d := servertest.NewDevice("d0")
		var changes []syncproto.Change
		for i := range 40 {
			changes = append(changes, d.Change("ws", "prompt_templates", fmt.Sprintf("template-%02d", i),
				map[string]any{"name": strings.Repeat("a long template name ", 5)}, false))
		}
		// The Go client compresses this push and decompresses the pull.
		if _, err := admin.Push(ctx, "ws", changes); err != nil {
			t.Fatal(err)
		}
		page, err := admin.Pull(ctx, "ws", 0, 100)
		if err != nil || len(page.Changes) != 40 {
			t.Fatalf("pull %d changes: %v", len(page.Changes), err)
		}

		token := admin.Tokens().AccessToken
		raw := func(body []byte, gz bool, acceptGzip bool) *http.Response {
			req, _ := http.NewRequest("GET", env.URL+"/api/workspaces/ws/pull?after=0&limit=100", nil)
			if body != nil {
				req, _ = http.NewRequest("POST", env.URL+"/api/workspaces/ws/push", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
			}
			if gz {
				req.Header.Set("Content-Encoding", "gzip")
			}
			if acceptGzip {
				req.Header.Set("Accept-Encoding", "gzip")
			}
			req.Header.Set("Authorization", "Bearer "+token)
			resp, err := http.DefaultTransport.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { resp.Body.Close() })
			return resp
		}
		// A pull asked with gzip comes back gzipped, and decodes.
		resp := raw(nil, false, true)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Encoding") != "gzip" {
			t.Fatalf("pull: %d %q", resp.StatusCode, resp.Header.Get("Content-Encoding"))
		}
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		if b, _ := io.ReadAll(zr); !bytes.Contains(b, []byte(`"changes"`)) {
			t.Fatalf("gzipped pull: %.200s", b)
		}
		// Without Accept-Encoding: plain.
		if resp := raw(nil, false, false); resp.Header.Get("Content-Encoding") != "" {
			t.Fatal("gzip sent to a client that did not ask")
		}
		// A gzip bomb: 1 MiB of JSON whitespace in a few KiB is refused by the cap.
		var bomb bytes.Buffer
		zw := gzip.NewWriter(&bomb)
		zw.Write([]byte(`{"changes":[`))
		zw.Write(bytes.Repeat([]byte(" "), 1<<20))
		zw.Write([]byte(`]}`))
		zw.Close()
		if resp := raw(bomb.Bytes(), true, false); resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Fatalf("gzip bomb: %d", resp.StatusCode)
		}
		if resp := raw([]byte("not gzip at all"), true, false); resp.StatusCode != http.StatusBadRequest {
			t.Fatalf("bad gzip: %d", resp.StatusCode)
		}
	})
}
