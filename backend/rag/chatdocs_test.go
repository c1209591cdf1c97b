package rag

import (
	"context"
	"sync"
	"testing"
	"time"
)

// A deleted chat's documents go once this device has seen the chat deleted
// for the undo window: their chunks and files with them. Within the window
// (the chat can still come back, here or on the device that deleted it),
// after an undo, and for live chats they stay.
func TestDeletedChatsDocumentsAreForgotten(t *testing.T) {
	e := newEnv(t, t.TempDir(), DefaultSettings())
	ctx := context.Background()
	var clockMu sync.Mutex
	clock := time.Now()
	e.svc.mu.Lock()
	e.svc.now = func() time.Time { clockMu.Lock(); defer clockMu.Unlock(); return clock }
	e.svc.mu.Unlock()
	advance := func(d time.Duration) { clockMu.Lock(); clock = clock.Add(d); clockMu.Unlock() }
	for _, c := range []string{"gone", "kept", "back"} {
		if err := e.db.Tx(ctx, func(tx *storeTx) error {
			return tx.Insert(ctx, "chats", c, e.ws, map[string]any{"title": c})
		}); err != nil {
			t.Fatal(err)
		}
	}
	add := func(chat, text string) string {
		r, err := e.svc.AddBytes(ctx, e.ws, chat, chat+".txt", []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		return r.Document.ID
	}
	gone, kept, back := add("gone", "kestrels hover over the motorway verge"), add("kept", "kestrels nest in church towers"), add("back", "kestrels eat voles")
	e.svc.Start(ctx)
	e.wait(t, gone, kept, back)
	chunks := func(doc string) int { return e.count(t, `SELECT count(*) FROM chunks WHERE document_id = ?`, doc) }
	del := func(chat string) {
		if err := e.db.Tx(ctx, func(tx *storeTx) error { return tx.Delete(ctx, "chats", chat) }); err != nil {
			t.Fatal(err)
		}
	}
	del("gone")
	del("back")
	if n, err := e.svc.ForgetDeletedChats(ctx, chatGoneAfter); err != nil || n != 0 || chunks(gone) == 0 {
		t.Fatalf("just deleted: %d forgotten %v", n, err)
	}
	// "back" is undone within the window; "gone" is not.
	if err := e.db.Tx(ctx, func(tx *storeTx) error { return tx.Restore(ctx, "chats", "back", nil) }); err != nil {
		t.Fatal(err)
	}
	advance(chatGoneAfter / 2)
	if n, err := e.svc.ForgetDeletedChats(ctx, chatGoneAfter); err != nil || n != 0 {
		t.Fatalf("within the window: %d %v", n, err)
	}
	advance(chatGoneAfter)
	if n, err := e.svc.ForgetDeletedChats(ctx, chatGoneAfter); err != nil || n != 1 {
		t.Fatalf("after the window: %d %v", n, err)
	}
	if chunks(gone) != 0 || e.count(t, `SELECT count(*) FROM documents WHERE id = ? AND deleted_at IS NULL`, gone) != 0 {
		t.Fatal("the deleted chat's document is still there")
	}
	// Deleted again later, "back" gets a whole window again (its first
	// deletion was forgotten when it came back).
	del("back")
	if n, err := e.svc.ForgetDeletedChats(ctx, chatGoneAfter); err != nil || n != 0 || chunks(back) == 0 {
		t.Fatalf("deleted again: %d forgotten %v", n, err)
	}
	for _, chat := range []string{"kept", "back"} {
		if src, _ := e.svc.Retrieve(ctx, e.ws, chat, "kestrels"); len(src) != 1 || src[0].DocumentName != chat+".txt" {
			t.Fatalf("%s's document: %+v", chat, src)
		}
	}
}
