package chat

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"bookbag/backend/events"
	"bookbag/backend/llm/llmtest"
)

// An answer whose final save fails is reported as an error, not as done: the
// UI would show it complete and then lose it when the chat is opened again.
// A real SQLite trigger refuses the final write (the periodic saves, which
// keep the status streaming, go through).
func TestAnswerWhoseFinalSaveFailsIsAnError(t *testing.T) {
	h := newHarness(t)
	h.svc.saveRetry = time.Millisecond
	ctx := context.Background()
	if _, err := h.db.W.ExecContext(ctx, `CREATE TRIGGER refuse_final BEFORE UPDATE OF status ON messages
		WHEN NEW.status != 'streaming' BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`); err != nil {
		t.Fatal(err)
	}
	h.srv.PushChat(llmtest.Script{Text: []string{"Lisbon ", "in May."}})
	c := h.newChat(t)
	r, err := h.svc.Send(ctx, SendInput{ChatID: c.ID, Content: "Where and when?"})
	if err != nil {
		t.Fatal(err)
	}
	e := h.wait(t, r.Assistant.ID)
	p, ok := e.Payload.(events.ChatErrorPayload)
	if !ok {
		t.Fatalf("the unsaved answer was reported as %s %+v", e.Name, e.Payload)
	}
	if !strings.Contains(p.Message, "could not be saved") || !strings.Contains(p.Message, "disk is full") {
		t.Fatalf("error message %q", p.Message)
	}
	if text, _ := h.deltas(t, r.Assistant.ID); text != "Lisbon in May." {
		t.Fatalf("the streamed text the UI keeps: %q", text)
	}
	// The user's message is kept; the answer's row is left streaming for the
	// next start to mark interrupted.
	if u, err := h.svc.GetMessage(ctx, r.User.ID); err != nil || u.Content != "Where and when?" {
		t.Fatalf("user message %+v, %v", u, err)
	}
	if m, _ := h.svc.GetMessage(ctx, r.Assistant.ID); m.Status != StatusStreaming {
		t.Fatalf("answer status %q", m.Status)
	}
	if h.svc.runFor(r.Assistant.ID) != nil {
		t.Fatal("the run is still registered")
	}
}

// The second try of the final save is what lets a passing failure go: the
// trigger refuses the first try and is dropped while the retry waits.
func TestAnswerFinalSaveTriesAgain(t *testing.T) {
	failed := make(chan struct{}, 4)
	h := newHarness(t, func(d *Deps) { d.Log = slog.New(onMessage{"save answer", failed}) })
	h.svc.saveRetry = time.Second
	ctx := context.Background()
	if _, err := h.db.W.ExecContext(ctx, `CREATE TRIGGER refuse_final BEFORE UPDATE OF status ON messages
		WHEN NEW.status != 'streaming' BEGIN SELECT RAISE(ABORT, 'database is locked'); END`); err != nil {
		t.Fatal(err)
	}
	h.srv.PushChat(llmtest.Script{Text: []string{"Saved at last."}})
	c := h.newChat(t)
	r, err := h.svc.Send(ctx, SendInput{ChatID: c.ID, Content: "Hello"})
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-failed:
	case <-time.After(10 * time.Second):
		t.Fatal("the first try never failed")
	}
	if _, err := h.db.W.ExecContext(ctx, `DROP TRIGGER refuse_final`); err != nil {
		t.Fatal(err)
	}
	if e := h.wait(t, r.Assistant.ID); e.Name != events.ChatDone {
		t.Fatalf("after the second try: %s %+v", e.Name, e.Payload)
	}
	if m, _ := h.svc.GetMessage(ctx, r.Assistant.ID); m.Status != StatusComplete || m.Content != "Saved at last." {
		t.Fatalf("answer %q %q", m.Status, m.Content)
	}
}

// onMessage is a log handler that signals each record with one message.
type onMessage struct {
	msg string
	ch  chan<- struct{}
}

func (o onMessage) Enabled(context.Context, slog.Level) bool { return true }
func (o onMessage) WithAttrs([]slog.Attr) slog.Handler       { return o }
func (o onMessage) WithGroup(string) slog.Handler            { return o }
func (o onMessage) Handle(_ context.Context, r slog.Record) error {
	if r.Message == o.msg {
		select {
		case o.ch <- struct{}{}:
		default:
		}
	}
	return nil
}

// Sources are in the answer's row before the model's first word, so their
// chips show while it is written; the final save then marks the cited ones.
func TestSourcesShowBeforeTheAnswer(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.ret.set(fakeRetriever{sources: []Source{
		{DocumentID: "d1", DocumentName: "apache-2.0.pdf", Page: 2, ChunkID: 7, Text: "prominent notices", Score: 0.9},
		{DocumentID: "d2", DocumentName: "mpl-2.0.txt", ChunkID: 9, Text: "Covered Software", Score: 0.5},
	}})
	h.srv.PushChat(llmtest.Script{Text: []string{"Mark the changed files [1]."}, FirstByteDelay: 2 * time.Second})
	c := h.newChat(t)
	r, err := h.svc.Send(ctx, SendInput{ChatID: c.ID, Content: "What must I do with changed files?"})
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(1500 * time.Millisecond)
	for {
		m, err := h.svc.GetMessage(ctx, r.Assistant.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(m.Citations) == 2 {
			if m.Status != StatusStreaming || m.Content != "" || m.Citations[0].Cited || m.Citations[0].DocumentName != "apache-2.0.pdf" {
				t.Fatalf("before the first word: status %q content %q citations %+v", m.Status, m.Content, m.Citations)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no sources before the model answered: %+v", m.Citations)
		}
		time.Sleep(10 * time.Millisecond)
	}
	changed := false
	for _, e := range h.rec.Events(events.DataChanged) {
		if p := e.Payload.(events.DataChangedPayload); p.WorkspaceID == h.ws && len(p.Tables) == 1 && p.Tables[0] == "messages" {
			changed = true
		}
	}
	if !changed {
		t.Fatal("the UI was not told the answer's sources changed")
	}
	h.wait(t, r.Assistant.ID)
	m, _ := h.svc.GetMessage(ctx, r.Assistant.ID)
	if len(m.Citations) != 2 || !m.Citations[0].Cited || m.Citations[1].Cited {
		t.Fatalf("final citations %+v", m.Citations)
	}
}
