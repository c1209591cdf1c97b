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

// BookBag stopped mid-call (a crash, a kill, power loss: the calls are
// recorded, their results never were): the chat goes on, and the model
// reads that the call did not finish, where the provider would refuse a
// call without a result.
func TestChatGoesOnAfterACallThatNeverFinished(t *testing.T) {
	h, _ := toolHarness(t)
	c := h.titledChat(t)
	ctx := context.Background()
	r, err := h.svc.Send(ctx, SendInput{ChatID: c.ID, Content: `read [[tool files__read {"path":"a.txt"}]]`})
	if err != nil {
		t.Fatal(err)
	}
	h.wait(t, r.Assistant.ID)
	var call, output Message
	for _, m := range h.path(t, c.ID) {
		switch m.Kind {
		case KindToolCall:
			call = m
		case KindToolOutput:
			output = m
		}
	}
	// What the crash leaves: the answer hangs under its call, no result.
	if _, err := h.db.W.Exec(`DELETE FROM messages WHERE id = ?`, output.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := h.db.W.Exec(`UPDATE messages SET parent_id = ?, status = 'interrupted', content = '' WHERE id = ?`, call.ID, r.Assistant.ID); err != nil {
		t.Fatal(err)
	}
	r2, err := h.svc.Send(ctx, SendInput{ChatID: c.ID, Content: "go on"})
	if err != nil {
		t.Fatal(err)
	}
	if e := h.wait(t, r2.Assistant.ID); e.Name != events.ChatDone {
		t.Fatalf("the next answer ended with %+v", e)
	}
	last, _ := h.srv.LastCall(llmtest.EndpointChat)
	var results []string
	for _, m := range last.Messages {
		for _, tr := range m.ToolResults {
			results = append(results, tr.CallID+": "+tr.Content)
		}
	}
	if len(results) != 1 || results[0] != call.ToolCallID+": "+unfinishedCall {
		t.Fatalf("tool results sent: %q", results)
	}
}

// A model that writes a call with arguments that are not a JSON object (cut
// short here) is told so and tries again; the answer goes on. A second bad
// call in the same answer fails it, in words.
func TestBadToolCallIsRetriedOnce(t *testing.T) {
	h, ft := toolHarness(t)
	h.srv.PushChat(llmtest.Script{Text: []string{"Let me read it."}, ArgumentPieces: 3,
		ToolCalls: []llmtest.ScriptToolCall{{Name: "files__read", Arguments: `{"path": "a.t`}}})
	h.srv.PushChat(llmtest.Script{ToolCalls: []llmtest.ScriptToolCall{{Name: "files__read", Arguments: `{"path":"a.txt"}`}}})
	h.srv.PushChat(llmtest.Script{Text: []string{"It says hello."}})
	c := h.titledChat(t)
	r, err := h.svc.Send(context.Background(), SendInput{ChatID: c.ID, Content: "what is in a.txt?"})
	if err != nil {
		t.Fatal(err)
	}
	if e := h.wait(t, r.Assistant.ID); e.Name != events.ChatDone {
		t.Fatalf("answer ended with %+v", e)
	}
	calls := h.srv.CallsTo(llmtest.EndpointChat)
	if len(calls) != 3 {
		t.Fatalf("%d model calls", len(calls))
	}
	retry := calls[1].Messages
	if n := len(retry); n < 2 || retry[n-2].Role != "assistant" || retry[n-2].Text != "Let me read it." ||
		retry[n-1].Role != "user" || !strings.Contains(retry[n-1].Text, "not a JSON object") {
		t.Fatalf("the retry's last messages: %+v", retry)
	}
	if len(ft.ran) != 1 || string(ft.ran[0].Arguments) != `{"path":"a.txt"}` {
		t.Fatalf("ran %+v", ft.ran)
	}
	var answer Message
	for _, m := range h.path(t, c.ID) {
		answer = m
		if strings.Contains(m.Content, "(BookBag)") {
			t.Fatalf("the note to the model was kept in the chat: %+v", m)
		}
	}
	if answer.Content != "Let me read it.\n\nIt says hello." {
		t.Fatalf("answer %q", answer.Content)
	}

	// Twice in one answer: it fails, saying why.
	for range 2 {
		h.srv.PushChat(llmtest.Script{ToolCalls: []llmtest.ScriptToolCall{{Name: "files__read", Arguments: `[1]`}}})
	}
	r, _ = h.svc.Send(context.Background(), SendInput{ChatID: c.ID, Content: "again"})
	e := h.wait(t, r.Assistant.ID)
	if p, ok := e.Payload.(events.ChatErrorPayload); !ok || !strings.Contains(p.Message, "not a JSON object") {
		t.Fatalf("second bad call: %+v", e)
	}
}
