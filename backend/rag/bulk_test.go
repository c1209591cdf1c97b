package rag

import (
	"context"
	"fmt"
	"testing"
)

// Cancel all stops every queued document of the workspace (they count as
// failed then), Retry failed queues them again and they complete.
func TestCancelQueuedThenRetryFailed(t *testing.T) {
	e := newEnv(t, t.TempDir(), DefaultSettings())
	ctx := context.Background()
	var ids []string
	for i := range 3 {
		r, err := e.svc.AddBytes(ctx, e.ws, "", fmt.Sprintf("note%d.txt", i), fmt.Appendf(nil, "kingfisher burrow number %d", i))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.Document.ID)
	}
	res, err := e.svc.CancelQueued(ctx, e.ws)
	if err != nil || res.Count != 3 {
		t.Fatalf("cancel queued: %+v %v", res, err)
	}
	st, err := e.svc.Status(ctx, e.ws)
	if err != nil || st.Pending != 0 || st.Failed != 3 {
		t.Fatalf("after cancel: %+v %v", st, err)
	}
	if res, err := e.svc.CancelQueued(ctx, e.ws); err != nil || res.Count != 0 {
		t.Fatalf("nothing left to cancel: %+v %v", res, err)
	}
	res, err = e.svc.RetryFailed(ctx, e.ws)
	if err != nil || res.Count != 3 {
		t.Fatalf("retry failed: %+v %v", res, err)
	}
	e.svc.Start(ctx)
	for _, d := range e.wait(t, ids...) {
		if d.Status != StatusCompleted {
			t.Fatalf("retried: %+v", d)
		}
	}
	if st, _ := e.svc.Status(ctx, e.ws); st.Failed != 0 || st.Pending != 0 {
		t.Fatalf("after retry: %+v", st)
	}
}

// Remove failed deletes the workspace's failed, canceled and refused
// documents, and only those: a chat's and the good ones stay.
func TestRemoveFailed(t *testing.T) {
	e := newEnv(t, t.TempDir(), DefaultSettings())
	ctx := context.Background()
	add := func(chat, name, text string) string {
		t.Helper()
		r, err := e.svc.AddBytes(ctx, e.ws, chat, name, []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		return r.Document.ID
	}
	good := add("", "good.txt", "Shearwaters glide low over the waves.")
	broken := add("", "broken.pdf", "not a pdf at all")
	refused := add("", "song.mp3", "ID3")
	canceled := add("", "later.md", "Petrels patter on the water.")
	if _, err := e.svc.Cancel(ctx, canceled); err != nil {
		t.Fatal(err)
	}
	chat := "chat-1"
	if err := e.db.Tx(ctx, func(tx *storeTx) error {
		return tx.Insert(ctx, "chats", chat, e.ws, map[string]any{"title": "c"})
	}); err != nil {
		t.Fatal(err)
	}
	chatRefused := add(chat, "clip.mp4", "....")
	e.svc.Start(ctx)
	e.wait(t, good, broken)
	st, err := e.svc.Status(ctx, e.ws)
	if err != nil || st.Failed != 2 || st.Refused != 1 {
		t.Fatalf("status before: %+v %v", st, err)
	}

	res, err := e.svc.RemoveFailed(ctx, e.ws)
	if err != nil || res.Count != 3 {
		t.Fatalf("remove failed: %+v %v", res, err)
	}
	for _, id := range []string{broken, refused, canceled} {
		if _, err := e.svc.Get(ctx, id); err == nil {
			t.Fatalf("%s is still there", id)
		}
	}
	for _, id := range []string{good, chatRefused} {
		if _, err := e.svc.Get(ctx, id); err != nil {
			t.Fatalf("%s went too: %v", id, err)
		}
	}
	if st, _ := e.svc.Status(ctx, e.ws); st.Failed != 0 || st.Refused != 0 || st.Documents != 1 {
		t.Fatalf("status after: %+v", st)
	}
}
