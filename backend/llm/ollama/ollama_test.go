package ollama

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/llm"
	"bookbag/backend/llm/llmtest"
)

func ptr[T any](v T) *T { return &v }

func newProvider(t *testing.T, srv *llmtest.Server, mod func(*Options)) *Provider {
	t.Helper()
	o := Options{BaseURL: srv.OllamaURL(), Timeouts: llm.Timeouts{Connect: 2 * time.Second, FirstByte: 5 * time.Second, Stall: 5 * time.Second}}
	if mod != nil {
		mod(&o)
	}
	p, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

type collected struct {
	text, thinking string
	deltas         int
	res            llm.Result
	err            error
}

func chat(t *testing.T, p llm.Provider, req llm.ChatRequest) collected {
	t.Helper()
	var c collected
	var tb, th strings.Builder
	c.res, c.err = p.Chat(context.Background(), req, func(d llm.Delta) {
		c.deltas++
		tb.WriteString(d.Text)
		th.WriteString(d.Thinking)
	})
	c.text, c.thinking = tb.String(), th.String()
	return c
}

func hello(model string) llm.ChatRequest {
	return llm.ChatRequest{Model: model, System: "Be brief.", Messages: []llm.Message{{Role: "user", Content: "Hello?"}}}
}

func TestChatStreamsTextAndUsage(t *testing.T) {
	srv := llmtest.Start(t)
	srv.PushChat(llmtest.Script{Text: []string{"Hel", "lo", " world"}, InputTokens: 12, OutputTokens: 3})
	req := hello("llama3.2:3b")
	req.Params = llm.Params{Temperature: ptr(0.0), TopP: ptr(0.5), MaxTokens: 64, ContextLength: 4096}
	c := chat(t, newProvider(t, srv, nil), req)
	if c.err != nil || c.text != "Hello world" || c.deltas != 3 {
		t.Fatalf("text %q deltas %d err %v", c.text, c.deltas, c.err)
	}
	if !c.res.UsageKnown || c.res.InputTokens != 12 || c.res.OutputTokens != 3 || c.res.FinishReason != llm.FinishStop {
		t.Fatalf("result %+v", c.res)
	}
	call, _ := srv.LastCall(llmtest.EndpointChat)
	if call.Temperature == nil || *call.Temperature != 0 || *call.TopP != 0.5 || call.MaxTokens != 64 || call.MaxTokensField != "num_predict" ||
		call.ContextLength != 4096 || call.System != "Be brief." || call.Think != nil || !call.Stream {
		t.Fatalf("request %s", call.Body)
	}
	// Without a window the request asks for llm.OllamaContext, not
	// Ollama's own default, which drops the start of longer prompts.
	srv.PushChat(llmtest.Script{Text: []string{"Hi"}})
	c = chat(t, newProvider(t, srv, nil), hello("llama3.2:3b"))
	if call, _ := srv.LastCall(llmtest.EndpointChat); c.err != nil || call.ContextLength != llm.OllamaContext {
		t.Fatalf("default num_ctx %d (%v): %s", call.ContextLength, c.err, call.Body)
	}
	if n := len(srv.CallsTo(llmtest.EndpointShow)); n != 0 {
		t.Fatalf("%d show calls for a plain chat", n)
	}
}

func TestUsageMissing(t *testing.T) {
	srv := llmtest.Start(t)
	srv.PushChat(llmtest.Script{Text: []string{"x"}, NoUsage: true, FinishReason: "length"})
	c := chat(t, newProvider(t, srv, nil), hello("m"))
	if c.err != nil || c.res.UsageKnown || c.res.FinishReason != llm.FinishLength {
		t.Fatalf("err %v result %+v", c.err, c.res)
	}
}

func TestThinkingChecksCapabilities(t *testing.T) {
	srv := llmtest.Start(t)
	p := newProvider(t, srv, nil)

	req := hello("fake-think")
	req.Params.Think = ptr(true)
	c := chat(t, p, req)
	if c.err != nil || !strings.HasPrefix(c.thinking, "Thinking about") || !strings.HasPrefix(c.text, "You asked") {
		t.Fatalf("thinking %q text %q err %v", c.thinking, c.text, c.err)
	}
	if call, _ := srv.LastCall(llmtest.EndpointChat); call.Think == nil || !*call.Think {
		t.Fatalf("think not sent: %s", call.Body)
	}

	// A level goes as think:"high".
	req.Params = llm.Params{ReasoningEffort: "high"}
	if c := chat(t, p, req); c.err != nil {
		t.Fatal(c.err)
	}
	if call, _ := srv.LastCall(llmtest.EndpointChat); call.ReasoningEffort != "high" {
		t.Fatalf("body %s", call.Body)
	}

	// Without the capability think is not sent (the fake, like Ollama,
	// would answer 400).
	req = hello("fake-chat")
	req.Params.Think = ptr(true)
	if c := chat(t, p, req); c.err != nil || c.thinking != "" {
		t.Fatalf("err %v thinking %q", c.err, c.thinking)
	}
	if call, _ := srv.LastCall(llmtest.EndpointChat); call.Think != nil {
		t.Fatalf("think sent: %s", call.Body)
	}
	if n := len(srv.CallsTo(llmtest.EndpointShow)); n != 2 {
		t.Fatalf("%d show calls, want one per model", n)
	}
}

func TestThinkRejectedWithoutCheck(t *testing.T) {
	// The fake's 400 is what the capability check avoids; make sure it
	// exists and maps to Invalid.
	srv := llmtest.Start(t)
	p := newProvider(t, srv, nil)
	p.show["fake-chat"] = showInfo{caps: []string{"completion", "thinking"}} // a stale cache that lies
	req := hello("fake-chat")
	req.Params.Think = ptr(true)
	c := chat(t, p, req)
	if apperr.CodeOf(c.err) != apperr.Invalid || !strings.Contains(apperr.MessageOf(c.err), "does not support thinking") {
		t.Fatalf("err %v", c.err)
	}
}

func TestImages(t *testing.T) {
	srv := llmtest.Start(t)
	p := newProvider(t, srv, nil)
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDRfake")
	req := llm.ChatRequest{Model: "fake-vision", Messages: []llm.Message{{Role: "user", Content: "What is this?", Images: []llm.Image{{MIME: "image/png", Data: png}}}}}
	c := chat(t, p, req)
	if c.err != nil || !strings.Contains(c.text, "I see 1 image (image/png") {
		t.Fatalf("text %q err %v", c.text, c.err)
	}
	call, _ := srv.LastCall(llmtest.EndpointChat)
	if imgs := call.Images(); len(imgs) != 1 || !bytes.Equal(imgs[0].Data, png) {
		t.Fatalf("images %+v", imgs)
	}
	req.Model = "fake-chat"
	c = chat(t, p, req)
	if apperr.CodeOf(c.err) != apperr.Invalid || !strings.Contains(apperr.MessageOf(c.err), "cannot read images") {
		t.Fatalf("err %v", c.err)
	}
}

func TestErrors(t *testing.T) {
	cases := []struct {
		name     string
		script   llmtest.Script
		wrongKey bool
		code     apperr.Code
		msg      string
		retry    time.Duration
		sentinel error
	}{
		{name: "401", wrongKey: true, code: apperr.Unauthorized, msg: "the API key was rejected by Ollama"},
		{name: "429", script: llmtest.Script{Status: 429, RetryAfter: "20"}, code: apperr.Unavailable, msg: "rate limited by Ollama: retry in 20 s", retry: 20 * time.Second},
		{name: "500", script: llmtest.Script{Status: 500, ErrorMessage: "llama runner process has terminated"}, code: apperr.Unavailable, msg: "Ollama had a server error (500): llama runner process has terminated"},
		{name: "404", script: llmtest.Script{Status: 404, ErrorMessage: `model "x" not found, try pulling it first`}, code: apperr.NotFound, msg: `Ollama has no model named "llama3"`},
		{name: "cut", script: llmtest.Script{Text: llmtest.Words("a b c d"), Fault: llmtest.FaultCut, FaultAfter: 2}, code: apperr.Unavailable, msg: "closed before the answer was complete", sentinel: llm.ErrStreamCut},
		{name: "no done line", script: llmtest.Script{Text: llmtest.Words("a b c"), Fault: llmtest.FaultEOF, FaultAfter: 1}, code: apperr.Unavailable, msg: "closed before the answer was complete", sentinel: llm.ErrStreamCut},
		{name: "malformed", script: llmtest.Script{Text: llmtest.Words("a b c"), Fault: llmtest.FaultMalformed, FaultAfter: 1}, code: apperr.Unavailable, msg: "could not read", sentinel: llm.ErrMalformed},
		{name: "error line with 200", script: llmtest.Script{Text: llmtest.Words("a b"), Fault: llmtest.FaultStreamError, FaultAfter: 1, ErrorMessage: "model runner crashed"}, code: apperr.Unavailable, msg: "Ollama reported an error: model runner crashed"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := llmtest.Start(t, llmtest.WithAPIKey("right-key-123456"))
			srv.PushChat(tc.script)
			p := newProvider(t, srv, func(o *Options) {
				o.APIKey = "right-key-123456"
				if tc.wrongKey {
					o.APIKey = "wrong-key-654321"
				}
			})
			c := chat(t, p, hello("llama3"))
			if apperr.CodeOf(c.err) != tc.code || !strings.Contains(apperr.MessageOf(c.err), tc.msg) {
				t.Fatalf("code %s message %q (%v)", apperr.CodeOf(c.err), apperr.MessageOf(c.err), c.err)
			}
			if llm.RetryAfter(c.err) != tc.retry {
				t.Fatalf("retry %v", llm.RetryAfter(c.err))
			}
			if tc.sentinel != nil && !errors.Is(c.err, tc.sentinel) {
				t.Fatalf("%v is not %v", c.err, tc.sentinel)
			}
			if strings.Contains(c.err.Error(), "key-") {
				t.Fatal("error holds the key")
			}
		})
	}
}

func TestTimeouts(t *testing.T) {
	srv := llmtest.Start(t)
	srv.PushChat(llmtest.Script{Text: []string{"late"}, FirstByteDelay: 3 * time.Second})
	p := newProvider(t, srv, func(o *Options) { o.Timeouts.FirstByte = 150 * time.Millisecond })
	c := chat(t, p, hello("m"))
	var te *llm.TimeoutError
	if !errors.As(c.err, &te) || te.Phase != llm.PhaseFirstByte {
		t.Fatalf("first byte: %v", c.err)
	}
	srv.PushChat(llmtest.Script{Text: llmtest.Words("a b c"), DeltaDelay: 3 * time.Second})
	p = newProvider(t, srv, func(o *Options) { o.Timeouts.Stall = 150 * time.Millisecond })
	c = chat(t, p, hello("m"))
	if !errors.As(c.err, &te) || te.Phase != llm.PhaseStall || c.text != "a " || !strings.Contains(apperr.MessageOf(c.err), "stopped sending") {
		t.Fatalf("stall: %v (text %q)", c.err, c.text)
	}
}

func TestCancelMidStream(t *testing.T) {
	srv := llmtest.Start(t)
	srv.PushChat(llmtest.Script{Text: llmtest.Words(strings.Repeat("word ", 200)), DeltaDelay: 5 * time.Millisecond})
	p := newProvider(t, srv, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := 0
	_, err := p.Chat(ctx, hello("m"), func(llm.Delta) {
		if n++; n == 3 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) || apperr.CodeOf(err) != apperr.Canceled || n < 3 || n >= 200 {
		t.Fatalf("err %v after %d deltas", err, n)
	}
}

func TestModels(t *testing.T) {
	srv := llmtest.Start(t)
	ms, err := newProvider(t, srv, nil).Models(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]llm.ModelInfo{}
	for _, m := range ms {
		by[m.Name] = m
	}
	v, th, e, ch := by["fake-vision:latest"], by["fake-think:latest"], by["fake-embed:latest"], by["fake-chat:latest"]
	if len(ms) != 4 || !v.Vision || !th.Thinking || !ch.Tools || ch.Vision || ch.Thinking || !e.Embedding || e.Dimensions != 256 ||
		th.ContextLength != 32768 || ch.SizeBytes != 1_000_000 {
		t.Fatalf("models %+v", ms)
	}
}

func TestEmbed(t *testing.T) {
	srv := llmtest.Start(t)
	p := newProvider(t, srv, nil)
	vecs, err := p.Embed(context.Background(), "fake-embed", []string{"alpha beta", "gamma"})
	if err != nil || len(vecs) != 2 || len(vecs[0]) != 256 || vecs[1][3] != llmtest.HashEmbed("gamma", 256)[3] {
		t.Fatalf("vecs %d err %v", len(vecs), err)
	}
	_, err = p.Embed(context.Background(), "fake-chat", []string{"x"})
	if apperr.CodeOf(err) != apperr.Invalid {
		t.Fatalf("err %v", err)
	}
	srv.FailNext(llmtest.EndpointEmbed, llmtest.Failure{Status: 503, RetryAfter: "4"})
	_, err = p.Embed(context.Background(), "fake-embed", []string{"x"})
	if llm.RetryAfter(err) != 4*time.Second || apperr.CodeOf(err) != apperr.Unavailable {
		t.Fatalf("err %v", err)
	}
}

func TestPull(t *testing.T) {
	srv := llmtest.Start(t)
	srv.SetPull(llmtest.PullScript{Total: 1000, Steps: 4})
	p := newProvider(t, srv, nil)
	var got []llm.PullProgress
	if err := p.Pull(context.Background(), "qwen3:0.6b", func(pp llm.PullProgress) { got = append(got, pp) }); err != nil {
		t.Fatal(err)
	}
	var statuses []string
	for _, g := range got {
		statuses = append(statuses, g.Status)
	}
	if len(got) != 8 || got[0].Status != "pulling manifest" || got[4].Completed != 1000 || got[4].Percent != 100 ||
		got[1].Percent != 25 || got[7].Status != "success" {
		t.Fatalf("progress %v %+v", statuses, got)
	}
	ms, _ := p.Models(context.Background())
	found := false
	for _, m := range ms {
		found = found || m.Name == "qwen3:0.6b"
	}
	if !found {
		t.Fatal("pulled model not listed")
	}
}

func TestPullFailures(t *testing.T) {
	srv := llmtest.Start(t)
	p := newProvider(t, srv, nil)
	srv.SetPull(llmtest.PullScript{NotFound: true})
	err := p.Pull(context.Background(), "no-such-model", nil)
	if apperr.CodeOf(err) != apperr.NotFound || !strings.Contains(apperr.MessageOf(err), "no model named") {
		t.Fatalf("not found: %v", err)
	}
	srv.SetPull(llmtest.PullScript{Error: "max retries exceeded: connection reset"})
	err = p.Pull(context.Background(), "m", nil)
	if apperr.CodeOf(err) != apperr.Unavailable || !strings.Contains(apperr.MessageOf(err), "max retries exceeded") {
		t.Fatalf("in-band error: %v", err)
	}
}

// A "not found" pull answer goes through the endpoint too: a proxy that
// echoes the key in it must not put the key in the error's text.
func TestPullNotFoundRedactsKey(t *testing.T) {
	const key = "sk-ollama-proxy-0123456789"
	srv := llmtest.Start(t)
	p := newProvider(t, srv, func(o *Options) { o.APIKey = key })
	srv.SetPull(llmtest.PullScript{Error: "pull model manifest: file does not exist (Authorization: Bearer " + key + ")"})
	err := p.Pull(context.Background(), "no-such-model", nil)
	if apperr.CodeOf(err) != apperr.NotFound || strings.Contains(err.Error(), key) {
		t.Fatalf("not found: %v", err)
	}
}

func TestPullCancel(t *testing.T) {
	srv := llmtest.Start(t)
	srv.SetPull(llmtest.PullScript{Steps: 50, StepDelay: 50 * time.Millisecond})
	p := newProvider(t, srv, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := 0
	err := p.Pull(ctx, "big-model", func(pp llm.PullProgress) {
		if n++; n == 3 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) || apperr.CodeOf(err) != apperr.Canceled {
		t.Fatalf("err %v", err)
	}
	if n >= 50 {
		t.Fatalf("the download went on after the cancel (%d updates)", n)
	}
	for _, m := range srv.Models() {
		if m.Name == "big-model" {
			t.Fatal("cancelled pull finished")
		}
	}
}

func TestDelete(t *testing.T) {
	srv := llmtest.Start(t)
	p := newProvider(t, srv, nil)
	if err := p.Delete(context.Background(), "fake-chat:latest"); err != nil {
		t.Fatal(err)
	}
	if len(srv.Models()) != 3 {
		t.Fatal("not deleted")
	}
	err := p.Delete(context.Background(), "fake-chat")
	if apperr.CodeOf(err) != apperr.NotFound || !strings.Contains(apperr.MessageOf(err), `no model named "fake-chat"`) {
		t.Fatalf("err %v", err)
	}
}

func TestVersion(t *testing.T) {
	srv := llmtest.Start(t)
	v, err := newProvider(t, srv, nil).Version(context.Background())
	if err != nil || v != "0.17.4" {
		t.Fatalf("version %q err %v", v, err)
	}
}

func TestNotRunning(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	p, err := New(Options{BaseURL: "http://" + addr})
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.Version(context.Background())
	if apperr.MessageOf(err) != "Ollama is not running at "+addr || apperr.CodeOf(err) != apperr.Unavailable {
		t.Fatalf("err %v", err)
	}
	c := chat(t, p, hello("m"))
	if apperr.MessageOf(c.err) != "Ollama is not running at "+addr {
		t.Fatalf("chat err %v", c.err)
	}
}

func TestHostFromEnv(t *testing.T) {
	cases := map[string]string{
		"":                       DefaultBaseURL,
		"0.0.0.0":                "http://127.0.0.1:11434",
		"0.0.0.0:9999":           "http://127.0.0.1:9999",
		"example.com":            "http://example.com:11434",
		"https://ollama.example": "https://ollama.example:443",
		"http://10.0.0.2:8080/":  "http://10.0.0.2:8080",
		"[::1]:1234":             "http://[::1]:1234",
		`"localhost:11500"`:      "http://localhost:11500",
	}
	for in, want := range cases {
		got := HostFromEnv(func(string) string { return in })
		if got != want {
			t.Errorf("%q: got %q want %q", in, got, want)
		}
	}
}

func TestGarbageNeverPanics(t *testing.T) {
	bodies := []string{"", "{", "[1,2]\n", "{\"message\":5}\n", "null\n", "\x00\xff", "{\"done\":\"yes\"}\n",
		strings.Repeat("x", 9<<20) + "\n",
		"{\"message\":{\"tool_calls\":[{\"function\":{\"name\":\"f\",\"arguments\":\"{\"}}]},\"done\":true}\n",
		"{\"message\":{\"tool_calls\":[null]},\"done\":true}\n",
		"{\"message\":{\"tool_calls\":{}},\"done\":true}\n"}
	for i, b := range bodies {
		hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/x-ndjson")
			_, _ = w.Write([]byte(b))
		}))
		p, _ := New(Options{BaseURL: hs.URL})
		if _, err := p.Chat(context.Background(), hello("m"), func(llm.Delta) {}); err == nil {
			t.Errorf("body %d: no error", i)
		}
		if err := p.Pull(context.Background(), "m", nil); err == nil {
			t.Errorf("pull body %d: no error", i)
		}
		hs.Close()
	}
}

// A connection that breaks after the stream said the answer was over (the done line)
// loses nothing of it: the answer is whole, not cut.
func TestBreakAfterTheFinishKeepsTheAnswerWhole(t *testing.T) {
	srv := llmtest.Start(t, llmtest.WithAPIKey("right-key-123456"))
	srv.PushChat(llmtest.Script{Text: llmtest.Words("one two three"), InputTokens: 7, OutputTokens: 3, Fault: llmtest.FaultCutAfterFinish})
	p := newProvider(t, srv, func(o *Options) { o.APIKey = "right-key-123456" })
	req := hello("llama3")
	c := chat(t, p, req)
	if c.err != nil || c.text != "one two three" || c.res.FinishReason != llm.FinishStop || c.res.OutputTokens != 3 || !c.res.UsageKnown {
		t.Fatalf("text %q result %+v err %v", c.text, c.res, c.err)
	}
}
