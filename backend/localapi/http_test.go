package localapi

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"bookbag/backend/llm"
	"bookbag/backend/llm/llmtest"
)

// Raw HTTP: auth, scopes, CORS, limits, disconnects, records, the lifecycle.

func errorOf(t *testing.T, body string) map[string]any {
	t.Helper()
	var e struct {
		Error map[string]any `json:"error"`
	}
	if err := json.Unmarshal([]byte(body), &e); err != nil || e.Error == nil {
		t.Fatalf("not an OpenAI error: %s", body)
	}
	for _, k := range []string{"message", "type", "param", "code"} {
		if _, ok := e.Error[k]; !ok {
			t.Fatalf("error without %s: %s", k, body)
		}
	}
	return e.Error
}

func TestAuthAndScopes(t *testing.T) {
	h := newHarness(t, Limits{})
	resp, body := h.do("GET", "/v1/models", "", "")
	if resp.StatusCode != 401 || errorOf(t, body)["code"] != "invalid_api_key" {
		t.Fatalf("no token: %d %s", resp.StatusCode, body)
	}
	resp, body = h.do("GET", "/v1/models", "bb-not-a-real-token", "")
	if resp.StatusCode != 401 || strings.Contains(body, "bb-not-a-real-token") {
		t.Fatalf("bad token: %d %s", resp.StatusCode, body)
	}

	scoped := h.newToken(TokenInput{Name: "research only", WorkspaceIDs: []string{"0002-research"}})
	resp, body = h.do("GET", "/v1/models", scoped, "")
	if resp.StatusCode != 200 || !strings.Contains(body, "workspace:research-notes") || strings.Contains(body, "workspace:private") ||
		strings.Contains(body, "lmstudio:") {
		t.Fatalf("scoped list: %s", body)
	}
	chat := func(model string) string {
		return `{"model":"` + model + `","messages":[{"role":"user","content":"hi"}]}`
	}
	if resp, body = h.do("POST", "/v1/chat/completions", scoped, chat("workspace:research-notes")); resp.StatusCode != 200 {
		t.Fatalf("own workspace: %d %s", resp.StatusCode, body)
	}
	resp, body = h.do("POST", "/v1/chat/completions", scoped, chat("workspace:private"))
	if resp.StatusCode != 403 || errorOf(t, body)["code"] != "model_not_allowed" {
		t.Fatalf("other workspace: %d %s", resp.StatusCode, body)
	}
	resp, body = h.do("POST", "/v1/chat/completions", scoped, chat("lmstudio:fake-chat"))
	if resp.StatusCode != 403 {
		t.Fatalf("plain model with a scoped token: %d %s", resp.StatusCode, body)
	}
	resp, _ = h.do("GET", "/v1/models/workspace:private", scoped, "")
	if resp.StatusCode != 403 {
		t.Fatalf("get other workspace: %d", resp.StatusCode)
	}
	if len(h.wss.prepared) != 1 {
		t.Fatalf("refused requests reached the workspace: %v", h.wss.prepared)
	}

	// Revoked: 401 at once. Only hashes are stored.
	toks, _ := h.svc.ListTokens(context.Background())
	if len(toks) != 2 || toks[0].Name != "research only" || !strings.HasPrefix(scoped, toks[0].Prefix) || len(toks[0].Prefix) != 9 {
		t.Fatalf("tokens %+v", toks)
	}
	if err := h.svc.RevokeToken(context.Background(), toks[0].ID); err != nil {
		t.Fatal(err)
	}
	if resp, _ = h.do("GET", "/v1/models", scoped, ""); resp.StatusCode != 401 {
		t.Fatalf("revoked token: %d", resp.StatusCode)
	}
	var n int
	h.db.R.QueryRow(`SELECT count(*) FROM api_tokens WHERE token_hash = ? OR token_hash LIKE ? OR name LIKE ?`,
		scoped, "%"+scoped[3:]+"%", "%"+scoped[3:]+"%").Scan(&n)
	if n != 0 {
		t.Fatal("a token secret is stored")
	}
}

func TestCORS(t *testing.T) {
	h := newHarness(t, Limits{})
	h.svc.origins.Store(&[]string{"http://localhost:3000"})
	resp, _ := h.do("OPTIONS", "/v1/chat/completions", "", "",
		"Origin", "http://localhost:3000", "Access-Control-Request-Method", "POST",
		"Access-Control-Request-Headers", "authorization, content-type", "Access-Control-Request-Private-Network", "true")
	hd := resp.Header
	if resp.StatusCode != 204 || hd.Get("Access-Control-Allow-Origin") != "http://localhost:3000" ||
		hd.Get("Access-Control-Allow-Private-Network") != "true" || !strings.Contains(hd.Get("Access-Control-Allow-Methods"), "POST") ||
		hd.Get("Access-Control-Allow-Headers") != "authorization, content-type" {
		t.Fatalf("preflight %d %v", resp.StatusCode, hd)
	}
	// Without the private-network question, no private-network answer.
	resp, _ = h.do("OPTIONS", "/v1/models", "", "", "Origin", "http://localhost:3000", "Access-Control-Request-Method", "GET")
	if resp.StatusCode != 204 || resp.Header.Get("Access-Control-Allow-Private-Network") != "" {
		t.Fatalf("plain preflight %d %v", resp.StatusCode, resp.Header)
	}
	resp, _ = h.do("GET", "/v1/models", h.token, "", "Origin", "http://localhost:3000")
	if resp.StatusCode != 200 || resp.Header.Get("Access-Control-Allow-Origin") != "http://localhost:3000" {
		t.Fatalf("allowed origin: %d %v", resp.StatusCode, resp.Header)
	}
	resp, body := h.do("OPTIONS", "/v1/models", "", "", "Origin", "https://evil.example", "Access-Control-Request-Method", "GET")
	if resp.StatusCode != 403 || resp.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Fatalf("other origin preflight: %d %v", resp.StatusCode, resp.Header)
	}
	errorOf(t, body)
	if resp, _ = h.do("GET", "/v1/models", h.token, "", "Origin", "https://evil.example"); resp.StatusCode != 403 {
		t.Fatalf("other origin with a token: %d", resp.StatusCode)
	}
}

func TestConfigChecksOrigins(t *testing.T) {
	c, err := Config{Port: 8765, CORSOrigins: []string{" http://LOCALHOST:3000/ ", "*", "http://localhost:3000"}}.normalise()
	if err != nil || len(c.CORSOrigins) != 2 || c.CORSOrigins[0] != "http://localhost:3000" {
		t.Fatalf("%+v %v", c, err)
	}
	for _, bad := range []string{"localhost:3000", "http://x/path", "ftp://x"} {
		if _, err := (Config{Port: 1, CORSOrigins: []string{bad}}).normalise(); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if _, err := (Config{Port: 70000}).normalise(); err == nil {
		t.Error("port 70000 accepted")
	}
}

func TestBodyLimit(t *testing.T) {
	h := newHarness(t, Limits{MaxBody: 1 << 20})
	big := `{"model":"lmstudio:fake-chat","messages":[{"role":"user","content":"` + strings.Repeat("a", 2<<20) + `"}]}`
	resp, body := h.do("POST", "/v1/chat/completions", h.token, big)
	if resp.StatusCode != 413 || errorOf(t, body)["code"] != "request_too_large" {
		t.Fatalf("%d %s", resp.StatusCode, body[:min(len(body), 300)])
	}
	// Without a Content-Length (chunked), the reader stops at the limit.
	req, _ := http.NewRequest("POST", h.url+"/v1/chat/completions", &slowReader{s: big})
	req.Header.Set("Authorization", "Bearer "+h.token)
	resp2, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp2.Body.Close()
	if resp2.StatusCode != 413 || req.ContentLength != 0 {
		t.Fatalf("chunked: %d", resp2.StatusCode)
	}
	resp, body = h.do("POST", "/v1/chat/completions", h.token, `{"model":`)
	if resp.StatusCode != 400 || errorOf(t, body)["type"] != "invalid_request_error" {
		t.Fatalf("bad json: %d %s", resp.StatusCode, body)
	}
}

// slowReader hides its length, so the request is sent chunked.
type slowReader struct {
	s string
	i int
}

func (r *slowReader) Read(p []byte) (int, error) {
	if r.i >= len(r.s) {
		return 0, io.EOF
	}
	n := copy(p, r.s[r.i:])
	r.i += n
	return n, nil
}

func TestConcurrencyLimit(t *testing.T) {
	h := newHarness(t, Limits{MaxStreams: 1})
	h.fake.PushChat(llmtest.Script{Text: llmtest.Words("a b c d e f"), DeltaDelay: 100 * time.Millisecond})
	done := make(chan int)
	go func() {
		resp, _ := h.do("POST", "/v1/chat/completions", h.token, `{"model":"lmstudio:fake-chat","stream":true,"messages":[{"role":"user","content":"slow"}]}`)
		done <- resp.StatusCode
	}()
	waitFor(t, func() bool { return len(h.svc.streams) == 1 })
	resp, body := h.do("POST", "/v1/chat/completions", h.token, `{"model":"lmstudio:fake-chat","messages":[{"role":"user","content":"x"}]}`)
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "1" || errorOf(t, body)["type"] != "rate_limit_error" {
		t.Fatalf("second: %d %s", resp.StatusCode, body)
	}
	if code := <-done; code != 200 {
		t.Fatalf("first: %d", code)
	}
	if resp, _ = h.do("POST", "/v1/chat/completions", h.token, `{"model":"lmstudio:fake-chat","messages":[{"role":"user","content":"x"}]}`); resp.StatusCode != 200 {
		t.Fatalf("after the first ended: %d", resp.StatusCode)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 5 s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// endless streams until its context ends, and says when it saw that.
type endless struct {
	started  chan struct{}
	canceled chan struct{}
	piece    string
}

func (e *endless) Models(context.Context) ([]llm.ModelInfo, error) { return nil, nil }
func (e *endless) Embed(context.Context, string, []string) ([][]float32, error) {
	return nil, nil
}
func (e *endless) Chat(ctx context.Context, _ llm.ChatRequest, on func(llm.Delta)) (llm.Result, error) {
	close(e.started)
	for {
		select {
		case <-ctx.Done():
			close(e.canceled)
			return llm.Result{}, ctx.Err()
		case <-time.After(time.Millisecond):
			on(llm.Delta{Text: e.piece})
		}
	}
}

func withEndless(h *harness, piece string) *endless {
	e := &endless{started: make(chan struct{}), canceled: make(chan struct{}), piece: piece}
	ms := h.wss.models
	ms.models = append(ms.models, Model{Ref: "test:endless", Name: "endless", Owner: "test"})
	old := ms.client
	ms.client = providerSwitch{"endless": e, "": old}
	return e
}

// providerSwitch routes by model name.
type providerSwitch map[string]llm.Provider

func (p providerSwitch) pick(name string) llm.Provider {
	if c, ok := p[name]; ok {
		return c
	}
	return p[""]
}
func (p providerSwitch) Models(ctx context.Context) ([]llm.ModelInfo, error) {
	return p[""].Models(ctx)
}
func (p providerSwitch) Embed(ctx context.Context, m string, t []string) ([][]float32, error) {
	return p.pick(m).Embed(ctx, m, t)
}
func (p providerSwitch) Chat(ctx context.Context, r llm.ChatRequest, on func(llm.Delta)) (llm.Result, error) {
	return p.pick(r.Model).Chat(ctx, r, on)
}

func TestClientDisconnectCancelsTheModelCall(t *testing.T) {
	h := newHarness(t, Limits{})
	e := withEndless(h, "more ")
	before := runtime.NumGoroutine()
	conn := h.streamUntil(t, "more")
	<-e.started
	conn.Close()
	select {
	case <-e.canceled:
	case <-time.After(5 * time.Second):
		t.Fatal("the model call went on after the client left")
	}
	waitFor(t, func() bool { return len(h.svc.streams) == 0 })
	waitForRecord(t, h, func(r Request) bool { return r.Status == 499 && r.Stream })
	waitFor(t, func() bool { return runtime.NumGoroutine() <= before })
}

// streamUntil asks the endless model for a stream over a raw connection
// and reads until a line holds want.
func (h *harness) streamUntil(t *testing.T, want string) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(h.url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	body := `{"model":"test:endless","stream":true,"messages":[{"role":"user","content":"go on"}]}`
	fmt.Fprintf(conn, "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s",
		h.token, len(body), body)
	br := bufio.NewReader(conn)
	for line := ""; !strings.Contains(line, want); {
		if line, err = br.ReadString('\n'); err != nil {
			t.Fatal(err)
		}
	}
	return conn
}

func TestStalledReaderIsDropped(t *testing.T) {
	h := newHarness(t, Limits{WriteTimeout: 200 * time.Millisecond})
	e := withEndless(h, strings.Repeat("x", 64<<10))
	before := runtime.NumGoroutine()
	conn, err := net.Dial("tcp", strings.TrimPrefix(h.url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.(*net.TCPConn).SetReadBuffer(4096)
	body := `{"model":"test:endless","stream":true,"messages":[{"role":"user","content":"go on"}]}`
	fmt.Fprintf(conn, "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Length: %d\r\n\r\n%s",
		h.token, len(body), body)
	// Never read: the server's writes block, hit the deadline, and the call ends.
	select {
	case <-e.canceled:
	case <-time.After(20 * time.Second):
		t.Fatal("a client that stopped reading held the model call")
	}
	waitForRecord(t, h, func(r Request) bool { return r.Status == 499 })
	conn.Close()
	waitFor(t, func() bool { return runtime.NumGoroutine() <= before })
}

func waitForRecord(t *testing.T, h *harness, match func(Request) bool) Request {
	t.Helper()
	var found Request
	waitFor(t, func() bool {
		page, _ := h.svc.RecentRequests(context.Background(), 0, 100)
		for _, r := range page.Items {
			if match(r) {
				found = r
				return true
			}
		}
		return false
	})
	return found
}

func TestRequestsAreRecorded(t *testing.T) {
	h := newHarness(t, Limits{})
	h.do("POST", "/v1/chat/completions", h.token, `{"model":"workspace:research-notes","messages":[{"role":"user","content":"one two"}]}`)
	h.do("POST", "/v1/chat/completions", h.token, `{"model":"lmstudio:fake-chat","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]}`)
	h.do("POST", "/v1/embeddings", h.token, `{"model":"lmstudio:fake-embed@256","input":"abc"}`)
	h.do("POST", "/v1/chat/completions", h.token, `{"model":"nope:x","messages":[{"role":"user","content":"hi"}]}`)
	h.fake.PushChat(llmtest.Script{Status: 429, RetryAfter: "7", ErrorMessage: "slow down"})
	resp, body := h.do("POST", "/v1/chat/completions", h.token, `{"model":"lmstudio:fake-chat","stream":true,"messages":[{"role":"user","content":"hi"}]}`)
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "7" {
		t.Fatalf("upstream 429: %d %s", resp.StatusCode, body)
	}
	page, err := h.svc.RecentRequests(context.Background(), 0, 10)
	if err != nil || page.Total != 5 {
		t.Fatalf("%+v %v", page, err)
	}
	// The client is told the id the request is recorded under.
	if id := resp.Header.Get("X-Request-Id"); id == "" || page.Items[0].ID != id {
		t.Fatalf("X-Request-Id %q, recorded as %q", id, page.Items[0].ID)
	}
	byModel := map[string]Request{}
	for _, r := range page.Items {
		if _, seen := byModel[r.Model]; !seen {
			byModel[r.Model] = r
		}
	}
	ws := byModel["workspace:research-notes"]
	if ws.WorkspaceID != "0002-research" || ws.ModelRef != "lmstudio:fake-chat" || ws.Status != 200 || ws.InputTokens == 0 ||
		ws.OutputTokens == 0 || ws.Endpoint != "chat" || ws.Source != "api" || ws.TokenName != "all" || ws.Estimated {
		t.Fatalf("workspace request %+v", ws)
	}
	if r := byModel["lmstudio:fake-embed@256"]; r.Endpoint != "embeddings" || r.Status != 200 {
		t.Fatalf("embeddings %+v", r)
	}
	if r := byModel["nope:x"]; r.Status != 404 || r.Error == "" {
		t.Fatalf("unknown model %+v", r)
	}
	if r := page.Items[0]; r.Status != 429 || !r.Stream {
		t.Fatalf("newest %+v", r)
	}
	streamed := page.Items[3]
	if !streamed.Stream || streamed.TTFTMs < 0 || streamed.OutputTokens == 0 {
		t.Fatalf("stream %+v", streamed)
	}
}

func TestServerLifecycle(t *testing.T) {
	h := newHarness(t, Limits{})
	ctx := context.Background()
	before := runtime.NumGoroutine()
	port := freePort(t)
	st, err := h.svc.SetConfig(ctx, Config{Enabled: true, Port: port, CORSOrigins: []string{"http://localhost:5173"}})
	if err != nil || !st.Running || st.URL != fmt.Sprintf("http://127.0.0.1:%d/v1", port) || st.Error != "" {
		t.Fatalf("%+v %v", st, err)
	}
	get := func(url string) int {
		req, _ := http.NewRequest("GET", url+"/models", nil)
		req.Header.Set("Authorization", "Bearer "+h.token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if get(st.URL) != 200 {
		t.Fatal("not serving")
	}
	// "localhost" may be ::1 first (Node 18 does not fall back): loopback is served on both.
	if ln, err := net.Listen("tcp", "[::1]:0"); err == nil {
		ln.Close()
		if code := get(fmt.Sprintf("http://[::1]:%d/v1", port)); code != 200 {
			t.Fatalf("not serving on ::1: %d", code)
		}
	}
	// A stream running when the server stops ends, its call cancelled.
	e := withEndless(h, "x ")
	go func() {
		req, _ := http.NewRequest("POST", st.URL+"/chat/completions",
			strings.NewReader(`{"model":"test:endless","stream":true,"messages":[{"role":"user","content":"go"}]}`))
		req.Header.Set("Authorization", "Bearer "+h.token)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			for b := make([]byte, 512); ; {
				if _, err := resp.Body.Read(b); err != nil {
					break
				}
			}
			resp.Body.Close()
		}
	}()
	<-e.started
	// Origins change without a restart; a new port moves it.
	port2 := freePort(t)
	if st, _ = h.svc.SetConfig(ctx, Config{Enabled: true, Port: port, CORSOrigins: []string{"*"}}); !st.Running {
		t.Fatal("stopped on an origin change")
	}
	select {
	case <-e.canceled:
		t.Fatal("an origin change stopped running streams")
	default:
	}
	st2, _ := h.svc.SetConfig(ctx, Config{Enabled: true, Port: port2})
	<-e.canceled
	if !st2.Running || get(st2.URL) != 200 || get(st.URL) != 0 || get(fmt.Sprintf("http://[::1]:%d/v1", port)) != 0 {
		t.Fatalf("move: %+v", st2)
	}
	// The saved configuration is what a restart starts with.
	again := NewService(Deps{DB: h.db, Models: h.wss.models, Workspaces: h.wss, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err := again.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if s := again.Status(); s.Running || !strings.Contains(s.Error, "could not listen") || s.Config.Port != port2 {
		t.Fatalf("second server on a taken port: %+v", s)
	}
	again.Close()
	if st, _ = h.svc.SetConfig(ctx, Config{Enabled: false, Port: port2}); st.Running || get(st2.URL) != 0 {
		t.Fatalf("off: %+v", st)
	}
	http.DefaultClient.CloseIdleConnections()
	waitFor(t, func() bool { return runtime.NumGoroutine() <= before })
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}
