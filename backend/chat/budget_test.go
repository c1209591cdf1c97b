package chat

import (
	"context"
	"strings"
	"sync"
	"testing"

	"bookbag/backend/apperr"
	"bookbag/backend/events"
	"bookbag/backend/llm/llmtest"
)

// budgetUsage is the usage domain with a hard budget that the spend-th
// recorded call reaches: Allow refuses from then on.
type budgetUsage struct {
	mu    sync.Mutex
	calls []ModelCall
	spend int      // calls that reach the budget
	asked []string // the model refs checked
}

func (b *budgetUsage) Record(_ context.Context, c ModelCall) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.calls = append(b.calls, c)
	return nil
}

func (b *budgetUsage) Allow(_ context.Context, _, modelRef string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.asked = append(b.asked, modelRef)
	if len(b.calls) >= b.spend {
		return apperr.New("over_budget", "This workspace reached its monthly budget of $1.00 (spent $1.20).")
	}
	return nil
}

// A round that reaches the hard budget is the answer's last: the tool it
// asked for runs, but the model is not called again with the result, and
// the answer fails with the budget's message, keeping what it had said.
func TestHardBudgetStopsTheNextToolRound(t *testing.T) {
	bu := &budgetUsage{spend: 1}
	ft := &fakeTools{specs: []ToolSpec{{ModelName: "files__read", Server: "Local files", Tool: "read", ReadOnly: true}}}
	h := newHarness(t, func(d *Deps) { d.Tools = ft; d.Usage = bu })
	c := h.titledChat(t)
	h.srv.PushChat(llmtest.Script{Text: []string{"Reading."}, ToolCalls: []llmtest.ScriptToolCall{{Name: "files__read", Arguments: `{"path":"a.txt"}`}}},
		llmtest.Script{Text: []string{"It says hello."}})
	r, err := h.svc.Send(context.Background(), SendInput{ChatID: c.ID, Content: "What does a.txt say?"})
	if err != nil {
		t.Fatal(err)
	}
	e := h.wait(t, r.Assistant.ID)
	p, ok := e.Payload.(events.ChatErrorPayload)
	if !ok || p.Code != "over_budget" || !strings.Contains(p.Message, "monthly budget") {
		t.Fatalf("answer ended with %+v", e)
	}
	if n := len(h.srv.CallsTo(llmtest.EndpointChat)); n != 1 {
		t.Fatalf("the model was called %d times, want 1", n)
	}
	if len(ft.ran) != 1 || len(bu.calls) != 1 {
		t.Fatalf("tools ran %d, calls recorded %d", len(ft.ran), len(bu.calls))
	}
	// Each check names the model (a local one would be let through).
	if strings.Join(bu.asked, " ") != "openai:fake-chat openai:fake-chat" {
		t.Fatalf("checked %q", bu.asked)
	}
	m, _ := h.svc.GetMessage(context.Background(), r.Assistant.ID)
	if !strings.Contains(m.Content, "Reading.") {
		t.Fatalf("the answer lost its text: %+v", m)
	}
	if u, _ := h.svc.GetMessage(context.Background(), r.User.ID); u.Content != "What does a.txt say?" {
		t.Fatalf("the question: %+v", u)
	}
}

// The answer that reached the hard budget asks for no title: the first
// words of the question stay the chat's title.
func TestHardBudgetReachedByTheAnswerAsksNoTitle(t *testing.T) {
	bu := &budgetUsage{spend: 1}
	h := newHarness(t, func(d *Deps) { d.Usage = bu })
	c := h.newChat(t)
	q := "Plan a three day trip to Lisbon in May"
	h.srv.PushChat(llmtest.Script{Text: []string{"An answer."}}, llmtest.Script{Text: []string{"Lisbon in May"}})
	r, err := h.svc.Send(context.Background(), SendInput{ChatID: c.ID, Content: q})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := h.wait(t, r.Assistant.ID).Payload.(events.ChatDonePayload); !ok {
		t.Fatal("the answer failed")
	}
	h.svc.wg.Wait() // the title would be asked for in the same run
	if n := len(h.srv.CallsTo(llmtest.EndpointChat)); n != 1 {
		t.Fatalf("the model was called %d times, want 1 (no title)", n)
	}
	if got, _ := h.svc.GetChat(context.Background(), c.ID); got.Title != fallbackTitle(q) {
		t.Fatalf("title %q", got.Title)
	}
}
