package sync

import (
	"testing"

	"bookbag/backend/syncproto"
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

// Alice moves shared chats between two shared workspaces Bob belongs to: on
// Bob's desk each ends up in the new one, whichever workspace syncs first.
func TestChatMovedBetweenSharedWorkspaces(t *testing.T) {
	o := newOffice(t, deskOpts{}, deskOpts{})
	a, b, w1 := o.a, o.b, o.ws
	w2 := a.newWorkspace("Second office")
	first, second := a.newChat(w1), a.newChat(w1)
	a.send(first, "the first question")
	a.send(second, "the second question")
	o.shareAndJoin(t)
	a.share(o.ts, "alice@example.com", o.alicePW, w2)
	a.sync(w2)
	if _, err := a.svc.Invite(ctxb, w2, "bob@example.com", syncproto.RoleMember); err != nil {
		t.Fatal(err)
	}
	if got := b.join(o.ts, "bob@example.com", o.bobPW); got != w2 {
		t.Fatalf("joined %s", got)
	}
	for _, c := range []string{first, second} {
		if err := a.svc.ShareChat(ctxb, c); err != nil {
			t.Fatal(err)
		}
	}
	a.sync(w1)
	b.sync(w1)
	b.sync(w2)
	if n := b.count(`SELECT count(*) FROM messages WHERE workspace_id = ? AND deleted_at IS NULL`, w1); n != 4 {
		t.Fatalf("bob sees %d messages in the first workspace", n)
	}

	// The first chat: Bob syncs the old workspace first, then the new one.
	if _, err := a.chats.MoveChat(ctxb, first, w2); err != nil {
		t.Fatal(err)
	}
	a.sync(w1)
	a.sync(w2)
	b.sync(w1)
	b.sync(w2)
	// The second: the new workspace first (its rows wait until the old copy is gone).
	if _, err := a.chats.MoveChat(ctxb, second, w2); err != nil {
		t.Fatal(err)
	}
	a.sync(w1)
	a.sync(w2)
	b.sync(w2)
	b.sync(w1)
	b.sync(w2)
	for _, c := range []string{first, second} {
		if got := b.str(`SELECT workspace_id FROM chats WHERE id = ? AND deleted_at IS NULL`, c); got != w2 {
			t.Fatalf("chat %s is in %q on bob's desk", c, got)
		}
		if n := b.count(`SELECT count(*) FROM messages WHERE chat_id = ? AND workspace_id = ? AND deleted_at IS NULL`, c, w2); n != 2 {
			t.Fatalf("bob sees %d messages of the moved chat", n)
		}
	}
	if n := b.count(`SELECT count(*) FROM messages WHERE workspace_id = ? AND deleted_at IS NULL`, w1); n != 0 {
		t.Fatalf("bob still sees %d messages in the first workspace", n)
	}
	if n := b.count(`SELECT count(*) FROM sync_parked`); n != 0 {
		t.Fatalf("%d changes still parked on bob's desk", n)
	}
	sameRows(t, a, b, w2)
}
