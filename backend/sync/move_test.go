package sync

import (
	"testing"
)

// Alice moves her shared chat out of the shared workspace into one of her
// own: it leaves the server's workspace (Bob no longer sees it) and stays
// whole on her desk.
func TestChatMovedOutOfSharedWorkspaceLeavesIt(t *testing.T) {
	o := newOffice(t, deskOpts{}, deskOpts{})
	a, b, ws := o.a, o.b, o.ws
	private := a.newWorkspace("Private")
	c := a.newChat(ws)
	a.send(c, "hello")
	o.shareAndJoin(t)
	if err := a.svc.ShareChat(ctxb, c); err != nil {
		t.Fatal(err)
	}
	a.sync(ws)
	b.sync(ws)
	if n := b.count(`SELECT count(*) FROM messages WHERE chat_id = ? AND deleted_at IS NULL`, c); n != 2 {
		t.Fatalf("bob sees %d messages of the shared chat", n)
	}

	if _, err := a.chats.MoveChat(ctxb, c, private); err != nil {
		t.Fatal(err)
	}
	a.send(c, "a second question, asked in the private workspace") // a later change must not undo the move
	if st := a.sync(ws); len(st.Rejections) != 0 || st.Pending != 0 {
		t.Fatalf("alice's status after the move: %+v", st)
	}
	b.sync(ws)
	if n := b.count(`SELECT count(*) FROM chats WHERE id = ? AND deleted_at IS NULL`, c); n != 0 {
		t.Fatal("bob still sees a chat moved out of the shared workspace")
	}
	if n := b.count(`SELECT count(*) FROM messages WHERE chat_id = ? AND deleted_at IS NULL`, c); n != 0 {
		t.Fatalf("bob still sees %d messages of the moved chat", n)
	}
	a.sync(ws) // her own tombstones come back from the server: the chat stays in Private
	if n := a.count(`SELECT count(*) FROM messages WHERE chat_id = ? AND workspace_id = ? AND deleted_at IS NULL`, c, private); n != 4 {
		t.Fatalf("alice has %d messages of the moved chat in Private", n)
	}
	if got := a.str(`SELECT workspace_id FROM chats WHERE id = ? AND deleted_at IS NULL`, c); got != private {
		t.Fatalf("the moved chat is in %s", got)
	}
}
