package chat

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/llm/llmtest"
	"bookbag/backend/store"
)

// slowAnswer is an answer that streams for about ten seconds unless stopped.
func slowAnswer() llmtest.Script {
	return llmtest.Script{Text: llmtest.Words(strings.Repeat("tick ", 500)), DeltaDelay: 20 * time.Millisecond}
}

// Two sends in one chat at once: the second question would go under an
// answer not yet written, and its own answer be made without it. It is
// refused, the first goes on, and once that answer ends the chat takes the
// next question under it.
func TestASecondSendWaitsForTheAnswerBeingWritten(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	c := h.newChat(t)
	h.srv.PushChat(slowAnswer())
	h.srv.PushChat(slowAnswer())

	// At the same moment: exactly one is taken.
	var wg sync.WaitGroup
	results := make([]SendResult, 2)
	errs := make([]error, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = h.svc.Send(ctx, SendInput{ChatID: c.ID, Content: "question " + string(rune('A'+i))})
		}()
	}
	wg.Wait()
	var first SendResult
	taken := 0
	for i := range 2 {
		switch {
		case errs[i] == nil:
			first = results[i]
			taken++
		case apperr.CodeOf(errs[i]) != apperr.Conflict || !strings.Contains(apperr.MessageOf(errs[i]), "still being written"):
			t.Fatalf("second send: %v", errs[i])
		}
	}
	if taken != 1 {
		t.Fatalf("%d of two sends at once were taken", taken)
	}
	// One after the other while the answer streams: refused too.
	if _, err := h.svc.Send(ctx, SendInput{ChatID: c.ID, Content: "and another"}); apperr.CodeOf(err) != apperr.Conflict {
		t.Fatalf("send during the answer: %v", err)
	}
	v, _ := h.svc.ViewChat(ctx, c.ID, 0, "")
	if len(v.Messages) != 2 || v.Messages[1].ID != first.Assistant.ID {
		t.Fatalf("chat after the refused sends: %d messages", len(v.Messages))
	}

	if err := h.svc.Stop(first.Assistant.ID); err != nil {
		t.Fatal(err)
	}
	h.wait(t, first.Assistant.ID)
	next, err := h.svc.Send(ctx, SendInput{ChatID: c.ID, Content: "now"})
	if err != nil {
		t.Fatal(err)
	}
	if next.User.ParentID != first.Assistant.ID {
		t.Fatal("the next question is not under the stopped answer")
	}
	_ = h.svc.Stop(next.Assistant.ID)
	h.wait(t, next.Assistant.ID)
}

// Deleting a question whose answer is being written would leave the run
// streaming into a deleted answer (the model paid to the end, the final save
// failing): it is refused as deleting the answer itself is.
func TestDeletingAQuestionWhoseAnswerStreamsIsRefused(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	c := h.newChat(t)
	h.srv.PushChat(slowAnswer())
	r, err := h.svc.Send(ctx, SendInput{ChatID: c.ID, Content: "a long one"})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{r.User.ID, r.Assistant.ID} {
		if _, err := h.svc.DeleteMessage(ctx, id); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("delete %s during the answer: %v", id, err)
		}
	}
	if m, err := h.svc.GetMessage(ctx, r.User.ID); err != nil || m.Content != "a long one" {
		t.Fatalf("question after the refused delete: %+v %v", m, err)
	}
	if err := h.svc.Stop(r.Assistant.ID); err != nil {
		t.Fatal(err)
	}
	h.wait(t, r.Assistant.ID)
	if _, err := h.svc.DeleteMessage(ctx, r.User.ID); err != nil {
		t.Fatal(err)
	}
	if v, _ := h.svc.ViewChat(ctx, c.ID, 0, ""); len(v.Messages) != 0 {
		t.Fatalf("%d messages left", len(v.Messages))
	}
}

// Moving a chat while its answer is written would leave the run writing the
// answer's tool calls and usage under the workspace the chat left: refused
// until it ends.
func TestMovingAChatWhoseAnswerStreamsIsRefused(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	other := store.NewID()
	if err := h.db.Tx(ctx, func(tx *store.Tx) error {
		return tx.Insert(ctx, "workspaces", other, other, store.Values{"name": "Other"})
	}); err != nil {
		t.Fatal(err)
	}
	c := h.newChat(t)
	h.srv.PushChat(slowAnswer())
	r, err := h.svc.Send(ctx, SendInput{ChatID: c.ID, Content: "a long one"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.MoveChat(ctx, c.ID, other); apperr.CodeOf(err) != apperr.Conflict {
		t.Fatalf("move during the answer: %v", err)
	}
	if got, _ := h.svc.GetChat(ctx, c.ID); got.WorkspaceID != h.ws {
		t.Fatal("the chat moved")
	}
	_ = h.svc.Stop(r.Assistant.ID)
	h.wait(t, r.Assistant.ID)
	if moved, err := h.svc.MoveChat(ctx, c.ID, other); err != nil || moved.WorkspaceID != other {
		t.Fatalf("move after the answer: %+v %v", moved, err)
	}
}
