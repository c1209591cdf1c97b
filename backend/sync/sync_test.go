package sync

import (
	"strings"
	"testing"

	"bookbag/backend/apperr"
	"bookbag/backend/events"
	"bookbag/backend/rag"
	"bookbag/backend/store"
	"bookbag/backend/syncproto"
)

// office is a server with Alice (who shares a workspace from desk a) and Bob
// (invited; desk b joins).
type office struct {
	ts       *testServer
	a, b     *desk
	ws       string
	alicePW  string
	bobPW    string
	aliceCli *syncproto.Client
}

func newOffice(t *testing.T, ao, bo deskOpts) *office {
	t.Helper()
	o := &office{ts: startServer(t)}
	o.alicePW = o.ts.newUser(t, "alice@example.com", "Alice")
	o.bobPW = o.ts.newUser(t, "bob@example.com", "Bob")
	o.a = newDesk(t, "alice-desk", ao)
	o.b = newDesk(t, "bob-desk", bo)
	o.ws = o.a.newWorkspace("Office")
	return o
}

// shareAndJoin shares the workspace from a, invites Bob and joins from b.
func (o *office) shareAndJoin(t *testing.T) {
	t.Helper()
	o.a.share(o.ts, "alice@example.com", o.alicePW, o.ws)
	o.a.sync(o.ws)
	if _, err := o.a.svc.Invite(ctxb, o.ws, "bob@example.com", syncproto.RoleMember); err != nil {
		t.Fatal(err)
	}
	if got := o.b.join(o.ts, "bob@example.com", o.bobPW); got != o.ws {
		t.Fatalf("joined %s, want %s", got, o.ws)
	}
	o.b.sync(o.ws)
}

func TestShareJoinOfflineEditsConverge(t *testing.T) {
	o := newOffice(t, deskOpts{}, deskOpts{})
	a, b, ws := o.a, o.b, o.ws

	// Alice's workspace before sharing: a template, a document, a private
	// chat and a chat she will share.
	tpl := a.insert("prompt_templates", ws, store.Values{"name": "Summary", "body": "Summarize {{text}}"})
	a.insert("prompt_templates", "", store.Values{"name": "Personal", "body": "never leaves"})
	doc := a.addDocument(ws, "handbook.txt", "The office opens at nine. Coffee is on the second floor.\n\nParking is behind the building.")
	private := a.newChat(ws)
	a.send(private, "my private question")
	shared := a.newChat(ws)
	a.send(shared, "what time does the office open")

	o.shareAndJoin(t)
	for _, d := range []struct {
		desk  *desk
		email string
	}{{a, "alice@example.com"}, {b, "bob@example.com"}} {
		acc, err := d.desk.svc.LinkedAccounts(ctxb)
		if err != nil || len(acc) != 1 || acc[0] != (LinkedAccount{WorkspaceID: ws, ServerURL: o.ts.url, Email: d.email}) {
			t.Fatalf("%s's accounts: %+v %v", d.desk.name, acc, err)
		}
	}

	// Bob has the workspace, the template and the document (downloaded and
	// indexed on his device), not Alice's chats, not her personal template.
	if n := b.count(`SELECT count(*) FROM workspaces WHERE id = ? AND name = 'Office' AND is_default = 0`, ws); n != 1 {
		t.Fatal("workspace row missing on bob's desk")
	}
	if n := b.count(`SELECT count(*) FROM prompt_templates WHERE id = ?`, tpl); n != 1 {
		t.Fatal("template missing")
	}
	if n := b.count(`SELECT count(*) FROM prompt_templates WHERE workspace_id IS NULL`); n != 0 {
		t.Fatal("a personal template was synced")
	}
	b.waitIndexed(doc)
	if st := b.str(`SELECT status FROM documents WHERE id = ?`, doc); st != rag.StatusCompleted {
		t.Fatalf("document on bob's desk: %s", st)
	}
	hits, err := b.docs.Search(ctxb, rag.SearchRequest{WorkspaceID: ws, Query: "parking"})
	if err != nil || len(hits.Hits) == 0 {
		t.Fatalf("search on bob's desk: %v %+v", err, hits)
	}
	if n := b.count(`SELECT count(*) FROM chats`); n != 0 {
		t.Fatalf("bob sees %d of alice's private chats", n)
	}

	// Alice shares one chat: Bob reads it, with who wrote it.
	if err := a.svc.ShareChat(ctxb, shared); err != nil {
		t.Fatal(err)
	}
	a.sync(ws)
	b.sync(ws)
	if n := b.count(`SELECT count(*) FROM messages WHERE chat_id = ?`, shared); n != 2 {
		t.Fatalf("bob has %d messages of the shared chat, want 2", n)
	}
	if _, err := b.svc.Members(ctxb, ws); err != nil {
		t.Fatal(err)
	}
	authors, err := b.svc.ChatAuthors(ctxb, ws)
	if err != nil || len(authors) != 1 || authors[0].Name != "Alice" || authors[0].Mine || !authors[0].ReadOnly {
		t.Fatalf("chat authors on bob's desk: %+v, %v", authors, err)
	}

	// Offline on both: edits to the same template (the later one wins),
	// new rows on both sides, a delete, messages on both.
	a.update("prompt_templates", tpl, store.Values{"body": "alice's body"})
	b.update("prompt_templates", tpl, store.Values{"body": "bob's body"}) // later stamp
	bTpl := b.insert("prompt_templates", ws, store.Values{"name": "Bob's", "body": "by bob"})
	aTpl := a.insert("prompt_templates", ws, store.Values{"name": "Alice's", "body": "by alice"})
	bDoc := b.addDocument(ws, "menu.txt", "Lunch menu: soup on Monday, pasta on Tuesday.")
	a.send(shared, "and when does it close")
	a.send(shared, "is there parking")
	bChat := b.newChat(ws)
	b.send(bChat, "bob's own question")
	if _, err := a.docs.Reindex(ctxb, doc); err != nil { // a local-only change: not pushed
		t.Fatal(err)
	}
	a.waitIndexed(doc)

	a.sync(ws)
	b.sync(ws)
	settleAll(ws, a, b)

	sameRows(t, a, b, ws)
	if body := a.str(`SELECT body FROM prompt_templates WHERE id = ?`, tpl); body != "bob's body" {
		t.Fatalf("last writer did not win: %q", body)
	}
	for _, id := range []string{aTpl, bTpl} {
		if a.count(`SELECT count(*) FROM prompt_templates WHERE id = ?`, id)+b.count(`SELECT count(*) FROM prompt_templates WHERE id = ?`, id) != 2 {
			t.Fatalf("template %s not on both desks", id)
		}
	}
	// No message lost: Alice's 6 in the shared chat on both; Bob's private chat only on his desk.
	if n := b.count(`SELECT count(*) FROM messages WHERE chat_id = ? AND deleted_at IS NULL`, shared); n != 6 {
		t.Fatalf("bob has %d messages of the shared chat, want 6", n)
	}
	if n := a.count(`SELECT count(*) FROM chats WHERE id = ?`, bChat); n != 0 {
		t.Fatal("bob's private chat reached alice")
	}
	a.waitIndexed(bDoc)
	if st := a.str(`SELECT status FROM documents WHERE id = ?`, bDoc); st != rag.StatusCompleted {
		t.Fatalf("bob's document on alice's desk: %s", st)
	}

	// A delete travels as a tombstone: chunks go on the other desk too.
	if err := b.docs.Delete(ctxb, doc); err != nil {
		t.Fatal(err)
	}
	settleAll(ws, b, a)
	if n := a.count(`SELECT count(*) FROM documents WHERE id = ? AND deleted_at IS NOT NULL`, doc); n != 1 {
		t.Fatal("document delete did not reach alice")
	}
	if n := a.count(`SELECT count(*) FROM chunks WHERE document_id = ?`, doc); n != 0 {
		t.Fatalf("%d chunks of a deleted document left on alice's desk", n)
	}
	sameRows(t, a, b, ws)

	// Unsharing removes the chat from Bob's desk.
	if err := a.svc.UnshareChat(ctxb, shared); err != nil {
		t.Fatal(err)
	}
	a.sync(ws)
	b.sync(ws)
	if n := b.count(`SELECT count(*) FROM chats WHERE id = ?`, shared) + b.count(`SELECT count(*) FROM messages WHERE chat_id = ?`, shared); n != 0 {
		t.Fatal("an unshared chat stayed on bob's desk")
	}
	for _, d := range []*desk{a, b} {
		st, _ := d.svc.Status(ctxb, ws)
		if st.State != StateSynced || st.Pending != 0 || st.LastSyncedAt == 0 {
			t.Fatalf("%s status: %+v", d.name, st)
		}
		if strings.Contains(d.rec.JSON(), "bbr_") {
			t.Fatal("a refresh token appeared in an event")
		}
		if n := d.count(`SELECT count(*) FROM settings WHERE value LIKE '%bbr_%'`) + d.count(`SELECT count(*) FROM sync_links WHERE members LIKE '%bbr_%'`); n != 0 {
			t.Fatal("a refresh token was written to SQLite")
		}
	}
	if len(a.keys.Accounts()) != 1 || a.keys.Accounts()[0] != "sync/"+ws {
		t.Fatalf("keychain accounts: %v", a.keys.Accounts())
	}
	if evs := a.rec.Events(events.SyncStatus); len(evs) == 0 {
		t.Fatal("no sync:status events")
	}
}

func TestSharedChatIsReadOnlyForOthers(t *testing.T) {
	o := newOffice(t, deskOpts{}, deskOpts{})
	a, b, ws := o.a, o.b, o.ws
	c := a.newChat(ws)
	first := a.send(c, "hello")
	o.shareAndJoin(t)
	if err := a.svc.ShareChat(ctxb, c); err != nil {
		t.Fatal(err)
	}
	a.sync(ws)
	b.sync(ws)
	if err := b.svc.ShareChat(ctxb, c); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("bob shared alice's chat: %v", err)
	}

	// Bob writes into Alice's shared chat anyway (an old client): refused,
	// his message is kept on his desk, the reason is shown, it is not retried.
	m := b.insert("messages", ws, store.Values{"chat_id": c, "parent_id": first.Assistant.ID, "role": "user", "content": "bob was here"})
	// Bob renames the workspace (admins only): refused, the server's name comes back.
	b.update("workspaces", ws, store.Values{"name": "Bob's office"})
	st := b.sync(ws)
	if n := b.count(`SELECT count(*) FROM messages WHERE id = ? AND content = 'bob was here'`, m); n != 1 {
		t.Fatal("the refused message was not kept")
	}
	if name := b.str(`SELECT name FROM workspaces WHERE id = ?`, ws); name != "Office" {
		t.Fatalf("refused rename kept: %q", name)
	}
	if st.Pending != 0 || len(st.Rejections) != 2 || st.ErrorCode != CodeRejected || !strings.Contains(st.Error, "refused") {
		t.Fatalf("status after refused changes: %+v", st)
	}
	codes := st.Rejections[0].Code + "," + st.Rejections[1].Code
	if codes != "forbidden,forbidden" || !strings.Contains(st.Rejections[0].Reason, "role") {
		t.Fatalf("rejections: %+v", st.Rejections)
	}
	a.sync(ws)
	if n := a.count(`SELECT count(*) FROM messages WHERE id = ?`, m); n != 0 {
		t.Fatal("bob's refused message reached alice")
	}
	// A finished message is immutable: Alice's edit is refused and replaced.
	a.update("messages", first.User.ID, store.Values{"content": "rewritten"})
	st = a.sync(ws)
	if got := a.str(`SELECT content FROM messages WHERE id = ?`, first.User.ID); got != "hello" {
		t.Fatalf("immutable message changed to %q", got)
	}
	if len(st.Rejections) != 1 || st.Rejections[0].Code != "immutable" {
		t.Fatalf("rejections: %+v", st.Rejections)
	}
	if st, _ = a.svc.ClearRejections(ctxb, ws); st.Error != "" || len(st.Rejections) != 0 {
		t.Fatalf("after clear: %+v", st)
	}
}
