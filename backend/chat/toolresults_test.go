package chat

import (
	"context"
	"strings"
	"testing"

	"bookbag/backend/events"
	"bookbag/backend/llm/llmtest"
)

// A result bigger than what the model's context has room for is cut, with
// a note, before the model is called again; the chat keeps what the model
// got. A result that fits is passed whole.
func TestBigToolResultFitsTheContext(t *testing.T) {
	h, ft := toolHarness(t)
	h.res.mu.Lock()
	h.res.ctxLen = 4096
	h.res.mu.Unlock()
	big := strings.Repeat("line of a large file\n", 10_000) // 210 000 characters, about 52 000 tokens
	ft.run = func(_ context.Context, r ToolRun) ToolOutcome {
		if strings.Contains(string(r.Arguments), "big") {
			return ToolOutcome{Text: big, Arguments: r.Arguments, Ran: true}
		}
		return ToolOutcome{Text: "small", Arguments: r.Arguments, Ran: true}
	}
	c := h.titledChat(t)
	r, err := h.svc.Send(context.Background(), SendInput{ChatID: c.ID,
		Content: `read [[tool files__read {"path":"big"}]] [[tool files__read {"path":"small"}]]`})
	if err != nil {
		t.Fatal(err)
	}
	if e := h.wait(t, r.Assistant.ID); e.Name != events.ChatDone {
		t.Fatalf("answer ended with %+v", e)
	}
	calls := h.srv.CallsTo(llmtest.EndpointChat)
	if len(calls) != 2 {
		t.Fatalf("%d model calls", len(calls))
	}
	res := calls[1].TrailingToolResults()
	if len(res) != 2 || res[1].Content != "small" {
		t.Fatalf("results %d, second %q", len(res), res[1].Content)
	}
	got := res[0].Content
	body, note, cut := strings.Cut(got, "\n\n[The result was cut to fit the model's context")
	if !cut || !strings.HasPrefix(big, body) || len(body) < 1000 || len(got) > 4096*4/2 || !strings.Contains(note, "of 210000 characters") {
		t.Fatalf("the model got %d characters, cut %v, note %q", len(got), cut, note)
	}
	for _, m := range h.path(t, c.ID) {
		if m.Kind == KindToolOutput && m.Content != "small" && m.Content != got {
			t.Fatalf("the chat keeps %d characters, the model got %d", len(m.Content), len(got))
		}
	}
}
