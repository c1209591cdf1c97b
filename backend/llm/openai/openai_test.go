package openai

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

const testKey = "sk-test-0123456789abcdef"

func ptr[T any](v T) *T { return &v }

func newProvider(t *testing.T, srv *llmtest.Server, mod func(*Options)) *Provider {
	t.Helper()
	o := Options{Preset: llm.PresetOpenAI, Name: "OpenAI", BaseURL: srv.OpenAIURL(), APIKey: testKey,
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
	c := chat(t, newProvider(t, srv, nil), hello("gpt-4o-mini"))
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
	if call.Header.Get("Authorization") != "Bearer "+testKey || !call.Stream || !call.IncludeUsage {
		t.Fatalf("request: auth %q stream %v usage %v", call.Header.Get("Authorization"), call.Stream, call.IncludeUsage)
	}
	if call.System != "Be brief." || len(call.Messages) != 1 || call.Messages[0].Text != "Hello?" {
		t.Fatalf("messages %+v system %q", call.Messages, call.System)
	}
}

func TestCachedTokens(t *testing.T) {
	srv := llmtest.Start(t)
	srv.PushChat(llmtest.Script{Text: []string{"ok"}, InputTokens: 1200, CachedTokens: 1024, OutputTokens: 2})
	srv.PushChat(llmtest.Script{Text: []string{"ok"}, InputTokens: 1200, OutputTokens: 2}) // no prompt_tokens_details
	p := newProvider(t, srv, nil)
	c := chat(t, p, hello("gpt-4o"))
	if c.err != nil || c.res.InputTokens != 1200 || c.res.CachedTokens != 1024 || c.res.OutputTokens != 2 {
		t.Fatalf("cached: %+v %v", c.res, c.err)
	}
	c = chat(t, p, hello("gpt-4o"))
	if c.err != nil || c.res.InputTokens != 1200 || c.res.CachedTokens != 0 {
		t.Fatalf("uncached: %+v %v", c.res, c.err)
	}
}

func TestUsageMissing(t *testing.T) {
	srv := llmtest.Start(t)
	srv.PushChat(llmtest.Script{Text: []string{"x"}, NoUsage: true})
	c := chat(t, newProvider(t, srv, nil), hello("m"))
	if c.err != nil || c.res.UsageKnown {
		t.Fatalf("err %v result %+v", c.err, c.res)
	}
}

func TestSamplingParams(t *testing.T) {
	srv := llmtest.Start(t)
	cases := []struct {
		name, preset, model string
		params              llm.Params
		check               func(t *testing.T, c llmtest.Call)
	}{
		{"temperature zero is sent", llm.PresetOpenAI, "gpt-4o", llm.Params{Temperature: ptr(0.0), TopP: ptr(0.0)}, func(t *testing.T, c llmtest.Call) {
			if c.Temperature == nil || *c.Temperature != 0 || c.TopP == nil || *c.TopP != 0 {
				t.Fatalf("temperature %v top_p %v; body %s", c.Temperature, c.TopP, c.Body)
			}
		}},
		{"unset is not sent", llm.PresetOpenAI, "gpt-4o", llm.Params{}, func(t *testing.T, c llmtest.Call) {
			if c.Temperature != nil || c.TopP != nil || c.MaxTokensField != "" {
				t.Fatalf("body %s", c.Body)
			}
		}},
		{"openai uses max_completion_tokens", llm.PresetOpenAI, "gpt-4o", llm.Params{MaxTokens: 100, Temperature: ptr(0.7)}, func(t *testing.T, c llmtest.Call) {
			if c.MaxTokensField != "max_completion_tokens" || c.MaxTokens != 100 || *c.Temperature != 0.7 {
				t.Fatalf("body %s", c.Body)
			}
		}},
		{"reasoning model drops temperature", llm.PresetOpenRouter, "openai/gpt-5-mini", llm.Params{MaxTokens: 50, Temperature: ptr(0.0), ReasoningEffort: "high"}, func(t *testing.T, c llmtest.Call) {
			if c.Temperature != nil || c.MaxTokensField != "max_completion_tokens" || c.ReasoningEffort != "high" {
				t.Fatalf("body %s", c.Body)
			}
		}},
		{"compatible server uses max_tokens", llm.PresetGroq, "llama-3.3-70b", llm.Params{MaxTokens: 64, ReasoningEffort: "low"}, func(t *testing.T, c llmtest.Call) {
			if c.MaxTokensField != "max_tokens" || c.ReasoningEffort != "low" {
				t.Fatalf("body %s", c.Body)
			}
		}},
		{"vllm think switch", llm.PresetVLLM, "qwen3", llm.Params{Think: ptr(false)}, func(t *testing.T, c llmtest.Call) {
			if c.Think == nil || *c.Think {
				t.Fatalf("body %s", c.Body)
			}
		}},
		{"deepseek takes no effort", llm.PresetDeepSeek, "deepseek-chat", llm.Params{ReasoningEffort: "high", Think: ptr(true)}, func(t *testing.T, c llmtest.Call) {
			if c.ReasoningEffort != "" || c.Think != nil {
				t.Fatalf("body %s", c.Body)
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv.PushChat(llmtest.Script{Text: []string{"ok"}})
			p := newProvider(t, srv, func(o *Options) { o.Preset = tc.preset })
			req := hello(tc.model)
			req.Params = tc.params
			if c := chat(t, p, req); c.err != nil {
				t.Fatal(c.err)
			}
			call, _ := srv.LastCall(llmtest.EndpointChat)
			tc.check(t, call)
		})
	}
}

func TestThinkingFields(t *testing.T) {
	for _, field := range []string{"reasoning_content", "reasoning"} {
		t.Run(field, func(t *testing.T) {
			srv := llmtest.Start(t)
			srv.PushChat(llmtest.Script{ReasoningField: field, Thinking: []string{"Let me ", "think."}, Text: []string{"Answer."}})
			c := chat(t, newProvider(t, srv, nil), hello("deepseek-reasoner"))
			if c.err != nil || c.thinking != "Let me think." || c.text != "Answer." {
				t.Fatalf("thinking %q text %q err %v", c.thinking, c.text, c.err)
			}
		})
	}
}

func TestOllamaCompatEndpointThinking(t *testing.T) {
	srv := llmtest.Start(t)
	p, err := New(Options{Preset: llm.PresetCustom, BaseURL: srv.OllamaOpenAIURL()})
	if err != nil {
		t.Fatal(err)
	}
	req := hello("fake-think")
	req.Params.ReasoningEffort = "high"
	c := chat(t, p, req)
	if c.err != nil || !strings.HasPrefix(c.thinking, "Thinking about") || !strings.Contains(c.text, `You asked: "Hello?"`) {
		t.Fatalf("thinking %q text %q err %v", c.thinking, c.text, c.err)
	}
}

func TestImagesReceived(t *testing.T) {
	srv := llmtest.Start(t)
	png := []byte("\x89PNG\r\n\x1a\nfake-png-bytes")
	req := llm.ChatRequest{Model: "fake-vision", Messages: []llm.Message{
		{Role: "user", Content: "What is this?", Images: []llm.Image{{MIME: "image/png", Data: png}}},
	}}
	c := chat(t, newProvider(t, srv, nil), req)
	if c.err != nil {
		t.Fatal(c.err)
	}
	call, _ := srv.LastCall(llmtest.EndpointChat)
	imgs := call.Images()
	if len(imgs) != 1 || imgs[0].MIME != "image/png" || !bytes.Equal(imgs[0].Data, png) || call.Messages[0].Text != "What is this?" {
		t.Fatalf("images %+v messages %+v", imgs, call.Messages)
	}
	if !strings.Contains(c.text, "I see 1 image (image/png") {
		t.Fatalf("reply %q", c.text)
	}
}

func TestErrors(t *testing.T) {
	cases := []struct {
		name      string
		script    llmtest.Script
		key       string
		code      apperr.Code
		msg       string
		retry     time.Duration
		sentinel  error
		minDeltas int
	}{
		{name: "401", key: "sk-wrong-key-1234567890", code: apperr.Unauthorized, msg: "the API key was rejected by OpenAI"},
		{name: "429", script: llmtest.Script{Status: 429, RetryAfter: "20"}, code: apperr.Unavailable, msg: "rate limited by OpenAI: retry in 20 s", retry: 20 * time.Second},
		{name: "500", script: llmtest.Script{Status: 500, ErrorMessage: "boom"}, code: apperr.Unavailable, msg: "OpenAI had a server error (500): boom"},
		{name: "400", script: llmtest.Script{Status: 400, ErrorMessage: "max_tokens is too large"}, code: apperr.Invalid, msg: "OpenAI rejected the request (400): max_tokens is too large"},
		{name: "cut", script: llmtest.Script{Text: llmtest.Words("one two three four"), Fault: llmtest.FaultCut, FaultAfter: 2}, code: apperr.Unavailable, msg: "closed before the answer was complete", sentinel: llm.ErrStreamCut, minDeltas: 2},
		{name: "eof without done", script: llmtest.Script{Text: llmtest.Words("one two three"), Fault: llmtest.FaultEOF, FaultAfter: 1}, code: apperr.Unavailable, msg: "closed before the answer was complete", sentinel: llm.ErrStreamCut, minDeltas: 1},
		{name: "malformed", script: llmtest.Script{Text: llmtest.Words("one two three"), Fault: llmtest.FaultMalformed, FaultAfter: 1}, code: apperr.Unavailable, msg: "could not read", sentinel: llm.ErrMalformed, minDeltas: 1},
		{name: "llama.cpp error field", script: llmtest.Script{Text: llmtest.Words("one two"), Fault: llmtest.FaultStreamError, FaultAfter: 1, ErrorField: true, ErrorMessage: "the request exceeds the available context size"}, code: apperr.Unavailable, msg: "OpenAI had a server error (500): the request exceeds the available context size", minDeltas: 1},
		{name: "error in stream", script: llmtest.Script{Text: llmtest.Words("one two"), Fault: llmtest.FaultStreamError, FaultAfter: 1, ErrorMessage: "model crashed"}, code: apperr.Unavailable, msg: "model crashed", minDeltas: 1},
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
			c := chat(t, p, hello("gpt-4o"))
			if c.err == nil {
				t.Fatal("no error")
			}
			if apperr.CodeOf(c.err) != tc.code || !strings.Contains(apperr.MessageOf(c.err), tc.msg) {
				t.Fatalf("code %s message %q (%v)", apperr.CodeOf(c.err), apperr.MessageOf(c.err), c.err)
			}
			if got := llm.RetryAfter(c.err); got != tc.retry {
				t.Fatalf("retry after %v", got)
			}
			if tc.sentinel != nil && !errors.Is(c.err, tc.sentinel) {
				t.Fatalf("error %v is not %v", c.err, tc.sentinel)
			}
			if c.deltas < tc.minDeltas {
				t.Fatalf("only %d deltas before the error", c.deltas)
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
	c := chat(t, p, hello("m"))
	var te *llm.TimeoutError
	if !errors.As(c.err, &te) || te.Phase != llm.PhaseFirstByte || apperr.CodeOf(c.err) != apperr.Unavailable {
		t.Fatalf("err %v", c.err)
	}
	if !strings.Contains(apperr.MessageOf(c.err), "OpenAI did not answer within 1 s") {
		t.Fatalf("message %q", apperr.MessageOf(c.err))
	}
}

func TestStallTimesOut(t *testing.T) {
	srv := llmtest.Start(t)
	srv.PushChat(llmtest.Script{Text: llmtest.Words("a b c"), DeltaDelay: 3 * time.Second})
	p := newProvider(t, srv, func(o *Options) { o.Timeouts.Stall = 150 * time.Millisecond })
	c := chat(t, p, hello("m"))
	var te *llm.TimeoutError
	if !errors.As(c.err, &te) || te.Phase != llm.PhaseStall || c.text != "a " {
		t.Fatalf("err %v text %q", c.err, c.text)
	}
}

func TestCancelMidStream(t *testing.T) {
	srv := llmtest.Start(t)
	srv.PushChat(llmtest.Script{Text: llmtest.Words(strings.Repeat("word ", 200)), DeltaDelay: 5 * time.Millisecond})
	p := newProvider(t, srv, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := 0
	res, err := p.Chat(ctx, hello("m"), func(d llm.Delta) {
		n++
		if n == 3 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) || apperr.CodeOf(err) != apperr.Canceled {
		t.Fatalf("err %v", err)
	}
	if n < 3 || n >= 200 || res.UsageKnown {
		t.Fatalf("%d deltas, result %+v", n, res)
	}
}

func TestModels(t *testing.T) {
	srv := llmtest.Start(t, llmtest.WithAPIKey(testKey))
	ms, err := newProvider(t, srv, nil).Models(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]llm.ModelInfo{}
	for _, m := range ms {
		byName[m.Name] = m
	}
	if len(ms) != 4 || !byName["fake-vision"].Vision || byName["fake-chat"].Vision || !byName["fake-think"].Thinking ||
		!byName["fake-embed"].Embedding || byName["fake-chat"].ContextLength != 8192 || !byName["fake-chat"].Tools {
		t.Fatalf("models %+v", ms)
	}
}

func TestModelsErrors(t *testing.T) {
	srv := llmtest.Start(t, llmtest.WithAPIKey(testKey))
	srv.FailNext(llmtest.EndpointModels, llmtest.Failure{Status: 503, RetryAfter: "7"})
	_, err := newProvider(t, srv, nil).Models(context.Background())
	if apperr.CodeOf(err) != apperr.Unavailable || llm.RetryAfter(err) != 7*time.Second {
		t.Fatalf("err %v", err)
	}
	_, err = newProvider(t, srv, func(o *Options) { o.APIKey = "" }).Models(context.Background())
	if apperr.CodeOf(err) != apperr.Unauthorized || apperr.MessageOf(err) != "OpenAI needs an API key" {
		t.Fatalf("err %v", err)
	}
}

func TestGuessCaps(t *testing.T) {
	cases := map[string]llm.ModelInfo{
		"text-embedding-3-small": {Embedding: true, Dimensions: 1536},
		"gpt-4o-mini":            {Vision: true, Tools: true},
		"o3-mini":                {Thinking: true, Tools: true},
		"deepseek-reasoner":      {Thinking: true, Tools: true},
	}
	for name, want := range cases {
		got := guessCaps(name, llm.PresetOpenAI)
		want.Name = name
		if got != want {
			t.Errorf("%s: got %+v want %+v", name, got, want)
		}
	}
}

func TestEmbed(t *testing.T) {
	srv := llmtest.Start(t, llmtest.WithAPIKey(testKey))
	p := newProvider(t, srv, nil)
	texts := make([]string, 300) // two batches
	for i := range texts {
		texts[i] = "text number " + strings.Repeat("x", i%7)
	}
	vecs, err := p.Embed(context.Background(), "fake-embed", texts)
	if err != nil {
		t.Fatal(err)
	}
	if len(vecs) != 300 || len(srv.CallsTo(llmtest.EndpointEmbed)) != 2 {
		t.Fatalf("%d vectors in %d calls", len(vecs), len(srv.CallsTo(llmtest.EndpointEmbed)))
	}
	for i, v := range vecs {
		want := llmtest.HashEmbed(texts[i], 256)
		if len(v) != 256 || v[0] != want[0] || v[255] != want[255] {
			t.Fatalf("vector %d differs", i)
		}
	}
	_, err = p.Embed(context.Background(), "fake-chat", []string{"x"})
	if apperr.CodeOf(err) != apperr.Invalid {
		t.Fatalf("embedding with a chat model: %v", err)
	}
	srv.FailNext(llmtest.EndpointEmbed, llmtest.Failure{Status: 429, RetryAfter: "3"})
	_, err = p.Embed(context.Background(), "fake-embed", []string{"x"})
	if llm.RetryAfter(err) != 3*time.Second || !strings.Contains(apperr.MessageOf(err), "retry in 3 s") {
		t.Fatalf("err %v", err)
	}
}

func TestConnectionRefused(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	p, err := New(Options{Preset: llm.PresetLMStudio, Name: "LM Studio", BaseURL: "http://" + addr + "/v1", Local: true})
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.Models(context.Background())
	if apperr.CodeOf(err) != apperr.Unavailable || apperr.MessageOf(err) != "LM Studio is not running at "+addr {
		t.Fatalf("err %v", err)
	}
}

func TestBadBaseURL(t *testing.T) {
	if _, err := New(Options{BaseURL: "ftp://x"}); apperr.CodeOf(err) != apperr.Invalid {
		t.Fatalf("err %v", err)
	}
}

// TestGarbageNeverPanics feeds bodies no server should send.
func TestGarbageNeverPanics(t *testing.T) {
	bodies := []string{
		"", "\n\n", "data:", "data: {", "data: [1,2]", "data: null\n\n", "data: {\"choices\":null}\n",
		"data: {\"choices\":[{\"delta\":null}]}\n", "data: {\"choices\":[null]}\n", "data: {\"usage\":{\"prompt_tokens\":\"x\"}}\n",
		"{\"error\":{\"message\":\"bare error\"}}\n", "\x00\xff\xfe garbage", "<html>502 Bad Gateway</html>",
		"data: {\"error\":\"plain\"}\n", "data: {\"choices\":[{\"delta\":{\"content\":5}}]}\n",
		"data: " + strings.Repeat("a", 9<<20),
		"data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":-5}]}}]}\n",
		"data: {\"choices\":[{\"delta\":{\"tool_calls\":[null,{\"index\":9}]}}]}\n",
		"data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\"}}]},\"finish_reason\":\"tool_calls\"}]}\n",
	}
	for i, b := range bodies {
		hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/event-stream")
			_, _ = w.Write([]byte(b))
		}))
		p, _ := New(Options{Preset: llm.PresetCustom, BaseURL: hs.URL})
		_, err := p.Chat(context.Background(), hello("m"), func(llm.Delta) {})
		if err == nil {
			t.Errorf("body %d: no error", i)
		}
		hs.Close()
	}
}

// TestErrorEvent reads an error sent as an SSE event named error, whose
// data need not hold an "error" key: it must not pass as an empty chunk and
// let [DONE] end the answer as if it were whole.
func TestErrorEvent(t *testing.T) {
	body := "data: {\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}\n\n" +
		": keep-alive\n\n" +
		"event: error\ndata: {\"message\":\"upstream provider went away\",\"code\":502}\n\n" +
		"data: [DONE]\n\n"
	var text strings.Builder
	_, err := readStream(strings.NewReader(body), func(d llm.Delta) { text.WriteString(d.Text) })
	var se *llm.StatusError
	if !errors.As(err, &se) || se.Message != "upstream provider went away" || se.Status != 502 {
		t.Fatalf("err %v (%+v)", err, se)
	}
	if text.String() != "Hel" {
		t.Fatalf("text before the error %q", text.String())
	}
	// A finish reason of error is no whole answer, error object or not.
	body = "data: {\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}\n\ndata: {\"choices\":[{\"delta\":{},\"finish_reason\":\"error\"}]}\n\ndata: [DONE]\n\n"
	if _, err := readStream(strings.NewReader(body), func(llm.Delta) {}); !errors.As(err, &se) {
		t.Fatalf("finish reason error: %v", err)
	}
	// An event named otherwise leaves its data to the usual reading.
	body = "event: message\ndata: {\"choices\":[{\"delta\":{\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n"
	if res, err := readStream(strings.NewReader(body), func(llm.Delta) {}); err != nil || res.FinishReason != llm.FinishStop {
		t.Fatalf("named event: %v %+v", err, res)
	}
}

func FuzzReadStream(f *testing.F) {
	f.Add([]byte("data: {\"choices\":[{\"delta\":{\"content\":\"hi\"}}]}\n\ndata: [DONE]\n\n"))
	f.Add([]byte("data: {\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2}}\n"))
	f.Add([]byte(": keep-alive\nevent: x\ndata: {\"error\":{\"message\":\"m\"}}\n"))
	f.Add([]byte("data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"a\",\"function\":{\"name\":\"f\",\"arguments\":\"{\"}},{\"index\":1,\"function\":{\"arguments\":\"}\"}}]},\"finish_reason\":\"tool_calls\"}]}\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = readStream(bytes.NewReader(b), func(llm.Delta) {})
	})
}

// A connection that breaks after the stream said the answer was over (finish_reason and usage, no [DONE])
// loses nothing of it: the answer is whole, not cut.
func TestBreakAfterTheFinishKeepsTheAnswerWhole(t *testing.T) {
	srv := llmtest.Start(t, llmtest.WithAPIKey(testKey))
	srv.PushChat(llmtest.Script{Text: llmtest.Words("one two three"), InputTokens: 7, OutputTokens: 3, Fault: llmtest.FaultCutAfterFinish})
	p := newProvider(t, srv, nil)
	req := hello("gpt-4o")
	c := chat(t, p, req)
	if c.err != nil || c.text != "one two three" || c.res.FinishReason != llm.FinishStop || c.res.OutputTokens != 3 || !c.res.UsageKnown {
		t.Fatalf("text %q result %+v err %v", c.text, c.res, c.err)
	}
}
