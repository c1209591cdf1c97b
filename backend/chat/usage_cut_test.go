package chat

import (
	"context"
	"sync"
	"testing"

	"bookbag/backend/llm"
	"bookbag/backend/llm/llmtest"
)

// recordedUsage keeps the model calls a run records.
type recordedUsage struct {
	mu    sync.Mutex
	calls []ModelCall
}

func (u *recordedUsage) Record(_ context.Context, c ModelCall) error {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.calls = append(u.calls, c)
	return nil
}

func (u *recordedUsage) Allow(context.Context, string, string) error { return nil }

func (u *recordedUsage) chatCalls() []ModelCall {
	u.mu.Lock()
	defer u.mu.Unlock()
	var out []ModelCall
	for _, c := range u.calls {
		if c.Kind == CallChat {
			out = append(out, c)
		}
	}
	return out
}

// A stream cut after Anthropic's message_start has the exact input count:
// the answer and the usage record keep it (the output, never reported, is
// estimated from the text), rather than the estimate from the prompt.
func TestACutStreamKeepsTheInputCountItWasGiven(t *testing.T) {
	u := &recordedUsage{}
	h := newHarness(t, func(d *Deps) { d.Usage = u })
	h.res.preset = llm.PresetAnthropic
	h.res.def = "anthropic:fake-chat"
	c := h.newChat(t)
	h.srv.PushChat(llmtest.Script{Text: llmtest.Words("one two three four five six"), InputTokens: 1234, Fault: llmtest.FaultCut, FaultAfter: 3})
	r, err := h.svc.Send(context.Background(), SendInput{ChatID: c.ID, Content: "count to six"})
	if err != nil {
		t.Fatal(err)
	}
	h.wait(t, r.Assistant.ID)
	m, _ := h.svc.GetMessage(context.Background(), r.Assistant.ID)
	if m.Status != StatusError || m.Content != "one two three " || m.TokensIn != 1234 || !m.TokensEstimated || m.TokensOut == 0 {
		t.Fatalf("cut answer: status %s, %q, tokens in %d out %d estimated %v", m.Status, m.Content, m.TokensIn, m.TokensOut, m.TokensEstimated)
	}
	calls := u.chatCalls()
	if len(calls) != 1 || calls[0].InputTokens != 1234 || !calls[0].Estimated || calls[0].OutputTokens == 0 {
		t.Fatalf("usage recorded: %+v", calls)
	}
}
