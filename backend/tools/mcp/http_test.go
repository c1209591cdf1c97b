package mcp

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/tools"
)

func httpServer(name, transport, url string, headers map[string]string) ServerConfig {
	return ServerConfig{Name: name, Transport: transport, URL: url, Headers: headers, InitTimeout: 10 * time.Second}
}

// Both HTTP transports: the token and a custom header reach the server,
// tools list and run, a list change arrives over the event stream, a
// cancel returns at once, and a wrong token is said in words.
func TestHTTPTransports(t *testing.T) {
	for _, transport := range []string{TransportHTTP, TransportSSE} {
		t.Run(transport, func(t *testing.T) {
			url := startHTTPServer(t, transport, "-token", "s3cret", "-require-header", "X-Team: blue")
			good := map[string]string{"Authorization": "Bearer s3cret", "X-Team": "blue"}
			h := newHarness(t,
				httpServer("web", transport, url, good),
				httpServer("wrongtoken", transport, url, map[string]string{"Authorization": "Bearer nope", "X-Team": "blue"}),
				httpServer("noheader", transport, url, map[string]string{"Authorization": "Bearer s3cret"}),
			)
			ctx := testCtx(t)
			list, err := h.Tools(ctx, "web")
			if err != nil || len(list) != 10 {
				t.Fatalf("tools: %d, %v", len(list), err)
			}
			if st := h.status(t, "web"); st.State != tools.StateReady || st.Tools != 10 {
				t.Fatalf("status %+v", st)
			}
			res, err := h.Call(ctx, "web", "echo", json.RawMessage(`{"text":"over `+transport+`"}`))
			if err != nil || res.Text != "over "+transport {
				t.Fatalf("echo: %+v, %v", res, err)
			}

			if _, err := h.Call(ctx, "web", "toggle", nil); err != nil {
				t.Fatal(err)
			}
			select {
			case <-h.changed:
			case <-time.After(5 * time.Second):
				t.Fatal("no OnToolsChanged over " + transport)
			}
			list, _ = h.Tools(ctx, "web")
			if !slices.ContainsFunc(list, func(t tools.Tool) bool { return t.Name == "extra" }) {
				t.Fatalf("extra not listed after toggle: %v", list)
			}

			cctx, cancel := context.WithCancel(ctx)
			time.AfterFunc(200*time.Millisecond, cancel)
			start := time.Now()
			_, err = h.Call(cctx, "web", "slow", json.RawMessage(`{"seconds":30}`))
			if apperr.CodeOf(err) != apperr.Canceled || time.Since(start) > 2*time.Second {
				t.Fatalf("cancel over %s: %v after %s", transport, err, time.Since(start))
			}

			_, err = h.Tools(ctx, "wrongtoken")
			want := "server wrongtoken refused the request (HTTP 401 Unauthorized); check its token or Authorization header"
			if err == nil || err.Error() != want || apperr.CodeOf(err) != apperr.Unauthorized {
				t.Fatalf("wrong token: %v\nwant %s", err, want)
			}
			_, err = h.Tools(ctx, "noheader")
			if err == nil || !strings.Contains(err.Error(), "HTTP 403 Forbidden") {
				t.Fatalf("missing header: %v", err)
			}
			if st := h.status(t, "wrongtoken"); st.State != tools.StateFailed || st.Error != want {
				t.Fatalf("status %+v", st)
			}
		})
	}
}

func TestHTTPUnreachableAndWrongPath(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String() + "/mcp?key=secret"
	ln.Close()
	url := startHTTPServer(t, TransportHTTP)
	h := newHarness(t,
		httpServer("down", TransportHTTP, closed, nil),
		httpServer("wrongpath", TransportHTTP, strings.TrimSuffix(url, "/mcp")+"/nope", nil),
	)
	_, err = h.Tools(testCtx(t), "down")
	want := "could not reach server down at http://" + ln.Addr().String() + "/mcp?… : connection refused (is the server running?)"
	want = strings.Replace(want, "?… :", "?…:", 1)
	if err == nil || err.Error() != want {
		t.Fatalf("closed port: %v\nwant %s", err, want)
	}
	if strings.Contains(err.Error(), "secret") {
		t.Fatal("the query string leaked into the message")
	}
	_, err = h.Tools(testCtx(t), "wrongpath")
	if err == nil || !strings.HasPrefix(err.Error(), "server wrongpath has no MCP endpoint at http://") || !strings.Contains(err.Error(), "(HTTP 404 Not Found)") {
		t.Fatalf("wrong path: %v", err)
	}
}

// The configured headers (tokens) go only to the server's own origin: a
// redirect to another host gets none of them.
func TestHeadersStayWithTheirOrigin(t *testing.T) {
	var mu sync.Mutex
	seen := map[string][]string{} // server -> Authorization and X-Team values it got
	note := func(who string, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		seen[who] = append(seen[who], r.Header.Get("Authorization")+"|"+r.Header.Get("X-Team"))
	}
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		note("elsewhere", r)
		http.NotFound(w, r)
	}))
	defer elsewhere.Close()
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		note("front", r)
		http.Redirect(w, r, elsewhere.URL+"/mcp", http.StatusTemporaryRedirect)
	}))
	defer front.Close()
	h := newHarness(t, httpServer("moved", TransportHTTP, front.URL+"/mcp",
		map[string]string{"Authorization": "Bearer s3cret", "X-Team": "blue"}))
	if _, err := h.Tools(testCtx(t), "moved"); err == nil {
		t.Fatal("a server that redirects to a 404 listed tools")
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen["front"]) == 0 || seen["front"][0] != "Bearer s3cret|blue" {
		t.Fatalf("the configured server got %q", seen["front"])
	}
	if len(seen["elsewhere"]) == 0 {
		t.Fatal("the redirect was not followed")
	}
	for _, v := range seen["elsewhere"] {
		if v != "|" {
			t.Fatalf("the redirect target got the headers: %q", v)
		}
	}
}

func TestOrigin(t *testing.T) {
	same := [][2]string{
		{"https://Example.com/sse", "https://example.com:443/messages?s=1"},
		{"http://127.0.0.1:8080/mcp", "http://127.0.0.1:8080/other"},
		{"http://[::1]/mcp", "http://[::1]:80/mcp"},
	}
	for _, p := range same {
		a, _ := url.Parse(p[0])
		b, _ := url.Parse(p[1])
		if origin(a) != origin(b) {
			t.Errorf("%s and %s: %s != %s", p[0], p[1], origin(a), origin(b))
		}
	}
	for _, p := range [][2]string{
		{"https://example.com/mcp", "http://example.com/mcp"},
		{"https://example.com/mcp", "https://example.com:8443/mcp"},
		{"https://example.com/mcp", "https://evil.example.com/mcp"},
	} {
		a, _ := url.Parse(p[0])
		b, _ := url.Parse(p[1])
		if origin(a) == origin(b) {
			t.Errorf("%s and %s share an origin", p[0], p[1])
		}
	}
}

// A streamable HTTP server that restarted no longer knows the session: the
// failure says so (not "no MCP endpoint at": the URL is right), and the next
// use connects again.
func TestHTTPServerRestarted(t *testing.T) {
	addr, cmd := runHTTPServer(t, TransportHTTP)
	h := newHarness(t, httpServer("web", TransportHTTP, addr, nil))
	ctx := testCtx(t)
	if res, err := h.Call(ctx, "web", "echo", json.RawMessage(`{"text":"one"}`)); err != nil || res.Text != "one" {
		t.Fatalf("before: %+v %v", res, err)
	}
	cmd.Process.Kill()
	cmd.Wait()
	u, _ := url.Parse(addr)
	if again, _ := runHTTPServer(t, TransportHTTP, "-addr", u.Host); again != addr {
		t.Fatalf("restarted at %s, not %s", again, addr)
	}
	_, err := h.Call(ctx, "web", "echo", json.RawMessage(`{"text":"two"}`))
	want := "server web no longer knows this connection (HTTP 404 Not Found): it restarted or ended the session; the next use connects again"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("after the restart: %v\nwant %s", err, want)
	}
	if st := h.waitState(t, "web", tools.StateFailed); !strings.HasPrefix(st.Error, "server web no longer knows this connection") {
		t.Fatalf("status %+v", st)
	}
	h.clock.Advance(time.Minute) // past the backoff
	if res, err := h.Call(ctx, "web", "echo", json.RawMessage(`{"text":"three"}`)); err != nil || res.Text != "three" {
		t.Fatalf("the next use: %+v %v", res, err)
	}
}

// What an error or the log says of a URL: no user info, query or key in
// the path.
func TestRedactURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://user:pw@example.com/mcp?api_key=sk-1":                      "https://example.com/mcp?…",
		"https://actions.zapier.com/mcp/sk-ak-3f9a8b7c6d5e4f3a2b1c0d9e/sse": "https://actions.zapier.com/mcp/…/sse",
		"https://example.com/servers/github-enterprise-connector/mcp":       "https://example.com/servers/github-enterprise-connector/mcp",
		"http://127.0.0.1:8080/mcp":                                         "http://127.0.0.1:8080/mcp",
	} {
		if got := redactURL(in); got != want {
			t.Errorf("%s: %s, want %s", in, got, want)
		}
	}
}
