package chat

import (
	"context"
	"strings"
	"testing"

	"bookbag/backend/llm"
	"bookbag/backend/llm/llmtest"
)

// An Ollama model reports its trained length (here 128k) but runs with
// the window it is asked for: an answer asks for llm.OllamaContext and
// trims the history to it, instead of sending more than Ollama keeps (it
// drops the start, the system prompt and documents first); the chat's
// title asks for the same window, so Ollama does not load the model again
// for it. A profile's window is sent as set.
func TestOllamaAnswersAskForTheWindowTheyAreTrimmedTo(t *testing.T) {
	h := newHarness(t)
	h.res.mu.Lock()
	h.res.preset, h.res.ctxLen, h.res.def = llm.PresetOllama, 131072, "ollama:fake-chat"
	h.res.mu.Unlock()
	ctx := context.Background()
	c := h.newChat(t)
	long := strings.Repeat("lorem ipsum dolor sit amet ", 1200) // ~8k tokens of history per message
	for i := 0; i < 3; i++ {
		r, err := h.svc.Send(ctx, SendInput{ChatID: c.ID, Content: long})
		if err != nil {
			t.Fatal(err)
		}
		h.wait(t, r.Assistant.ID)
	}
	calls := h.srv.CallsTo(llmtest.EndpointChat)
	for _, call := range calls {
		if call.ContextLength != llm.OllamaContext {
			t.Fatalf("num_ctx %d, want %d: %s", call.ContextLength, llm.OllamaContext, call.Body)
		}
	}
	if len(calls) != 4 { // three answers and the title
		t.Fatalf("%d calls", len(calls))
	}
	call := calls[len(calls)-1]
	var sent int
	for _, m := range call.Messages {
		sent += len(m.Text)
	}
	if sent > 4*llm.OllamaContext {
		t.Fatalf("sent %d characters into an %d-token window", sent, llm.OllamaContext)
	}

	h.res.mu.Lock()
	h.res.profiles["big"] = Profile{Params: llm.Params{ContextLength: 32768}, ContextSet: true}
	h.res.ws.DefaultProfileID = "big"
	h.res.mu.Unlock()
	r, err := h.svc.Send(ctx, SendInput{ChatID: c.ID, Content: "and now?"})
	if err != nil {
		t.Fatal(err)
	}
	h.wait(t, r.Assistant.ID)
	if call, _ := h.srv.LastCall(llmtest.EndpointChat); call.ContextLength != 32768 {
		t.Fatalf("a profile's num_ctx: %d", call.ContextLength)
	}
}
