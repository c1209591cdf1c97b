package rag

import (
	"context"
	"fmt"
	"testing"
)

// A chat's attachments come first in what the chat sees: the chat's
// documents badge reads one page, and a workspace that gained many
// documents after the attachment must not push it off that page.
func TestListPutsTheChatsOwnDocumentsFirst(t *testing.T) {
	e := newEnv(t, t.TempDir(), DefaultSettings())
	ctx := context.Background()
	chat := "chat-1"
	if err := e.db.Tx(ctx, func(tx *storeTx) error {
		return tx.Insert(ctx, "chats", chat, e.ws, map[string]any{"title": "c"})
	}); err != nil {
		t.Fatal(err)
	}
	att, err := e.svc.AddBytes(ctx, e.ws, chat, "attached.txt", []byte("the chat's own notes"))
	if err != nil {
		t.Fatal(err)
	}
	// The attachment is older than every workspace document.
	if _, err := e.db.W.ExecContext(ctx, `UPDATE documents SET created_at = created_at - 60000 WHERE id = ?`, att.Document.ID); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if _, err := e.svc.AddBytes(ctx, e.ws, "", fmt.Sprintf("ws%d.txt", i), fmt.Appendf(nil, "workspace document %d", i)); err != nil {
			t.Fatal(err)
		}
	}
	page, err := e.svc.List(ctx, e.ws, chat, 0, 3)
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 6 || len(page.Items) != 3 || page.Items[0].ID != att.Document.ID {
		t.Fatalf("chat's first page: total %d, %+v", page.Total, names(page.Items))
	}
	if got := names(page.Items[1:]); got[0] != "ws4.txt" || got[1] != "ws3.txt" {
		t.Fatalf("workspace documents not newest first after the chat's: %v", got)
	}
	ws, err := e.svc.List(ctx, e.ws, "", 0, 10)
	if err != nil || ws.Total != 5 || ws.Items[0].Name != "ws4.txt" {
		t.Fatalf("workspace list: %v %v", names(ws.Items), err)
	}
}

func names(docs []Document) []string {
	out := make([]string, len(docs))
	for i, d := range docs {
		out[i] = d.Name
	}
	return out
}
