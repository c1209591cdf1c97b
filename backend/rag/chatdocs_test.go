package rag

import (
	"context"
	"testing"
	"time"
)

// A deleted chat's documents go once its undo window has passed: their
// chunks and files with them. Within the window (the chat can still come
// back) and for live chats they stay.
func TestDeletedChatsDocumentsAreForgotten(t *testing.T) {
	e := newEnv(t, t.TempDir(), DefaultSettings())
	ctx := context.Background()
	for _, c := range []string{"gone", "kept"} {
		if err := e.db.Tx(ctx, func(tx *storeTx) error {
			return tx.Insert(ctx, "chats", c, e.ws, map[string]any{"title": c})
		}); err != nil {
			t.Fatal(err)
		}
	}
	gone, err := e.svc.AddBytes(ctx, e.ws, "gone", "gone.txt", []byte("kestrels hover over the motorway verge"))
	if err != nil {
		t.Fatal(err)
	}
	kept, err := e.svc.AddBytes(ctx, e.ws, "kept", "kept.txt", []byte("kestrels nest in church towers"))
	if err != nil {
		t.Fatal(err)
	}
	e.svc.Start(ctx)
	e.wait(t, gone.Document.ID, kept.Document.ID)
	if err := e.db.Tx(ctx, func(tx *storeTx) error { return tx.Delete(ctx, "chats", "gone") }); err != nil {
		t.Fatal(err)
	}
	if n, err := e.svc.ForgetDeletedChats(ctx, time.Minute); err != nil || n != 0 {
		t.Fatalf("within the undo window: %d %v", n, err)
	}
	if n := e.count(t, `SELECT count(*) FROM chunks WHERE document_id = ?`, gone.Document.ID); n == 0 {
		t.Fatal("chunks went within the undo window")
	}
	if n, err := e.svc.ForgetDeletedChats(ctx, 0); err != nil || n != 1 {
		t.Fatalf("after the window: %d %v", n, err)
	}
	if n := e.count(t, `SELECT count(*) FROM chunks WHERE document_id = ?`, gone.Document.ID); n != 0 {
		t.Fatalf("%d chunks of the deleted chat's document left", n)
	}
	if n := e.count(t, `SELECT count(*) FROM documents WHERE id = ? AND deleted_at IS NULL`, gone.Document.ID); n != 0 {
		t.Fatal("the deleted chat's document is still live")
	}
	if src, _ := e.svc.Retrieve(ctx, e.ws, "kept", "kestrels"); len(src) != 1 || src[0].DocumentName != "kept.txt" {
		t.Fatalf("the live chat's document: %+v", src)
	}
}
