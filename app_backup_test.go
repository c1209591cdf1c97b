package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"bookbag/backend/backup"
	"bookbag/backend/blob"
	"bookbag/backend/events"
	"bookbag/backend/rag"
	"bookbag/backend/secrets"
	"bookbag/backend/server/servertest"
	"bookbag/backend/store"
	syncsvc "bookbag/backend/sync"
	"bookbag/backend/syncproto"
	"bookbag/backend/tools"
	"bookbag/backend/workspace"
)

// A backup taken while chats are written and a document is indexed
// restores, after a restart, to a consistent database with every file, and
// the app names the provider whose key must be entered again.
func TestBackupUnderWritesRestoresConsistently(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data")
	a := NewApp(Flags{DataDir: dir})
	closed := false
	defer func() {
		if !closed {
			a.close()
		}
	}()
	boot, err := a.Bootstrap()
	if err != nil {
		t.Fatal(err)
	}
	ws := boot.CurrentWorkspaceID
	if _, err := a.db.W.Exec(`INSERT INTO providers (id, kind, preset, name, base_url, created_at, updated_at)
		VALUES ('p-openai', 'openai', 'openai', 'My OpenAI', 'https://api.openai.com/v1', 0, 0)`); err != nil {
		t.Fatal(err)
	}
	a.documents.Start(a.ctx)

	// A chat of three messages per transaction, as fast as the writer allows.
	writeChat := func(i int) error {
		return a.db.Tx(ctx, func(tx *store.Tx) error {
			chat := store.NewID()
			if err := tx.Insert(ctx, "chats", chat, ws, store.Values{"title": fmt.Sprintf("chat %d", i)}); err != nil {
				return err
			}
			parent := any(nil)
			for j := range 3 {
				id := store.NewID()
				if err := tx.Insert(ctx, "messages", id, ws, store.Values{"chat_id": chat, "parent_id": parent,
					"role": "user", "content": fmt.Sprintf("message %d of chat %d about backups", j, i)}); err != nil {
					return err
				}
				parent = id
			}
			return nil
		})
	}
	for i := range 50 {
		if err := writeChat(i); err != nil {
			t.Fatal(err)
		}
	}
	// Gaps in the implicit rowids (messages' full-text index points at them):
	// the snapshot must keep them, or search would find the wrong rows.
	if _, err := a.db.W.Exec(`DELETE FROM messages WHERE chat_id IN (SELECT id FROM chats WHERE title LIKE 'chat %7');
		DELETE FROM chats WHERE title LIKE 'chat %7'`); err != nil {
		t.Fatal(err)
	}
	doc := func(n int) []byte {
		var b strings.Builder
		for i := range 4000 {
			fmt.Fprintf(&b, "Paragraph %d of document %d: the restore must bring every chunk back.\n\n", i, n)
		}
		return []byte(b.String())
	}
	first, err := a.documents.AddBytes(ctx, ws, "", "first.txt", doc(0))
	if err != nil {
		t.Fatal(err)
	}
	waitDocument(t, a, first.Document.ID)

	stop := make(chan struct{})
	var wg sync.WaitGroup
	var written atomic.Int64
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := 1000; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if err := writeChat(i); err != nil {
				t.Error(err)
				return
			}
			written.Add(1)
		}
	}()
	var docIDs []string
	go func() {
		defer wg.Done()
		for n := 1; n <= 3; n++ {
			r, err := a.documents.AddBytes(ctx, ws, "", fmt.Sprintf("doc%d.txt", n), doc(n))
			if err != nil {
				t.Error(err)
				return
			}
			docIDs = append(docIDs, r.Document.ID)
		}
	}()
	time.Sleep(50 * time.Millisecond)
	file := filepath.Join(t.TempDir(), "under-writes.tar.gz")
	res, err := a.backups.Backup(ctx, file, backup.Options{Compress: true})
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if written.Load() == 0 {
		t.Fatal("no writes ran during the backup")
	}
	if len(res.Providers) != 1 || res.Providers[0].Name != "My OpenAI" {
		t.Fatalf("providers in the backup: %+v", res.Providers)
	}
	for _, id := range docIDs {
		waitDocument(t, a, id)
	}
	liveChats := count(t, a.db.R, `SELECT count(*) FROM chats`)

	// Restore through the bound API, then "restart".
	pend, err := a.api.backup.RestoreBackup(file, "")
	if err != nil || !pend.Pending {
		t.Fatalf("restore %+v %v", pend, err)
	}
	a.close()
	closed = true
	b := newTestApp(t, dir)
	if st, err := b.Bootstrap(); err != nil || st.State != "ready" {
		t.Fatalf("after restore: %+v %v", st, err)
	}
	for _, q := range []string{`PRAGMA integrity_check`} {
		var v string
		b.db.R.QueryRow(q).Scan(&v)
		if v != "ok" {
			t.Fatalf("%s: %s", q, v)
		}
	}
	if n := count(t, b.db.R, `SELECT count(*) FROM pragma_foreign_key_check`); n != 0 {
		t.Fatalf("%d rows with missing parents", n)
	}
	for _, fts := range []string{`INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')`,
		`INSERT INTO chunks_fts (chunks_fts) VALUES ('integrity-check')`} {
		if _, err := b.db.W.Exec(fts); err != nil {
			t.Fatalf("%s: %v", fts, err)
		}
	}
	// Every chat is whole: three messages each, never a part of a transaction.
	if n := count(t, b.db.R, `SELECT count(*) FROM chats c WHERE (SELECT count(*) FROM messages m WHERE m.chat_id = c.id) != 3`); n != 0 {
		t.Fatalf("%d chats are not whole", n)
	}
	chats := count(t, b.db.R, `SELECT count(*) FROM chats`)
	if chats < 45 || chats > liveChats {
		t.Fatalf("restored %d chats, live had %d", chats, liveChats)
	}
	if n := count(t, b.db.R, `SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'backups'`); n != chats*3 {
		t.Fatalf("search finds %d messages, want %d", n, chats*3)
	}
	// Documents: the completed ones have their chunks; the others resume.
	if n := count(t, b.db.R, `SELECT count(*) FROM documents d WHERE d.status = 'completed' AND NOT EXISTS (SELECT 1 FROM chunks c WHERE c.document_id = d.id)`); n != 0 {
		t.Fatalf("%d completed documents without chunks", n)
	}
	got, err := b.documents.Get(ctx, first.Document.ID)
	if err != nil || got.Status != rag.StatusCompleted {
		t.Fatalf("first document after restore: %+v %v", got, err)
	}
	rows, _ := b.db.R.Query(`SELECT sha256 FROM documents`)
	for rows.Next() {
		var sum string
		rows.Scan(&sum)
		if ok, _ := blobHas(b, sum); !ok {
			t.Fatalf("document file %s missing after restore", sum[:8])
		}
	}
	rows.Close()
	n, err := b.api.backup.RestoreNotice()
	if err != nil || !n.Restored || len(n.Providers) != 1 || n.Providers[0].ID != "p-openai" || n.AsideDir == "" {
		t.Fatalf("notice %+v %v", n, err)
	}
	kept, _ := b.api.backup.KeptAside()
	if len(kept) != 1 {
		t.Fatalf("kept %+v", kept)
	}
	// The provider is there, without its key.
	ps, _ := b.models.ListProviders(ctx)
	if len(ps) != 1 || ps[0].Key.Source == "keychain" {
		t.Fatalf("providers %+v", ps)
	}
}

func waitDocument(t *testing.T, a *App, id string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		d, err := a.documents.Get(context.Background(), id)
		if err == nil && (d.Status == rag.StatusCompleted || d.Status == rag.StatusError) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("document %s not indexed in time", id)
}

func count(t *testing.T, q *sql.DB, query string) int {
	t.Helper()
	var n int
	if err := q.QueryRow(query).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func blobHas(a *App, sum string) (bool, error) {
	bs, err := blob.New(a.dataDir, blob.Options{})
	if err != nil {
		return false, err
	}
	return bs.Has(sum)
}

// TestScheduledBackupPassphraseOnlyInKeychain: the passphrase of encrypted
// scheduled backups is in the real keychain and nowhere else (the data dir
// with its -wal and log, events, what the bound methods return); the run
// writes a backup only it opens; turning encryption off forgets it.
func TestScheduledBackupPassphraseOnlyInKeychain(t *testing.T) {
	requireKeychain(t)
	b := make([]byte, 12)
	rand.Read(b)
	pass := "pp-leakcheck-" + hex.EncodeToString(b)
	dir, folder := t.TempDir(), t.TempDir()
	a := newTestApp(t, dir)
	rec := events.NewRecorder()
	a.events.set(rec)
	if _, err := a.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	sc, err := a.api.backup.SetSchedule(backup.Schedule{Frequency: backup.Daily, Folder: folder, Keep: 2, Encrypt: true, Passphrase: pass})
	if err != nil || !sc.HasPassphrase || sc.Passphrase != "" {
		t.Fatalf("set schedule: %+v %v", sc, err)
	}
	p, err := a.backups.RunDue(context.Background())
	if err != nil || !strings.HasSuffix(p, ".age") {
		t.Fatalf("scheduled run: %q %v", p, err)
	}
	if v, err := a.api.backup.VerifyBackup(p, pass); err != nil || !v.OK {
		t.Fatalf("the scheduled backup does not open with its passphrase: %+v %v", v, err)
	}
	got, err := secrets.NewKeyring(secrets.KeyringOptions{}).Get(context.Background(), "backup/schedule")
	if err != nil || got != pass {
		t.Fatalf("passphrase not in the keychain: %v", err)
	}
	read, err := a.api.backup.GetSchedule()
	if err != nil {
		t.Fatal(err)
	}
	js, _ := json.Marshal([]any{sc, read})
	if strings.Contains(string(js), pass) || strings.Contains(rec.JSON(), pass) {
		t.Fatal("the passphrase came back in an answer or an event")
	}
	if open := scanDir(t, dir, []string{pass}); len(open) == 0 {
		t.Fatal("nothing scanned")
	}
	if _, err := a.api.backup.SetSchedule(backup.Schedule{Frequency: backup.Daily, Folder: folder, Keep: 2}); err != nil {
		t.Fatal(err)
	}
	if _, err := secrets.NewKeyring(secrets.KeyringOptions{}).Get(context.Background(), "backup/schedule"); err == nil {
		t.Fatal("passphrase left in the keychain after encryption was turned off")
	}
	a.close()
	scanDir(t, dir, []string{pass})
}

// A backup names what a restore elsewhere needs entered again besides
// provider keys: here a tool server's environment value, kept in the real
// keychain (its name is in the backup, its value is not).
func TestBackupNamesToolServerSecrets(t *testing.T) {
	requireKeychain(t)
	a := newTestApp(t, t.TempDir())
	if _, err := a.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	const value = "tok-backup-secret-3141592653"
	sv, err := a.api.tools.AddServer(tools.ServerInput{Name: "files", Transport: "stdio", Command: "/bin/true", Env: map[string]string{"FILES_TOKEN": value}})
	if err != nil {
		t.Fatal(err)
	}
	defer a.api.tools.RemoveServer(sv.ID)
	p := filepath.Join(t.TempDir(), "b.tar")
	if _, err := a.backups.Backup(context.Background(), p, backup.Options{}); err != nil {
		t.Fatal(err)
	}
	in, err := a.api.backup.InspectBackup(p, "")
	if err != nil || !slices.Equal(in.Secrets, []string{"tool server files: FILES_TOKEN (Settings → Tools)"}) {
		t.Fatalf("secrets named %q %v", in.Secrets, err)
	}
	if b, _ := os.ReadFile(p); bytes.Contains(b, []byte(value)) {
		t.Fatal("the tool server's value is in the backup")
	}
}

// A shared workspace's office-server account is named too: after a restore
// elsewhere the session token (in the keychain, not the backup) is gone and
// the user signs in again.
func TestBackupNamesOfficeSignIns(t *testing.T) {
	requireKeychain(t)
	env := servertest.Start(t, servertest.SQLite(t))
	env.User("ana@example.com", syncproto.RoleMember)
	a := newTestApp(t, t.TempDir())
	if _, err := a.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	ws, err := a.api.workspaces.Create(workspace.Input{Name: "Front desk"})
	if err != nil {
		t.Fatal(err)
	}
	in, err := a.api.sync.SignIn(syncsvc.SignInInput{ServerURL: env.URL, Email: "ana@example.com", Password: servertest.Password})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.api.sync.CreateShared(in.Session, ws.ID); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "b.tar")
	if _, err := a.backups.Backup(context.Background(), p, backup.Options{}); err != nil {
		t.Fatal(err)
	}
	got, err := a.api.backup.InspectBackup(p, "")
	want := "office server sign-in of workspace Front desk: ana@example.com at " + env.URL + " (the sidebar's sync state → Sign in again)"
	if err != nil || !slices.Equal(got.Secrets, []string{want}) {
		t.Fatalf("secrets named %q %v", got.Secrets, err)
	}
	tok, err := secrets.NewKeyring(secrets.KeyringOptions{}).Get(context.Background(), "sync/"+ws.ID)
	if err != nil || len(tok) < 16 {
		t.Fatalf("no session token in the keychain: %v", err)
	}
	if b, _ := os.ReadFile(p); bytes.Contains(b, []byte(tok)) {
		t.Fatal("the session token is in the backup")
	}
}
