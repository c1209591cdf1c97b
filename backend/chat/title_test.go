package chat

import (
	"context"
	"strings"
	"testing"
	"time"

	"bookbag/backend/llm"
	"bookbag/backend/llm/llmtest"
)

// titleCall sends a chat's first question and returns the title request
// that follows its answer.
func (h *harness) titleCall(t *testing.T) llmtest.Call {
	t.Helper()
	c := h.newChat(t)
	r, err := h.svc.Send(context.Background(), SendInput{ChatID: c.ID, Content: "Why is the sky blue?"})
	if err != nil {
		t.Fatal(err)
	}
	h.wait(t, r.Assistant.ID)
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		for _, c := range h.srv.CallsTo(llmtest.EndpointChat) {
			if m := c.Messages; len(m) == 1 && strings.HasPrefix(m[0].Text, "Title for a conversation") {
				return c
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("no title request")
	return llmtest.Call{}
}

// A thinking model spends a title's few tokens thinking and writes no
// title: where thinking can be switched off, the title asks for none.
func TestTitleOfAThinkingModelAsksForNoThinking(t *testing.T) {
	h := newHarness(t)
	h.res.preset = llm.PresetAnthropic
	h.res.def = "anthropic:fake-think"
	call := h.titleCall(t)
	if call.Think == nil || *call.Think || call.ThinkType != "disabled" {
		t.Fatalf("title request thinking %v (%q)", call.Think, call.ThinkType)
	}
}

// OpenAI's reasoning models count their reasoning in max_completion_tokens:
// a title's 24 would all go to reasoning and leave no title. The title asks
// for little reasoning and leaves room for it.
func TestTitleOfAReasoningModelLeavesRoomToReason(t *testing.T) {
	h := newHarness(t)
	srv := llmtest.Start(t, llmtest.WithAPIKey("sk-test"), llmtest.WithModels(append(llmtest.DefaultModels(),
		llmtest.Model{Name: "gpt-5-mini", Thinking: true, Tools: true, ContextLength: 400000})...))
	h.srv, h.res.srv = srv, srv
	h.res.def = "openai:gpt-5-mini"
	call := h.titleCall(t)
	if call.ReasoningEffort != "low" || call.MaxTokens < 256 {
		t.Fatalf("title request: effort %q, max tokens %d", call.ReasoningEffort, call.MaxTokens)
	}
}
