package chat

import (
	"context"
	"fmt"
	"testing"

	"bookbag/backend/apperr"
	"bookbag/backend/store"
)

func TestListChatsPagesPinnedFirstAndArchive(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	var ids []string
	for i := 0; i < 7; i++ {
		c := h.newChat(t)
		ids = append(ids, c.ID)
	}
	h.svc.SetPinned(ctx, ids[0], true)
	h.svc.SetArchived(ctx, ids[1], true)
	var seen []string
	cursor := ""
	for {
		p, err := h.svc.ListChats(ctx, ListFilter{WorkspaceID: h.ws, Limit: 2, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range p.Chats {
			seen = append(seen, c.ID)
		}
		if p.Cursor == "" {
			break
		}
		cursor = p.Cursor
	}
	if len(seen) != 6 || seen[0] != ids[0] {
		t.Fatalf("pages: %v", seen)
	}
	dup := map[string]bool{}
	for _, id := range seen {
		if dup[id] || id == ids[1] {
			t.Fatalf("duplicate or archived chat in list: %v", seen)
		}
		dup[id] = true
	}
	arch, _ := h.svc.ListChats(ctx, ListFilter{WorkspaceID: h.ws, Archived: true})
	if len(arch.Chats) != 1 || arch.Chats[0].ID != ids[1] {
		t.Fatalf("archive: %+v", arch.Chats)
	}
	if _, err := h.svc.ListChats(ctx, ListFilter{Cursor: "garbage"}); !apperr.Is(err, apperr.Invalid) {
		t.Fatal("bad cursor accepted")
	}
}

func TestRenameValidates(t *testing.T) {
	h := newHarness(t)
	c := h.newChat(t)
	if _, err := h.svc.RenameChat(context.Background(), c.ID, "  "); !apperr.Is(err, apperr.Invalid) {
		t.Fatal("empty title accepted")
	}
	got, err := h.svc.RenameChat(context.Background(), c.ID, "  Trip \n planning ")
	if err != nil || got.Title != "Trip planning" {
		t.Fatalf("%+v %v", got, err)
	}
}

func TestDeleteChatIsTombstoneWithUndo(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	chat, ids := insertMessages(t, h, h.ws, "Secret", "the password is hunter2", "and the pin is 1234")
	token, err := h.svc.DeleteChat(ctx, chat)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.GetChat(ctx, chat); !apperr.Is(err, apperr.NotFound) {
		t.Fatal("deleted chat still readable")
	}
	var content string
	h.db.R.QueryRow(`SELECT content FROM messages WHERE id = ?`, ids[0]).Scan(&content)
	if content != "" {
		t.Fatal("tombstone kept message content")
	}
	if hits, _ := h.svc.Search(ctx, SearchQuery{Query: "hunter2"}); len(hits) != 0 {
		t.Fatal("deleted chat still searchable")
	}
	c, err := h.svc.UndoDelete(ctx, token)
	if err != nil || c.Title != "Secret" {
		t.Fatalf("undo: %+v %v", c, err)
	}
	v, _ := h.svc.ViewChat(ctx, chat, 0, "")
	if len(v.Messages) != 2 || v.Messages[0].Content != "the password is hunter2" {
		t.Fatalf("restored messages %+v", v.Messages)
	}
	if hits, _ := h.svc.Search(ctx, SearchQuery{Query: "hunter2"}); len(hits) != 1 {
		t.Fatal("restored chat not searchable")
	}
	if _, err := h.svc.UndoDelete(ctx, token); !apperr.Is(err, apperr.NotFound) {
		t.Fatal("undo twice")
	}
}

func TestRecoverInterruptedKeepsText(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	chat, ids := insertMessages(t, h, h.ws, "T", "question")
	asst := store.NewID()
	h.db.Tx(ctx, func(tx *store.Tx) error {
		return tx.Insert(ctx, "messages", asst, h.ws, store.Values{"chat_id": chat, "parent_id": ids[0], "role": "assistant",
			"content": "half an ans", "status": StatusStreaming})
	})
	n, err := h.svc.RecoverInterrupted(ctx)
	if err != nil || n != 1 {
		t.Fatalf("recovered %d, %v", n, err)
	}
	m, _ := h.svc.GetMessage(ctx, asst)
	if m.Status != StatusInterrupted || m.Content != "half an ans" {
		t.Fatalf("%+v", m)
	}
	// And it can be regenerated.
	again, err := h.svc.Regenerate(ctx, asst)
	if err != nil {
		t.Fatal(err)
	}
	h.wait(t, again.ID)
}

func TestViewChatPagesTheBranch(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	contents := make([]string, 25)
	for i := range contents {
		contents[i] = "message"
	}
	chat, ids := insertMessages(t, h, h.ws, "Long", contents...)
	v, err := h.svc.ViewChat(ctx, chat, 10, "")
	if err != nil || len(v.Messages) != 10 || !v.HasMore || v.Messages[9].ID != ids[24] {
		t.Fatalf("newest page: %d %v", len(v.Messages), v.HasMore)
	}
	older, _ := h.svc.ViewChat(ctx, chat, 10, v.Messages[0].ID)
	if len(older.Messages) != 10 || older.Messages[9].ID != ids[14] || !older.HasMore {
		t.Fatal("older page")
	}
	oldest, _ := h.svc.ViewChat(ctx, chat, 10, older.Messages[0].ID)
	if len(oldest.Messages) != 5 || oldest.HasMore || oldest.Messages[0].ID != ids[0] {
		t.Fatalf("oldest page %d", len(oldest.Messages))
	}
	if v.Totals.Messages != 25 {
		t.Fatalf("totals %+v", v.Totals)
	}
}

func TestMoveChat(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	other := store.NewID()
	h.db.Tx(ctx, func(tx *store.Tx) error { return tx.Insert(ctx, "workspaces", other, other, store.Values{"name": "B"}) })
	chat, ids := insertMessages(t, h, h.ws, "Mover", "find me elsewhere", "a reply deleted before the move")
	if _, err := h.svc.DeleteMessage(ctx, ids[1]); err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.MoveChat(ctx, chat, other); err != nil {
		t.Fatalf("a chat with a deleted message: %v", err)
	}
	if hits, _ := h.svc.Search(ctx, SearchQuery{Query: "elsewhere", WorkspaceID: other}); len(hits) != 1 {
		t.Fatal("messages did not move with the chat")
	}
	if p, _ := h.svc.ListChats(ctx, ListFilter{WorkspaceID: h.ws}); len(p.Chats) != 0 {
		t.Fatal("chat still in the old workspace")
	}
	if _, err := h.svc.MoveChat(ctx, chat, "nowhere"); !apperr.Is(err, apperr.NotFound) {
		t.Fatal("moved to a missing workspace")
	}
}

// Switching an alternative, deleting and opening a search hit answer with a
// page (the newest messages, reaching back to the message acted on), not the
// whole branch: older messages load on scroll like an opened chat.
func TestActionsAnswerWithAPageAroundTheMessage(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	contents := make([]string, 200)
	for i := range contents {
		contents[i] = fmt.Sprintf("message %d", i)
	}
	chat, ids := insertMessages(t, h, h.ws, "Long", contents...)
	span := func(v ChatView) string {
		if len(v.Messages) == 0 {
			return "empty"
		}
		return fmt.Sprintf("%s..%s (%d) more=%v", v.Messages[0].Content, v.Messages[len(v.Messages)-1].Content, len(v.Messages), v.HasMore)
	}

	v, err := h.svc.OpenAt(ctx, ids[100])
	if err != nil || span(v) != "message 90..message 199 (110) more=true" {
		t.Fatalf("open a hit deep in the chat: %s %v", span(v), err)
	}
	if v, _ = h.svc.OpenAt(ctx, ids[195]); span(v) != "message 150..message 199 (50) more=true" {
		t.Fatalf("open a recent hit: %s", span(v))
	}

	// An alternative to message 150: the branch is 0..149 and the alternative.
	alt := store.NewID()
	if err := h.db.Tx(ctx, func(tx *store.Tx) error {
		return tx.Insert(ctx, "messages", alt, h.ws, store.Values{"chat_id": chat, "parent_id": ids[149], "role": "user", "content": "message 150 again"})
	}); err != nil {
		t.Fatal(err)
	}
	if v, _ = h.svc.SwitchBranch(ctx, alt); span(v) != "message 101..message 150 again (50) more=true" {
		t.Fatalf("switch: %s", span(v))
	}
	if got := v.Messages[len(v.Messages)-1].SiblingIDs; len(got) != 2 {
		t.Fatalf("the alternative's siblings: %v", got)
	}
	// Deleting it shows the remaining branch, reaching back to where it was.
	if v, _ = h.svc.DeleteMessage(ctx, alt); span(v) != "message 139..message 199 (61) more=true" {
		t.Fatalf("after deleting the alternative: %s", span(v))
	}
	older, _ := h.svc.ViewChat(ctx, chat, 50, v.Messages[0].ID)
	if span(older) != "message 89..message 138 (50) more=true" {
		t.Fatalf("the page before: %s", span(older))
	}
}
