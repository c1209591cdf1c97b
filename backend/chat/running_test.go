package chat

import (
	"context"
	"strings"
	"testing"
	"time"

	"bookbag/backend/events"
	"bookbag/backend/llm/llmtest"
)

// A reloaded UI asks what is running: the text it gets plus the deltas after
// its seq must be the whole answer, with nothing lost or repeated, and the
// answer can still be stopped.
func TestRunningGivesTheTextSoFarToJoinWithLaterDeltas(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	api := NewAPI(func() context.Context { return ctx }, h.svc, nil)
	c := h.newChat(t)
	h.srv.PushChat(llmtest.Script{Thinking: []string{"Let me ", "count."}, Text: llmtest.Words(strings.Repeat("tick ", 200)), DeltaDelay: 10 * time.Millisecond})
	res, err := h.svc.Send(ctx, SendInput{ChatID: c.ID, Content: "count"})
	if err != nil {
		t.Fatal(err)
	}
	for {
		if text, _ := h.deltas(t, res.Assistant.ID); strings.Count(text, "tick") >= 5 {
			break
		}
		<-h.rec.Changed()
	}
	running, err := api.Running()
	if err != nil {
		t.Fatal(err)
	}
	if len(running) != 1 {
		t.Fatalf("running %+v", running)
	}
	r := running[0]
	if r.ChatID != c.ID || r.MessageID != res.Assistant.ID || r.Seq < 1 || !strings.HasPrefix(r.Text, "tick") || r.Thinking != "Let me count." {
		t.Fatalf("running answer %+v", r)
	}
	if err := api.Stop(r.MessageID); err != nil {
		t.Fatal(err)
	}
	h.wait(t, res.Assistant.ID)

	var before, after strings.Builder
	for _, e := range h.rec.Events(events.ChatDelta) {
		p := e.Payload.(events.ChatDeltaPayload)
		if p.MessageID != res.Assistant.ID {
			continue
		}
		if p.Seq <= r.Seq {
			before.WriteString(p.Text)
		} else {
			after.WriteString(p.Text)
		}
	}
	if r.Text != before.String() {
		t.Fatalf("running text %q is not the deltas up to seq %d: %q", r.Text, r.Seq, before.String())
	}
	m, _ := h.svc.GetMessage(ctx, res.Assistant.ID)
	if m.Status != StatusStopped || r.Text+after.String() != m.Content {
		t.Fatalf("joined %q, saved %q (%s)", r.Text+after.String(), m.Content, m.Status)
	}
	if running, _ := api.Running(); len(running) != 0 {
		t.Fatalf("still running after stop: %+v", running)
	}
}
