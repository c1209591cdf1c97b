package llmtest

import (
	"bufio"
	"context"
	"errors"
	"io"
	"math"
	"net/http"
	"strings"
	"testing"
	"time"

	goopenai "github.com/sashabaranov/go-openai"
)

func call(text string) *Call {
	return &Call{Model: "fake-chat", Messages: []Message{{Role: "user", Text: text}}}
}

func TestEchoDirectives(t *testing.T) {
	chatModel := DefaultModels()[0]
	s := Echo(call("What is  Go?"), chatModel)
	if got := strings.Join(s.Text, ""); got != `You asked: "What is Go?".` || s.Thinking != nil || s.Status != 0 {
		t.Fatalf("plain: %q %+v", got, s)
	}
	if s := Echo(call("hi [[429]]"), chatModel); s.Status != 429 || s.RetryAfter != "2" {
		t.Fatalf("429: %+v", s)
	}
	if s := Echo(call("[[500]] hi"), chatModel); s.Status != 500 {
		t.Fatalf("500: %+v", s)
	}
	s = Echo(call("hi [[slow]]"), chatModel)
	if s.FirstByteDelay != SlowFirstByte || s.DeltaDelay != SlowDeltaDelay || strings.Join(s.Text, "") != `You asked: "hi".` {
		t.Fatalf("slow: %+v", s)
	}
	if s := Echo(call("hi [[slow 5]]"), chatModel); s.DeltaDelay != 5*time.Millisecond {
		t.Fatalf("slow 5: %+v", s)
	}
	if s := Echo(call("hi [[think]]"), chatModel); strings.Join(s.Thinking, "") != "Thinking about the question: hi" {
		t.Fatalf("think: %+v", s)
	}
	if s := Echo(call("[[long 1000]]"), chatModel); len(s.Text) != 1000 || s.Text[0] != "lorem " {
		t.Fatalf("long: %d", len(s.Text))
	}
	if s := Echo(call("a b c d e f [[cut]]"), chatModel); s.Fault != FaultCut || s.FaultAfter != len(s.Text)/2 {
		t.Fatalf("cut: %+v", s)
	}
	c := call("Who? [[think]]")
	c.MaxTokens = 2
	if s := Echo(c, chatModel); len(s.Text) != 2 || s.FinishReason != "length" {
		t.Fatalf("max tokens: %+v", s)
	}
	// fake-think thinks when asked, fake-chat does not.
	yes := true
	c = call("x")
	c.Think = &yes
	if s := Echo(c, DefaultModels()[2]); s.Thinking == nil {
		t.Fatal("fake-think did not think")
	}
	if s := Echo(c, chatModel); s.Thinking != nil {
		t.Fatal("fake-chat thought")
	}
}

func TestEchoCitesSources(t *testing.T) {
	c := call("What does the report say?")
	c.System = "Answer from the sources.\n[1] report.pdf p.3: revenue grew\n[2] notes.md: it did not"
	got := strings.Join(Echo(c, DefaultModels()[0]).Text, "")
	if !strings.Contains(got, "[1]") || !strings.Contains(got, "[2]") || !strings.HasPrefix(got, `You asked: "What does the report say?".`) {
		t.Fatalf("%q", got)
	}
	c = call("Context:\n  [3] only one source\nQuestion: x")
	if got := strings.Join(Echo(c, DefaultModels()[0]).Text, ""); !strings.Contains(got, "see [3].") {
		t.Fatalf("%q", got)
	}
}

func TestEchoImages(t *testing.T) {
	c := call("look")
	c.Messages[0].Images = []Image{{MIME: "image/png", Data: make([]byte, 68)}, {MIME: "image/jpeg", Data: make([]byte, 10)}}
	got := strings.Join(Echo(c, DefaultModels()[1]).Text, "")
	if !strings.Contains(got, "I see 2 images (image/png, 68 bytes; image/jpeg, 10 bytes).") {
		t.Fatalf("%q", got)
	}
}

func TestHashEmbed(t *testing.T) {
	a := HashEmbed("The quick brown fox", 256)
	b := HashEmbed("the QUICK brown fox!", 256)
	c := HashEmbed("completely different words here", 256)
	cos := func(x, y []float32) float64 {
		var s float64
		for i := range x {
			s += float64(x[i]) * float64(y[i])
		}
		return s
	}
	if math.Abs(cos(a, a)-1) > 1e-6 || math.Abs(cos(a, b)-1) > 1e-6 {
		t.Fatalf("self %v case-insensitive %v", cos(a, a), cos(a, b))
	}
	if cos(a, HashEmbed("quick fox jumps", 256)) <= cos(a, c) {
		t.Fatal("shared words are not closer")
	}
	if e := HashEmbed("", 64); len(e) != 64 || e[0] != 1 {
		t.Fatalf("empty %v", e[:2])
	}
}

func TestWords(t *testing.T) {
	if w := Words("a  b c"); strings.Join(w, "|") != "a |b |c" {
		t.Fatalf("%q", w)
	}
}

func TestValidation(t *testing.T) {
	srv := Start(t)
	post := func(path, body string) (int, string) {
		resp, err := http.Post(srv.URL+path, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	cases := []struct {
		path, body string
		status     int
		has        string
	}{
		{"/openai/v1/chat/completions", `{"model":"nope","messages":[{"role":"user","content":"x"}]}`, 404, "model_not_found"},
		{"/openai/v1/chat/completions", `{"model":"fake-embed","messages":[{"role":"user","content":"x"}]}`, 400, "does not support chat"},
		{"/openai/v1/chat/completions", `{"model":"fake-chat","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}}]}]}`, 400, "does not support images"},
		{"/openai/v1/chat/completions", `{"model":"fake-chat","messages":[{"role":"user","content":"x [[429]]"}]}`, 429, "rate_limit_exceeded"},
		{"/openai/v1/chat/completions", `not json`, 400, "parse"},
		{"/anthropic/v1/messages", `{"model":"fake-chat","messages":[{"role":"user","content":"x"}]}`, 400, "max_tokens: Field required"},
		{"/anthropic/v1/messages", `{"model":"fake-think","max_tokens":1000,"thinking":{"type":"enabled","budget_tokens":2000},"messages":[{"role":"user","content":"x"}]}`, 400, "budget_tokens"},
		{"/anthropic/v1/messages", `{"model":"fake-chat","max_tokens":10,"messages":[{"role":"user","content":"x [[500]]"}]}`, 500, "api_error"},
		{"/ollama/api/chat", `{"model":"fake-chat","think":true,"messages":[{"role":"user","content":"x"}]}`, 400, "does not support thinking"},
		{"/ollama/api/chat", `{"model":"nope","messages":[{"role":"user","content":"x"}]}`, 404, "not found"},
		{"/ollama/api/show", `{"model":"nope"}`, 404, "not found"},
		{"/ollama/api/embed", `{"model":"fake-embed","input":"hello","dimensions":32}`, 200, `"embeddings":[[`},
	}
	for _, tc := range cases {
		status, body := post(tc.path, tc.body)
		if status != tc.status || !strings.Contains(body, tc.has) {
			t.Errorf("%s %s: %d %s", tc.path, tc.body, status, body)
		}
	}
	if c, _ := srv.LastCall(EndpointEmbed); c.Dimensions != 32 || c.Inputs[0] != "hello" {
		t.Fatalf("embed call %+v", c)
	}
}

// TestOpenAIStreamWithGoOpenAI checks the fake against go-openai's own
// stream reader, including the usage chunk with empty choices.
func TestOpenAIStreamWithGoOpenAI(t *testing.T) {
	srv := Start(t)
	srv.PushChat(Script{Text: []string{"a", "b"}, InputTokens: 5, OutputTokens: 2})
	cfg := goopenai.DefaultConfig("k")
	cfg.BaseURL = srv.OpenAIURL()
	stream, err := goopenai.NewClientWithConfig(cfg).CreateChatCompletionStream(context.Background(), goopenai.ChatCompletionRequest{
		Model: "gpt-4o", Messages: []goopenai.ChatCompletionMessage{{Role: "user", Content: "x"}},
		StreamOptions: &goopenai.StreamOptions{IncludeUsage: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Close()
	var text string
	var usage *goopenai.Usage
	var finish goopenai.FinishReason
	for {
		r, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Choices) > 0 {
			text += r.Choices[0].Delta.Content
			if r.Choices[0].FinishReason != "" {
				finish = r.Choices[0].FinishReason
			}
		} else if r.Usage != nil {
			usage = r.Usage
		}
	}
	if text != "ab" || finish != "stop" || usage == nil || usage.PromptTokens != 5 || usage.CompletionTokens != 2 {
		t.Fatalf("text %q finish %q usage %+v", text, finish, usage)
	}
}

func TestOpenAIStreamBytes(t *testing.T) {
	srv := Start(t)
	srv.PushChat(Script{Text: []string{"hi"}, Thinking: []string{"hm"}})
	resp, lines := post(t, srv.OpenAIURL()+"/chat/completions", `{"model":"m","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"x"}]}`)
	if resp.Header.Get("Content-Type") != "text/event-stream; charset=utf-8" {
		t.Fatalf("content type %q", resp.Header.Get("Content-Type"))
	}
	wantLines(t, lines, "data: ", `"delta":{"content":"","role":"assistant"}`, `"delta":{"reasoning_content":"hm"}`, `"delta":{"content":"hi"}`,
		`"finish_reason":"stop"`, `"choices":[],"usage":{"completion_tokens":2,"prompt_tokens":2,"total_tokens":4}`, `data: [DONE]`)
}

// post sends body to the fake and returns the response (body read and
// closed) and its non-empty lines.
func post(t *testing.T, url, body string) (*http.Response, []string) {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var lines []string
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if sc.Text() != "" {
			lines = append(lines, sc.Text())
		}
	}
	return resp, lines
}

// wantLines checks that each line starts with prefix and holds its want.
func wantLines(t *testing.T, lines []string, prefix string, want ...string) {
	t.Helper()
	if len(lines) != len(want) {
		t.Fatalf("%d lines, want %d: %q", len(lines), len(want), lines)
	}
	for i, w := range want {
		if !strings.Contains(lines[i], w) || !strings.HasPrefix(lines[i], prefix) {
			t.Errorf("line %d %q lacks %q", i, lines[i], w)
		}
	}
}

func TestRecordedCallsAreCopies(t *testing.T) {
	srv := Start(t)
	http.Post(srv.OllamaURL()+"/api/show", "application/json", strings.NewReader(`{"model":"fake-chat"}`))
	cs := srv.Calls()
	cs[0].Header.Set("X", "y")
	if srv.Calls()[0].Header.Get("X") != "" {
		t.Fatal("Calls shares state")
	}
	srv.Reset()
	if len(srv.Calls()) != 0 {
		t.Fatal("Reset kept calls")
	}
}
