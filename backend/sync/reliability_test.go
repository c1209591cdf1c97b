package sync

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/events"
	"bookbag/backend/store"
	"bookbag/backend/syncproto"
)

// A push whose answer is lost (the app killed mid-push) is sent again after a
// restart: the server answers duplicate, nothing is stored twice, nothing is
// lost. A pull cut between pages resumes at the first page not applied.
func TestKilledSyncResumes(t *testing.T) {
	cutA := &cutTransport{base: http.DefaultTransport}
	cutB := &cutTransport{base: http.DefaultTransport}
	o := newOffice(t, deskOpts{transport: cutA}, deskOpts{transport: cutB, pageSize: 7})
	a, b, ws := o.a, o.b, o.ws
	for i := range 20 {
		a.insert("prompt_templates", ws, store.Values{"name": "t" + string(rune('a'+i)), "body": strings.Repeat("x", i)})
	}
	c := a.newChat(ws)
	a.send(c, "one")
	a.send(c, "two")
	a.share(o.ts, "alice@example.com", o.alicePW, ws)
	if err := a.svc.ShareChat(ctxb, c); err != nil {
		t.Fatal(err)
	}
	rows := a.count(`SELECT count(*) FROM change_log WHERE workspace_id = ? AND pushed_at IS NULL`, ws)

	cutA.set(func(r *http.Request) bool {
		return r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/push")
	})
	if _, err := a.svc.SyncNow(ctxb, ws); err == nil || cutA.count.Load() != 1 {
		t.Fatalf("the cut push did not fail (err %v, cuts %d)", err, cutA.count.Load())
	}
	if st, _ := a.svc.Status(ctxb, ws); st.State != StateOffline || st.Pending != rows {
		t.Fatalf("after a lost push: %+v (want offline, %d pending)", st, rows)
	}
	head := func() int64 {
		w, err := o.ts.client(t, "alice@example.com", o.alicePW).Workspace(ctxb, ws)
		if err != nil {
			t.Fatal(err)
		}
		return w.Head
	}
	if h := head(); h != int64(rows) {
		t.Fatalf("server head %d after the lost push, want %d (it was applied)", h, rows)
	}

	cutA.set(nil)
	a.restart()
	st := a.sync(ws)
	if st.Pending != 0 || st.State != StateSynced {
		t.Fatalf("after resuming: %+v", st)
	}
	if h := head(); h != int64(rows) {
		t.Fatalf("server head %d after the retry, want %d: something was stored twice", h, rows)
	}

	// Bob's first pull is cut on its third page; he restarts and resumes.
	if _, err := a.svc.Invite(ctxb, ws, "bob@example.com", syncproto.RoleMember); err != nil {
		t.Fatal(err)
	}
	pulls := 0
	cutB.set(func(r *http.Request) bool {
		if strings.HasSuffix(r.URL.Path, "/pull") {
			pulls++
			return pulls == 3
		}
		return false
	})
	b.join(o.ts, "bob@example.com", o.bobPW)
	if _, err := b.svc.SyncNow(ctxb, ws); err == nil {
		t.Fatal("the cut pull did not fail")
	}
	cursor := b.count(`SELECT cursor FROM sync_links WHERE workspace_id = ?`, ws)
	if cursor == 0 || cursor >= rows {
		t.Fatalf("cursor %d after two pages of %d changes", cursor, rows)
	}
	cutB.set(nil)
	b.restart()
	b.sync(ws)
	sameRows(t, a, b, ws)
	if n := b.count(`SELECT count(*) FROM messages WHERE chat_id = ?`, c); n != 4 {
		t.Fatalf("bob has %d messages, want 4", n)
	}
	if n := b.count(`SELECT count(*) FROM sync_parked`); n != 0 {
		t.Fatalf("%d changes left parked", n)
	}
}

// Pages that bring messages before their chat, and everything before the
// workspace row (renamed last), park the children until the parent arrives.
func TestChildrenBeforeParentsAreParked(t *testing.T) {
	o := newOffice(t, deskOpts{}, deskOpts{pageSize: 2})
	a, b, ws := o.a, o.b, o.ws
	c := a.newChat(ws)
	a.send(c, "first")
	a.send(c, "second")
	a.share(o.ts, "alice@example.com", o.alicePW, ws)
	if err := a.svc.ShareChat(ctxb, c); err != nil {
		t.Fatal(err)
	}
	a.sync(ws)
	if _, err := a.chats.RenameChat(ctxb, c, "Renamed after its messages"); err != nil {
		t.Fatal(err)
	}
	a.update("workspaces", ws, store.Values{"name": "Renamed office"})
	a.sync(ws)
	if _, err := a.svc.Invite(ctxb, ws, "bob@example.com", syncproto.RoleMember); err != nil {
		t.Fatal(err)
	}
	b.join(o.ts, "bob@example.com", o.bobPW)
	b.sync(ws)
	sameRows(t, a, b, ws)
	if name := b.str(`SELECT name FROM workspaces WHERE id = ?`, ws); name != "Renamed office" {
		t.Fatalf("workspace name %q", name)
	}
	if n := b.count(`SELECT count(*) FROM sync_parked`); n != 0 {
		t.Fatalf("%d changes left parked", n)
	}
}

func TestRemovedMemberStopsReceiving(t *testing.T) {
	o := newOffice(t, deskOpts{}, deskOpts{})
	a, b, ws := o.a, o.b, o.ws
	o.shareAndJoin(t)
	ms, err := a.svc.Members(ctxb, ws)
	if err != nil || len(ms.Members) != 2 || !ms.CanManage {
		t.Fatalf("members: %+v %v", ms, err)
	}
	var bob string
	for _, m := range ms.Members {
		if m.Email == "bob@example.com" {
			bob = m.UserID
		}
	}
	if _, err := a.svc.SetRole(ctxb, ws, bob, syncproto.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	if _, err := a.svc.SetRole(ctxb, ws, bob, syncproto.RoleMember); err != nil {
		t.Fatal(err)
	}
	if bm, err := b.svc.Members(ctxb, ws); err != nil || bm.CanManage || len(bm.Invitations) != 0 {
		t.Fatalf("bob's view of members: %+v %v", bm, err)
	}
	if err := a.svc.RemoveMember(ctxb, ws, bob); err != nil {
		t.Fatal(err)
	}
	secret := a.insert("prompt_templates", ws, store.Values{"name": "After Bob left", "body": "…"})
	a.sync(ws)
	st, err := b.svc.SyncNow(ctxb, ws)
	if err == nil || st.State != StateError || st.ErrorCode != CodeRemoved || !strings.Contains(st.Error, "no longer a member") {
		t.Fatalf("bob after removal: %+v %v", st, err)
	}
	if n := b.count(`SELECT count(*) FROM prompt_templates WHERE id = ?`, secret); n != 0 {
		t.Fatal("a removed member received a change")
	}
	if n := b.count(`SELECT count(*) FROM workspaces WHERE id = ?`, ws); n != 1 {
		t.Fatal("the removed member's local copy is gone")
	}
	// Offline, the members list is the last one seen.
	if bm, err := b.svc.Members(ctxb, ws); err != nil || !bm.Offline || len(bm.Members) != 2 {
		t.Fatalf("cached members: %+v %v", bm, err)
	}
	// Unlinked, the local copy cannot be shared again under its id: the
	// server will not say the id exists, the app says what to do.
	if err := b.svc.Unlink(ctxb, ws); err != nil {
		t.Fatal(err)
	}
	res, err := b.svc.SignIn(ctxb, SignInInput{ServerURL: o.ts.url, Email: "bob@example.com", Password: o.bobPW})
	if err != nil {
		t.Fatal(err)
	}
	_, err = b.svc.CreateShared(ctxb, res.Session, ws)
	if !apperr.Is(err, apperr.Conflict) || !strings.Contains(apperr.MessageOf(err), "not a member") {
		t.Fatalf("sharing a removed member's copy again: %v", err)
	}
}

func TestRevokedSessionStopsSync(t *testing.T) {
	o := newOffice(t, deskOpts{}, deskOpts{})
	a, b, ws := o.a, o.b, o.ws
	o.shareAndJoin(t)
	if len(b.keys.Accounts()) != 1 {
		t.Fatal("bob's refresh token is not in the keychain")
	}

	// "Sign out everywhere" from another device ends the desk's session too.
	if err := o.ts.client(t, "bob@example.com", o.bobPW).LogoutAll(ctxb); err != nil {
		t.Fatal(err)
	}
	a.insert("prompt_templates", ws, store.Values{"name": "news", "body": "…"})
	a.sync(ws)
	st, err := b.svc.SyncNow(ctxb, ws)
	if err == nil || st.ErrorCode != CodeSignedOut || st.SignedIn || !strings.Contains(st.Error, "Sign in again") {
		t.Fatalf("after logout-all: %+v %v", st, err)
	}
	if len(b.keys.Accounts()) != 0 {
		t.Fatal("the dead refresh token stayed in the keychain")
	}
	if n := b.count(`SELECT count(*) FROM prompt_templates WHERE name = 'news'`); n != 0 {
		t.Fatal("synced without a session")
	}
	if st, err := b.svc.Reconnect(ctxb, ws, "wrong password!"); err == nil || st.SignedIn {
		t.Fatal("reconnected with a wrong password")
	}
	if _, err := b.svc.Reconnect(ctxb, ws, o.bobPW); err != nil {
		t.Fatal(err)
	}
	b.sync(ws)
	if n := b.count(`SELECT count(*) FROM prompt_templates WHERE name = 'news'`); n != 1 {
		t.Fatal("no sync after signing in again")
	}

	// A password change (on another device) ends this session as well.
	other := o.ts.client(t, "bob@example.com", o.bobPW)
	if err := other.ChangePassword(ctxb, syncproto.ChangePasswordRequest{CurrentPassword: o.bobPW, NewPassword: "bob's new password"}); err != nil {
		t.Fatal(err)
	}
	if st, err := b.svc.SyncNow(ctxb, ws); err == nil || st.ErrorCode != CodeSignedOut {
		t.Fatalf("after a password change: %+v %v", st, err)
	}
	if _, err := b.svc.Reconnect(ctxb, ws, "bob's new password"); err != nil {
		t.Fatal(err)
	}
	b.sync(ws)

	// Signing out here keeps the link; unlinking keeps the local copy.
	if st, err := b.svc.SignOut(ctxb, ws); err != nil || st.SignedIn || !st.Linked {
		t.Fatalf("sign out: %+v %v", st, err)
	}
	if err := b.svc.Unlink(ctxb, ws); err != nil {
		t.Fatal(err)
	}
	if st, _ := b.svc.Status(ctxb, ws); st.Linked || st.State != StateUnlinked {
		t.Fatalf("after unlink: %+v", st)
	}
	if n := b.count(`SELECT count(*) FROM prompt_templates WHERE name = 'news'`); n != 1 {
		t.Fatal("unlink dropped the local copy")
	}
}

// Without a keychain the session lives in memory: syncing works until the
// app restarts, then the user signs in again.
func TestNoKeychainKeepsSessionInMemory(t *testing.T) {
	o := newOffice(t, deskOpts{}, deskOpts{})
	a, ws := o.a, o.ws
	a.keys.SetUnavailable(true)
	a.share(o.ts, "alice@example.com", o.alicePW, ws)
	st := a.sync(ws)
	if st.KeychainAvailable || !st.SignedIn || st.State != StateSynced {
		t.Fatalf("without a keychain: %+v", st)
	}
	a.restart()
	st, _ = a.svc.Status(ctxb, ws)
	if st.SignedIn || st.ErrorCode != CodeSignedOut || !strings.Contains(st.Error, "keychain") {
		t.Fatalf("after a restart without a keychain: %+v", st)
	}
	if _, err := a.svc.Reconnect(ctxb, ws, o.alicePW); err != nil {
		t.Fatal(err)
	}
	a.sync(ws)
}

// With the loops running, a local change is pushed at once and the other
// desk hears of it through the long poll; the indicator reaches synced.
func TestBackgroundLoopsSyncOnChangeAndNotification(t *testing.T) {
	count := &countingTransport{base: http.DefaultTransport}
	o := newOffice(t, deskOpts{background: true, transport: count}, deskOpts{background: true})
	a, b, ws := o.a, o.b, o.ws
	a.share(o.ts, "alice@example.com", o.alicePW, ws)
	a.waitFor("first sync", func() bool { st, _ := a.svc.Status(ctxb, ws); return st.State == StateSynced })
	if _, err := a.svc.Invite(ctxb, ws, "bob@example.com", syncproto.RoleMember); err != nil {
		t.Fatal(err)
	}
	b.join(o.ts, "bob@example.com", o.bobPW)
	b.waitFor("workspace arrives", func() bool { return b.count(`SELECT count(*) FROM workspaces WHERE id = ?`, ws) == 1 })

	id := a.insert("prompt_templates", ws, store.Values{"name": "live", "body": "pushed on change"})
	b.waitFor("template arrives", func() bool { return b.count(`SELECT count(*) FROM prompt_templates WHERE id = ?`, id) == 1 })
	b.update("prompt_templates", id, store.Values{"body": "edited by bob"})
	a.waitFor("edit arrives", func() bool {
		return a.count(`SELECT count(*) FROM prompt_templates WHERE id = ? AND body = 'edited by bob'`, id) == 1
	})
	a.waitFor("indicator synced", func() bool {
		for _, e := range a.rec.Events(events.SyncStatus) {
			if p := e.Payload.(events.SyncStatusPayload); p.WorkspaceID == ws && p.State == StateSynced && p.LastSyncedAt > 0 {
				return true
			}
		}
		return false
	})
	// Idle, a loop holds one long poll open: it does not spin.
	before := count.requests.Load()
	time.Sleep(1500 * time.Millisecond)
	if n := count.requests.Load() - before; n > 3 {
		t.Fatalf("%d requests in 1.5 s of idling", n)
	}
	changed := false
	for _, e := range b.rec.Events(events.DataChanged) {
		if p := e.Payload.(events.DataChangedPayload); p.WorkspaceID == ws && strings.Contains(strings.Join(p.Tables, ","), "prompt_templates") {
			changed = true
		}
	}
	if !changed {
		t.Fatal("no data:changed event for pulled templates")
	}

	// The server goes away: the indicator says offline, and syncing resumes
	// when it is back (same data dir, new port: the link's URL is kept, so
	// here the same process is stopped and nothing more is asserted than
	// the offline state).
	o.ts.cmd.Process.Kill()
	o.ts.cmd.Wait()
	a.insert("prompt_templates", ws, store.Values{"name": "offline", "body": "waits"})
	a.waitFor("offline state", func() bool { st, _ := a.svc.Status(ctxb, ws); return st.State == StateOffline && st.Pending == 1 })
}

// A document whose file the server refused (too large) still arrives, marked;
// a file that becomes available is fetched on a later sync and indexed.
func TestDocumentFilesMissingAndFetchedLater(t *testing.T) {
	o := &office{ts: startServer(t, "--max-file-mb", "1")}
	o.alicePW = o.ts.newUser(t, "alice@example.com", "Alice")
	o.bobPW = o.ts.newUser(t, "bob@example.com", "Bob")
	o.a = newDesk(t, "alice-desk", deskOpts{})
	o.b = newDesk(t, "bob-desk", deskOpts{})
	o.ws = o.a.newWorkspace("Office")
	a, b, ws := o.a, o.b, o.ws
	big := a.addDocument(ws, "big.txt", strings.Repeat("A line about the big archive of the office.\n", 30000)) // ~1.3 MB
	small := a.addDocument(ws, "small.txt", "A small note about lunch.")
	o.shareAndJoin(t)
	if st, _ := a.svc.Status(ctxb, ws); len(st.Rejections) != 1 || !strings.Contains(st.Rejections[0].Reason, "could not be uploaded") {
		t.Fatalf("alice's status: %+v", st)
	}
	b.waitIndexed(small)
	if got := b.str(`SELECT status || ': ' || error FROM documents WHERE id = ?`, big); got != "error: "+fileMissing {
		t.Fatalf("big document on bob's desk: %q", got)
	}

	// Bob loses the small file (as if it had been missing): the next sync
	// fetches it again and the document is indexed.
	sum := b.str(`SELECT sha256 FROM documents WHERE id = ?`, small)
	if err := b.blobs.Delete(sum); err != nil {
		t.Fatal(err)
	}
	b.db.W.Exec(`DELETE FROM chunks WHERE document_id = ?`, small)
	b.db.W.Exec(`UPDATE documents SET status = 'error', error = ?, chunk_count = 0 WHERE id = ?`, fileMissing, small)
	b.sync(ws)
	b.waitIndexed(small)
	if st := b.str(`SELECT status FROM documents WHERE id = ?`, small); st != "completed" || b.count(`SELECT count(*) FROM chunks WHERE document_id = ?`, small) == 0 {
		t.Fatalf("small document after fetching again: %s", st)
	}
}
