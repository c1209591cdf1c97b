package localapi

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	"bookbag/backend/llm/llmtest"
)

func TestStopperAcrossPieces(t *testing.T) {
	for _, c := range []struct {
		seqs   []string
		pieces []string
		want   string
		hit    bool
	}{
		{[]string{"\nObservation"}, []string{"Hel", "lo wo", "rld\nObs", "ervation: x"}, "Hello world", true},
		{[]string{"\nObservation"}, []string{"a\nOb", "ject"}, "a\nObject", false},
		{[]string{"END", "ND!"}, []string{"xxEN", "D!"}, "xx", true},
		{[]string{"ab", "b"}, []string{"ab"}, "", true},
		{[]string{"é!"}, []string{"café", "!"}, "caf", true},
	} {
		s := &stopper{seqs: c.seqs}
		var got strings.Builder
		for _, p := range c.pieces {
			got.WriteString(s.feed(p))
		}
		got.WriteString(s.flush())
		if got.String() != c.want || s.hit != c.hit {
			t.Errorf("%q over %q: %q hit %v", c.seqs, c.pieces, got.String(), s.hit)
		}
	}
}

func TestStopSequences(t *testing.T) {
	h := newHarness(t, Limits{})
	c := h.client(h.token)
	ctx := context.Background()
	h.fake.PushChat(llmtest.Script{Text: []string{"Thought: look it up", "\nAct", "ion: search\nObs", "ervation: made up"}})
	res, err := c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: "lmstudio:fake-chat",
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("q")},
		Stop:     openai.ChatCompletionNewParamsStopUnion{OfStringArray: []string{"\nObservation", "never"}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Choices[0].Message.Content; got != "Thought: look it up\nAction: search" || res.Choices[0].FinishReason != "stop" {
		t.Fatalf("answer %q finish %q", got, res.Choices[0].FinishReason)
	}

	// Streamed, with a piece that only looked like the start of one.
	h.fake.PushChat(llmtest.Script{Text: []string{"a\nOb", "ject ", "done.\nObserv", "ation: no"}})
	stream := c.Chat.Completions.NewStreaming(ctx, openai.ChatCompletionNewParams{Model: "lmstudio:fake-chat",
		Messages:      []openai.ChatCompletionMessageParamUnion{openai.UserMessage("q")},
		Stop:          openai.ChatCompletionNewParamsStopUnion{OfString: openai.String("\nObservation")},
		StreamOptions: openai.ChatCompletionStreamOptionsParam{IncludeUsage: openai.Bool(true)}})
	acc := openai.ChatCompletionAccumulator{}
	for stream.Next() {
		acc.AddChunk(stream.Current())
	}
	if err := stream.Err(); err != nil {
		t.Fatal(err)
	}
	if got := acc.Choices[0].Message.Content; got != "a\nObject done." || acc.Choices[0].FinishReason != "stop" || acc.Usage.CompletionTokens == 0 {
		t.Fatalf("streamed %q finish %q usage %+v", got, acc.Choices[0].FinishReason, acc.Usage)
	}

	// The model call ends at the stop: an endless model is cancelled.
	e := withEndless(h, "more ")
	resp, body := h.do("POST", "/v1/chat/completions", h.token, `{"model":"test:endless","stream":true,"stop":" more","messages":[{"role":"user","content":"go"}]}`)
	<-e.canceled
	if resp.StatusCode != 200 || strings.Count(body, `"content":"more"`) != 1 || strings.Count(body, `"content":`) != 2 ||
		!strings.Contains(body, `"finish_reason":"stop"`) || !strings.HasSuffix(strings.TrimSpace(body), "data: [DONE]") {
		t.Fatalf("endless: %d %s", resp.StatusCode, body)
	}
	rec := waitForRecord(t, h, func(r Request) bool { return r.Model == "test:endless" })
	if rec.Status != 200 || rec.OutputTokens != 1 {
		t.Fatalf("record %+v", rec)
	}

	// Stopped before any text: the role chunk, the finish, [DONE].
	h.fake.PushChat(llmtest.Script{Text: []string{"STOP", " here"}})
	_, body = h.do("POST", "/v1/chat/completions", h.token, `{"model":"lmstudio:fake-chat","stream":true,"stop":["STOP"],"messages":[{"role":"user","content":"go"}]}`)
	if strings.Count(body, "data: ") != 3 || !strings.Contains(body, `"delta":{"role":"assistant","content":""}`) || strings.Contains(body, "here") {
		t.Fatalf("empty answer: %s", body)
	}

	for _, bad := range []string{`5`, `["a","b","c","d","e"]`} {
		_, err := c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: "lmstudio:fake-chat",
			Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("q")}},
			option.WithJSONSet("stop", json.RawMessage(bad)))
		var apiErr *openai.Error
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 || apiErr.Param != "stop" {
			t.Fatalf("stop %s: %v", bad, err)
		}
	}
}
