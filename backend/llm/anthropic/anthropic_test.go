package anthropic

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/llm"
	"bookbag/backend/llm/llmtest"
)

const testKey = "sk-ant-test-0123456789abcdef"

func ptr[T any](v T) *T { return &v }

func newProvider(t *testing.T, srv *llmtest.Server, mod func(*Options)) *Provider {
	t.Helper()
	o := Options{BaseURL: srv.AnthropicURL(), APIKey: testKey,
		Timeouts: llm.Timeouts{Connect: 2 * time.Second, FirstByte: 5 * time.Second, Stall: 5 * time.Second}}
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
	if c.err != nil && strings.Contains(c.err.Error(), testKey) {
		t.Fatalf("error text contains the API key: %v", c.err)
	}
	return c
}

func hello(model string) llm.ChatRequest {
	return llm.ChatRequest{Model: model, System: "Be brief.", Messages: []llm.Message{{Role: "user", Content: "Hello?"}}}
}

func TestChatStreamsTextAndUsage(t *testing.T) {
	srv := llmtest.Start(t, llmtest.WithAPIKey(testKey))
	srv.PushChat(llmtest.Script{Text: []string{"Hel", "lo", " world"}, InputTokens: 12, OutputTokens: 3})
	req := hello("claude-sonnet-4-5")
	req.Params = llm.Params{MaxTokens: 300, Temperature: ptr(0.0)}
	c := chat(t, newProvider(t, srv, nil), req)
	if c.err != nil {
		t.Fatal(c.err)
	}
	if c.text != "Hello world" || c.deltas != 3 {
		t.Fatalf("text %q in %d deltas", c.text, c.deltas)
	}
	if !c.res.UsageKnown || c.res.InputTokens != 12 || c.res.OutputTokens != 3 || c.res.FinishReason != llm.FinishStop {
		t.Fatalf("result %+v", c.res)
	}
	call, _ := srv.LastCall(llmtest.EndpointChat)
	if call.System != "Be brief." || call.MaxTokens != 300 || call.Temperature != nil || call.Think != nil || !call.Stream {
		t.Fatalf("request %s", call.Body)
	}
	// MaxTokens was given, so no model lookup happened.
	if n := len(srv.CallsTo(llmtest.EndpointModel)); n != 0 {
		t.Fatalf("%d model lookups", n)
	}
}

func TestCachedTokens(t *testing.T) {
	srv := llmtest.Start(t)
	// The wire says input_tokens 176 and cache_read_input_tokens 1024: the
	// result counts every prompt token and names the cached ones.
	srv.PushChat(llmtest.Script{Text: []string{"ok"}, InputTokens: 1200, CachedTokens: 1024, OutputTokens: 2})
	req := hello("claude-sonnet-4-5")
	req.Params.MaxTokens = 100
	c := chat(t, newProvider(t, srv, nil), req)
	if c.err != nil || c.res.InputTokens != 1200 || c.res.CachedTokens != 1024 || c.res.OutputTokens != 2 {
		t.Fatalf("result %+v %v", c.res, c.err)
	}
}

func TestIgnoresEnvironment(t *testing.T) {
	t.Setenv("ANTHROPIC_BASE_URL", "http://192.0.2.1:9")
	t.Setenv("ANTHROPIC_API_KEY", "sk-from-env")
	t.Setenv("ANTHROPIC_CUSTOM_HEADERS", "X-Leak: yes")
	srv := llmtest.Start(t, llmtest.WithAPIKey(testKey))
	if c := chat(t, newProvider(t, srv, nil), hello("fake-chat")); c.err != nil {
		t.Fatal(c.err)
	}
	call, _ := srv.LastCall(llmtest.EndpointChat)
	if call.Header.Get("X-Leak") != "" || strings.Contains(fmt.Sprint(call.Header), "sk-from-env") {
		t.Fatalf("environment leaked into the request: %v", call.Header)
	}
}

func TestThinking(t *testing.T) {
	srv := llmtest.Start(t)
	p := newProvider(t, srv, nil)

	// A thinking model: caps are looked up, thinking is enabled with a budget
	// below max_tokens (the fake rejects anything else, as the API does).
	req := hello("fake-think")
	req.Params.Think = ptr(true)
	c := chat(t, p, req)
	if c.err != nil || !strings.HasPrefix(c.thinking, "Thinking about the question") || !strings.HasPrefix(c.text, "You asked") {
		t.Fatalf("thinking %q text %q err %v", c.thinking, c.text, c.err)
	}
	call, _ := srv.LastCall(llmtest.EndpointChat)
	if call.ThinkType != "enabled" || call.ThinkBudget < 1024 || call.ThinkBudget >= call.MaxTokens {
		t.Fatalf("thinking %s budget %d max %d", call.ThinkType, call.ThinkBudget, call.MaxTokens)
	}

	// A small max_tokens still leaves a valid budget.
	req.Params.MaxTokens = 200
	if c := chat(t, p, req); c.err != nil {
		t.Fatal(c.err)
	}
	call, _ = srv.LastCall(llmtest.EndpointChat)
	if call.ThinkBudget != 1024 || call.MaxTokens != 1224 {
		t.Fatalf("budget %d max %d", call.ThinkBudget, call.MaxTokens)
	}

	// A model without thinking: the switch is left out instead of a 400.
	req = hello("fake-chat")
	req.Params.Think = ptr(true)
	if c := chat(t, p, req); c.err != nil || c.thinking != "" {
		t.Fatalf("err %v thinking %q", c.err, c.thinking)
	}
	call, _ = srv.LastCall(llmtest.EndpointChat)
	if call.Think != nil {
		t.Fatalf("thinking sent to a model without it: %s", call.Body)
	}
	if n := len(srv.CallsTo(llmtest.EndpointModel)); n != 2 {
		t.Fatalf("%d model lookups, want one per model", n)
	}

	// Scripted thinking blocks with a signature arrive as thinking deltas.
	srv.PushChat(llmtest.Script{Thinking: []string{"a", "b"}, Text: []string{"c"}})
	if c := chat(t, p, hello("x")); c.thinking != "ab" || c.text != "c" {
		t.Fatalf("thinking %q text %q err %v", c.thinking, c.text, c.err)
	}
}

func TestEffort(t *testing.T) {
	srv := llmtest.Start(t)
	req := hello("fake-chat")
	req.Params = llm.Params{MaxTokens: 100, ReasoningEffort: "high"}
	if c := chat(t, newProvider(t, srv, nil), req); c.err != nil {
		t.Fatal(c.err)
	}
	if call, _ := srv.LastCall(llmtest.EndpointChat); call.ReasoningEffort != "high" {
		t.Fatalf("body %s", call.Body)
	}
}

func TestImagesReceived(t *testing.T) {
	srv := llmtest.Start(t)
	png := []byte("\x89PNG\r\n\x1a\nfake")
	req := llm.ChatRequest{Model: "fake-vision", Messages: []llm.Message{
		{Role: "user", Content: "What is this?", Images: []llm.Image{{MIME: "image/png", Data: png}}},
	}}
	req.Params.MaxTokens = 100
	c := chat(t, newProvider(t, srv, nil), req)
	if c.err != nil || !strings.Contains(c.text, "I see 1 image (image/png, 12 bytes)") {
		t.Fatalf("text %q err %v", c.text, c.err)
	}
	call, _ := srv.LastCall(llmtest.EndpointChat)
	if imgs := call.Images(); len(imgs) != 1 || !bytes.Equal(imgs[0].Data, png) || imgs[0].MIME != "image/png" {
		t.Fatalf("images %+v", imgs)
	}
}

func TestErrors(t *testing.T) {
	cases := []struct {
		name     string
		script   llmtest.Script
		key      string
		code     apperr.Code
		msg      string
		retry    time.Duration
		sentinel error
	}{
		{name: "401", key: "sk-ant-wrong-123456789", code: apperr.Unauthorized, msg: "the API key was rejected by Anthropic"},
		{name: "429", script: llmtest.Script{Status: 429, RetryAfter: "20"}, code: apperr.Unavailable, msg: "rate limited by Anthropic: retry in 20 s", retry: 20 * time.Second},
		{name: "500", script: llmtest.Script{Status: 500, ErrorMessage: "Internal server error"}, code: apperr.Unavailable, msg: "Anthropic had a server error (500): Internal server error"},
		{name: "529", script: llmtest.Script{Status: 529, ErrorMessage: "Overloaded"}, code: apperr.Unavailable, msg: "Anthropic is overloaded"},
		{name: "cut", script: llmtest.Script{Text: llmtest.Words("a b c d"), Fault: llmtest.FaultCut, FaultAfter: 2}, code: apperr.Unavailable, msg: "closed before the answer was complete"},
		{name: "no message_stop", script: llmtest.Script{Text: llmtest.Words("a b c"), Fault: llmtest.FaultEOF, FaultAfter: 1}, code: apperr.Unavailable, msg: "closed before the answer was complete", sentinel: llm.ErrStreamCut},
		{name: "malformed", script: llmtest.Script{Text: llmtest.Words("a b c"), Fault: llmtest.FaultMalformed, FaultAfter: 1}, code: apperr.Unavailable, msg: "could not read"},
		{name: "error event", script: llmtest.Script{Text: llmtest.Words("a b"), Fault: llmtest.FaultStreamError, FaultAfter: 1}, code: apperr.Unavailable, msg: "Anthropic is overloaded"},
		{name: "unknown model", script: llmtest.Script{Status: 404, ErrorMessage: "model: claude-x"}, code: apperr.NotFound, msg: `Anthropic has no model named "claude-sonnet-4-5"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := llmtest.Start(t, llmtest.WithAPIKey(testKey))
			srv.PushChat(tc.script)
			p := newProvider(t, srv, func(o *Options) {
				if tc.key != "" {
					o.APIKey = tc.key
				}
			})
			req := hello("claude-sonnet-4-5")
			req.Params.MaxTokens = 100
			c := chat(t, p, req)
			if apperr.CodeOf(c.err) != tc.code || !strings.Contains(apperr.MessageOf(c.err), tc.msg) {
				t.Fatalf("code %s message %q (%v)", apperr.CodeOf(c.err), apperr.MessageOf(c.err), c.err)
			}
			if llm.RetryAfter(c.err) != tc.retry {
				t.Fatalf("retry after %v", llm.RetryAfter(c.err))
			}
			if tc.sentinel != nil && !errors.Is(c.err, tc.sentinel) {
				t.Fatalf("%v is not %v", c.err, tc.sentinel)
			}
			if tc.key != "" && strings.Contains(c.err.Error(), tc.key) {
				t.Fatal("error holds the key")
			}
		})
	}
}

func TestSlowFirstByteTimesOut(t *testing.T) {
	srv := llmtest.Start(t)
	srv.PushChat(llmtest.Script{Text: []string{"late"}, FirstByteDelay: 3 * time.Second})
	p := newProvider(t, srv, func(o *Options) { o.Timeouts.FirstByte = 150 * time.Millisecond })
	req := hello("m")
	req.Params.MaxTokens = 10
	c := chat(t, p, req)
	var te *llm.TimeoutError
	if !errors.As(c.err, &te) || te.Phase != llm.PhaseFirstByte || !strings.Contains(apperr.MessageOf(c.err), "did not answer within") {
		t.Fatalf("err %v", c.err)
	}
}

func TestCancelMidStream(t *testing.T) {
	srv := llmtest.Start(t)
	srv.PushChat(llmtest.Script{Text: llmtest.Words(strings.Repeat("word ", 200)), DeltaDelay: 5 * time.Millisecond})
	p := newProvider(t, srv, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := 0
	req := hello("m")
	req.Params.MaxTokens = 1000
	_, err := p.Chat(ctx, req, func(llm.Delta) {
		if n++; n == 3 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) || apperr.CodeOf(err) != apperr.Canceled || n < 3 || n >= 200 {
		t.Fatalf("err %v after %d deltas", err, n)
	}
}

func TestModels(t *testing.T) {
	srv := llmtest.Start(t, llmtest.WithAPIKey(testKey))
	ms, err := newProvider(t, srv, nil).Models(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]llm.ModelInfo{}
	for _, m := range ms {
		by[m.Name] = m
	}
	if len(ms) != 3 || !by["fake-vision"].Vision || by["fake-chat"].Vision || !by["fake-think"].Thinking ||
		by["fake-think"].ContextLength != 32768 || by["fake-chat"].DisplayName != "Fake Chat" {
		t.Fatalf("models %+v", ms)
	}
}

func TestModelsPaged(t *testing.T) {
	var many []llmtest.Model
	for i := range 230 {
		many = append(many, llmtest.Model{Name: fmt.Sprintf("claude-%03d", i), ContextLength: 1000})
	}
	srv := llmtest.Start(t, llmtest.WithModels(many...))
	ms, err := newProvider(t, srv, nil).Models(context.Background())
	if err != nil || len(ms) != 230 || ms[229].Name != "claude-229" {
		t.Fatalf("%d models, err %v", len(ms), err)
	}
	if n := len(srv.CallsTo(llmtest.EndpointModels)); n != 3 {
		t.Fatalf("%d pages", n)
	}
}

func TestModelsErrors(t *testing.T) {
	srv := llmtest.Start(t, llmtest.WithAPIKey(testKey))
	srv.FailNext(llmtest.EndpointModels, llmtest.Failure{Status: 429, RetryAfter: "5"})
	_, err := newProvider(t, srv, nil).Models(context.Background())
	if llm.RetryAfter(err) != 5*time.Second || apperr.CodeOf(err) != apperr.Unavailable {
		t.Fatalf("err %v", err)
	}
	_, err = newProvider(t, srv, func(o *Options) { o.APIKey = "" }).Models(context.Background())
	if apperr.MessageOf(err) != "Anthropic needs an API key" {
		t.Fatalf("err %v", err)
	}
}

func TestEmbedNotSupported(t *testing.T) {
	srv := llmtest.Start(t)
	_, err := newProvider(t, srv, nil).Embed(context.Background(), "x", []string{"a"})
	if !errors.Is(err, llm.ErrNotSupported) || apperr.CodeOf(err) != apperr.Invalid {
		t.Fatalf("err %v", err)
	}
}

func TestBaseURLWithV1(t *testing.T) {
	srv := llmtest.Start(t)
	p := newProvider(t, srv, func(o *Options) { o.BaseURL = srv.AnthropicURL() + "/v1/" })
	if _, err := p.Models(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestGarbageNeverPanics(t *testing.T) {
	bodies := []string{
		"", "event: message_start\ndata: {\n\n", "data: [1]\n\n", "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"delta\":null}\n\n",
		"event: error\ndata: not json\n\n", "\x00\xff", "event: message_start\ndata: {\"type\":\"message_start\",\"message\":5}\n\n",
	}
	for i, b := range bodies {
		hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodGet {
				w.WriteHeader(404)
				return
			}
			w.Header().Set("Content-Type", "text/event-stream")
			_, _ = w.Write([]byte(b))
		}))
		p, _ := New(Options{BaseURL: hs.URL})
		req := hello("m")
		req.Params.MaxTokens = 10
		if _, err := p.Chat(context.Background(), req, func(llm.Delta) {}); err == nil {
			t.Errorf("body %d: no error", i)
		}
		hs.Close()
	}
}

// A connection that breaks after the stream said the answer was over (message_stop)
// loses nothing of it: the answer is whole, not cut.
func TestBreakAfterTheFinishKeepsTheAnswerWhole(t *testing.T) {
	srv := llmtest.Start(t, llmtest.WithAPIKey(testKey))
	srv.PushChat(llmtest.Script{Text: llmtest.Words("one two three"), InputTokens: 7, OutputTokens: 3, Fault: llmtest.FaultCutAfterFinish})
	p := newProvider(t, srv, nil)
	req := hello("claude-sonnet-4-5")
	req.Params.MaxTokens = 100
	c := chat(t, p, req)
	if c.err != nil || c.text != "one two three" || c.res.FinishReason != llm.FinishStop || c.res.OutputTokens != 3 || !c.res.UsageKnown {
		t.Fatalf("text %q result %+v err %v", c.text, c.res, c.err)
	}
}
