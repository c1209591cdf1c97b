package workspace

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/blob"
	"bookbag/backend/store"
)

// clock is a store clock tests move by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

type fakeIndex struct {
	mu        sync.Mutex
	reembeds  []string
	reindexed []string
	forgotten []string
}

func (f *fakeIndex) Reembed(_ context.Context, ws string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reembeds = append(f.reembeds, ws)
	return nil
}
func (f *fakeIndex) ReindexAll(_ context.Context, ws string) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reindexed = append(f.reindexed, ws)
	return 2, nil
}
func (f *fakeIndex) Forget(ws string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.forgotten = append(f.forgotten, ws)
}

type lastUsed struct{ id string }

func (l *lastUsed) SetLastWorkspace(_ context.Context, id string) error { l.id = id; return nil }

type env struct {
	svc   *Service
	db    *store.DB
	clk   *clock
	blobs *blob.Store
	index *fakeIndex
	last  *lastUsed
	def   Workspace
	dir   string
}

func newEnv(t *testing.T) *env {
	t.Helper()
	dir := t.TempDir()
	clk := &clock{t: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)}
	db, err := store.Open(context.Background(), dir, store.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	blobs, err := blob.New(dir, blob.Options{})
	if err != nil {
		t.Fatal(err)
	}
	e := &env{db: db, clk: clk, blobs: blobs, index: &fakeIndex{}, last: &lastUsed{}, dir: dir}
	e.svc = NewService(withDomains(t, Deps{DB: db, Blobs: blobs, Index: e.index, LastUsed: e.last, UndoWindow: time.Hour}))
	t.Cleanup(func() { e.svc.Close(); db.Close() })
	if e.def, err = e.svc.EnsureDefault(context.Background()); err != nil {
		t.Fatal(err)
	}
	return e
}

// seed fills a workspace with a chat (two messages, one with an image), a
// document with a stored file and two chunks, a profile, a template and an
// allowed model. It returns the document's file hash.
func (e *env) seed(t *testing.T, ws, word string) string {
	t.Helper()
	ctx := context.Background()
	file, err := e.blobs.PutBytes(ctx, []byte("file of "+ws+" "+word))
	if err != nil {
		t.Fatal(err)
	}
	img, err := e.blobs.PutBytes(ctx, []byte("image of "+ws))
	if err != nil {
		t.Fatal(err)
	}
	err = e.db.Tx(ctx, func(tx *store.Tx) error {
		chat := store.NewID()
		if err := tx.Insert(ctx, "chats", chat, ws, store.Values{"title": "chat about " + word, "model_ref": "openai:gpt-4o-mini"}); err != nil {
			return err
		}
		q := store.NewID()
		if err := tx.Insert(ctx, "messages", q, ws, store.Values{"chat_id": chat, "role": "user", "content": "tell me about " + word,
			"attachments": `[{"sha256":"` + img.SHA256 + `","name":"a.png","mime":"image/png","size":1}]`}); err != nil {
			return err
		}
		if err := tx.Insert(ctx, "messages", store.NewID(), ws, store.Values{"chat_id": chat, "parent_id": q, "role": "assistant",
			"content": word + " is a fine thing", "model_ref": "openai:gpt-4o-mini", "tokens_in": 100, "tokens_out": 40}); err != nil {
			return err
		}
		doc := store.NewID()
		if err := tx.Insert(ctx, "documents", doc, ws, store.Values{"name": word + ".txt", "size": file.Size, "sha256": file.SHA256,
			"status": "completed", "chunk_count": 2}); err != nil {
			return err
		}
		for i, text := range []string{word + " chunk one", word + " chunk two"} {
			if _, err := tx.ExecContext(ctx, `INSERT INTO chunks (document_id, workspace_id, ordinal, text) VALUES (?, ?, ?, ?)`,
				doc, ws, i, text); err != nil {
				return err
			}
		}
		if err := tx.Insert(ctx, "param_profiles", store.NewID(), ws, store.Values{"name": word + " profile"}); err != nil {
			return err
		}
		if err := tx.Insert(ctx, "prompt_templates", store.NewID(), ws, store.Values{"name": word + " template", "body": "hi"}); err != nil {
			return err
		}
		return tx.Insert(ctx, "model_assignments", store.NewID(), ws, store.Values{"model_ref": "openai:gpt-4o-mini"})
	})
	if err != nil {
		t.Fatal(err)
	}
	return file.SHA256
}

// count returns how many rows of table belong to ws (by workspace_id).
func (e *env) count(t *testing.T, table, ws string) int {
	t.Helper()
	col := "workspace_id"
	if table == "workspaces" {
		col = "id"
	}
	var n int
	if err := e.db.R.QueryRow(`SELECT count(*) FROM `+table+` WHERE `+col+` = ?`, ws).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func (e *env) ftsHits(t *testing.T, table, word string) int {
	t.Helper()
	var n int
	if err := e.db.R.QueryRow(`SELECT count(*) FROM `+table+` WHERE `+table+` MATCH ?`, word).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

var allTables = []string{"workspaces", "workspace_settings", "model_assignments", "param_profiles", "prompt_templates",
	"chats", "messages", "documents", "chunks", "change_log"}

func TestCreateRenameIconColour(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	w, err := e.svc.Create(ctx, Input{Name: "  Thesis ", Icon: "📚", Color: "#3B82F6"})
	if err != nil {
		t.Fatal(err)
	}
	if w.Name != "Thesis" || w.Icon != "📚" || w.Color != "#3b82f6" || w.IsDefault {
		t.Fatalf("created %+v", w)
	}
	st, err := e.svc.Settings(ctx, w.ID)
	if err != nil || st.ChunkSize != 1000 {
		t.Fatalf("new workspace settings %+v %v", st, err)
	}
	if _, err := e.svc.Create(ctx, Input{Name: "thesis"}); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("duplicate name: %v", err)
	}
	w, err = e.svc.Update(ctx, w.ID, Input{Name: "PhD", Icon: "P", Color: ""})
	if err != nil || w.Name != "PhD" || w.Icon != "P" || w.Color != "" {
		t.Fatalf("update %+v %v", w, err)
	}
	if _, err := e.svc.Update(ctx, w.ID, Input{Name: "phd"}); err != nil {
		t.Fatalf("renaming to itself with another case: %v", err)
	}
	list, _ := e.svc.List(ctx)
	if len(list) != 2 || !list[0].IsDefault || list[1].Name != "phd" {
		t.Fatalf("list %+v", list)
	}
	var logged int
	e.db.R.QueryRow(`SELECT count(*) FROM change_log WHERE workspace_id = ?`, w.ID).Scan(&logged)
	if logged != 2 {
		t.Fatalf("workspace and settings not logged for sync: %d", logged)
	}
}

func TestInputValidation(t *testing.T) {
	bad := []Input{
		{Name: ""},
		{Name: strings.Repeat("x", 81)},
		{Name: "ok", Icon: "too long icon"},
		{Name: "ok", Color: "blue"},
		{Name: "ok", Color: "#12345"},
		{Name: "ok", Color: "#gggggg"},
	}
	for _, in := range bad {
		if _, err := in.Validate(); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("%+v accepted", in)
		}
	}
	good := []Input{{Name: "a"}, {Name: "b", Icon: "🧪"}, {Name: "c", Icon: "AB", Color: "#ffffff"}, {Name: "d", Icon: "👩‍🔬"}}
	for _, in := range good {
		if _, err := in.Validate(); err != nil {
			t.Errorf("%+v refused: %v", in, err)
		}
	}
}

func TestDefaultWorkspaceCannotBeDeletedOrArchived(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	if _, err := e.svc.Delete(ctx, e.def.ID); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("default deleted: %v", err)
	}
	if _, err := e.svc.SetArchived(ctx, e.def.ID, true); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("default archived: %v", err)
	}
	if w, err := e.svc.Get(ctx, e.def.ID); err != nil || w.Name != DefaultName {
		t.Fatalf("default changed: %+v %v", w, err)
	}
}

func TestArchiveAndUnarchive(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	w, _ := e.svc.Create(ctx, Input{Name: "Old project"})
	a, err := e.svc.SetArchived(ctx, w.ID, true)
	if err != nil || a.ArchivedAt == 0 {
		t.Fatalf("archive %+v %v", a, err)
	}
	a, err = e.svc.SetArchived(ctx, w.ID, false)
	if err != nil || a.ArchivedAt != 0 {
		t.Fatalf("unarchive %+v %v", a, err)
	}
}

func TestDeleteLeavesListsAtOnceAndUndoRestores(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	w, _ := e.svc.Create(ctx, Input{Name: "Side project", Icon: "🚀", Color: "#ff0000"})
	e.seed(t, w.ID, "pelican")
	token, err := e.svc.Delete(ctx, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	list, _ := e.svc.List(ctx)
	if len(list) != 1 {
		t.Fatalf("deleted workspace still listed: %+v", list)
	}
	if _, err := e.svc.Get(ctx, w.ID); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("get deleted: %v", err)
	}
	if err := e.svc.SetLastUsed(ctx, w.ID); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("last used set to a deleted workspace: %v", err)
	}
	back, err := e.svc.UndoDelete(ctx, token)
	if err != nil || back.Name != "Side project" || back.Icon != "🚀" || back.Color != "#ff0000" {
		t.Fatalf("undo %+v %v", back, err)
	}
	if e.count(t, "chats", w.ID) != 1 || e.count(t, "chunks", w.ID) != 2 {
		t.Fatal("contents lost by delete and undo")
	}
	if _, err := e.svc.UndoDelete(ctx, token); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("second undo: %v", err)
	}
}

// Two workspaces can come to share a name (one deleted, a new one made
// under its name, then the delete undone; or one arriving by sync): each
// can still get a new icon or colour under the name it has, and a rename
// to a name another one has is still refused.
func TestWorkspacesSharingANameCanStillBeEdited(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	first, _ := e.svc.Create(ctx, Input{Name: "Research"})
	token, err := e.svc.Delete(ctx, first.ID)
	if err != nil {
		t.Fatal(err)
	}
	second, err := e.svc.Create(ctx, Input{Name: "research"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.UndoDelete(ctx, token); err != nil {
		t.Fatal(err)
	}
	if w, err := e.svc.Update(ctx, first.ID, Input{Name: "Research", Icon: "R"}); err != nil || w.Icon != "R" {
		t.Fatalf("new icon for the restored one: %+v %v", w, err)
	}
	if w, err := e.svc.Update(ctx, second.ID, Input{Name: "research", Color: "#22aa88"}); err != nil || w.Color != "#22aa88" {
		t.Fatalf("new colour for the new one: %+v %v", w, err)
	}
	if _, err := e.svc.Update(ctx, second.ID, Input{Name: "RESEARCH"}); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("rename to the other's name: %v", err)
	}
	if _, err := e.svc.Update(ctx, second.ID, Input{Name: "Research notes"}); err != nil {
		t.Fatal(err)
	}
}

func TestUndoAfterWindowIsTooLate(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	w, _ := e.svc.Create(ctx, Input{Name: "X"})
	token, _ := e.svc.Delete(ctx, w.ID)
	e.clk.Add(time.Hour + time.Second)
	if _, err := e.svc.UndoDelete(ctx, token); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("late undo: %v", err)
	}
}

func TestPurgeAfterUndoWindowRemovesEverythingOfANeverSharedWorkspace(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	keep, _ := e.svc.Create(ctx, Input{Name: "Keep"})
	gone, _ := e.svc.Create(ctx, Input{Name: "Gone"})
	keepFile := e.seed(t, keep.ID, "heron")
	goneFile := e.seed(t, gone.ID, "pelican")
	if _, err := e.svc.Delete(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	// Within the window nothing is purged.
	e.clk.Add(30 * time.Minute)
	if n, err := e.svc.PurgeExpired(ctx); err != nil || n != 0 {
		t.Fatalf("purged inside the window: %d %v", n, err)
	}
	if e.count(t, "chats", gone.ID) != 1 {
		t.Fatal("chats gone inside the undo window")
	}
	e.clk.Add(31 * time.Minute)
	if n, err := e.svc.PurgeExpired(ctx); err != nil || n != 1 {
		t.Fatalf("purge: %d %v", n, err)
	}
	for _, table := range allTables {
		if n := e.count(t, table, gone.ID); n != 0 {
			t.Errorf("%d rows left in %s", n, table)
		}
		if table != "workspaces" && table != "change_log" && e.count(t, table, keep.ID) == 0 {
			t.Errorf("the other workspace lost its %s", table)
		}
	}
	if e.ftsHits(t, "messages_fts", "pelican") != 0 || e.ftsHits(t, "chunks_fts", "pelican") != 0 {
		t.Error("search index rows of the purged workspace remain")
	}
	if e.ftsHits(t, "messages_fts", "heron") == 0 || e.ftsHits(t, "chunks_fts", "heron") == 0 {
		t.Error("search index rows of the kept workspace lost")
	}
	if ok, _ := e.blobs.Has(goneFile); ok {
		t.Error("the purged document's file is still stored")
	}
	if ok, _ := e.blobs.Has(keepFile); !ok {
		t.Error("the kept document's file was removed")
	}
	if len(e.index.forgotten) != 1 || e.index.forgotten[0] != gone.ID {
		t.Errorf("in-memory index state not dropped: %v", e.index.forgotten)
	}
	// Running it again is a no-op.
	if n, err := e.svc.PurgeExpired(ctx); err != nil || n != 0 {
		t.Fatalf("second purge: %d %v", n, err)
	}
}

func TestPurgeKeepsFilesStillUsedElsewhere(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	a, _ := e.svc.Create(ctx, Input{Name: "A"})
	b, _ := e.svc.Create(ctx, Input{Name: "B"})
	sumA := e.seed(t, a.ID, "same")
	// The same file in B (content-addressed: stored once).
	err := e.db.Tx(ctx, func(tx *store.Tx) error {
		return tx.Insert(ctx, "documents", store.NewID(), b.ID, store.Values{"name": "copy.txt", "sha256": sumA, "status": "completed"})
	})
	if err != nil {
		t.Fatal(err)
	}
	e.svc.Delete(ctx, a.ID)
	e.clk.Add(2 * time.Hour)
	if _, err := e.svc.PurgeExpired(ctx); err != nil {
		t.Fatal(err)
	}
	if ok, _ := e.blobs.Has(sumA); !ok {
		t.Fatal("a file another workspace uses was removed")
	}
}

func TestInterruptedPurgeLeavesTheWorkspaceWhole(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	w, _ := e.svc.Create(ctx, Input{Name: "Fragile"})
	sum := e.seed(t, w.ID, "pelican")
	e.svc.Delete(ctx, w.ID)
	e.clk.Add(2 * time.Hour)
	before := map[string]int{}
	for _, table := range allTables {
		before[table] = e.count(t, table, w.ID)
	}
	for _, stop := range []string{"documents", "chats", "profiles and templates", "change log", "workspace_settings", "workspaces", "commit"} {
		crash := errors.New("power cut")
		e.svc.purgeStep = func(step string) error {
			if step == stop {
				return crash
			}
			return nil
		}
		if _, err := e.svc.PurgeExpired(ctx); !errors.Is(err, crash) {
			t.Fatalf("stop at %s: %v", stop, err)
		}
		for _, table := range allTables {
			if n := e.count(t, table, w.ID); n != before[table] {
				t.Fatalf("stop at %s: %s has %d rows, had %d", stop, table, n, before[table])
			}
		}
		if e.ftsHits(t, "messages_fts", "pelican") == 0 || e.ftsHits(t, "chunks_fts", "pelican") == 0 {
			t.Fatalf("stop at %s: search rows lost", stop)
		}
		if ok, _ := e.blobs.Has(sum); !ok {
			t.Fatalf("stop at %s: file removed", stop)
		}
	}
	e.svc.purgeStep = nil
	if n, err := e.svc.PurgeExpired(ctx); err != nil || n != 1 {
		t.Fatalf("purge after the crashes: %d %v", n, err)
	}
	if e.count(t, "workspaces", w.ID) != 0 {
		t.Fatal("not purged")
	}
}

func TestSharedWorkspaceStaysATombstone(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	w, _ := e.svc.Create(ctx, Input{Name: "Office"})
	e.seed(t, w.ID, "pelican")
	// Some of it was pushed to a server once.
	if _, err := e.db.W.Exec(`UPDATE change_log SET pushed_at = 1 WHERE workspace_id = ?`, w.ID); err != nil {
		t.Fatal(err)
	}
	e.svc.Delete(ctx, w.ID)
	e.clk.Add(2 * time.Hour)
	if n, err := e.svc.PurgeExpired(ctx); err != nil || n != 1 {
		t.Fatalf("finish: %d %v", n, err)
	}
	var deletedAt *int64
	e.db.R.QueryRow(`SELECT deleted_at FROM workspaces WHERE id = ?`, w.ID).Scan(&deletedAt)
	if deletedAt == nil {
		t.Fatal("the shared workspace's tombstone is gone")
	}
	for _, table := range []string{"chats", "messages", "documents", "param_profiles", "prompt_templates", "model_assignments", "workspace_settings"} {
		var live, all int
		e.db.R.QueryRow(`SELECT count(*), COALESCE(SUM(deleted_at IS NULL), 0) FROM `+table+` WHERE workspace_id = ?`, w.ID).Scan(&all, &live)
		if all == 0 || live != 0 {
			t.Errorf("%s: %d rows, %d live (want tombstones)", table, all, live)
		}
	}
	if e.count(t, "chunks", w.ID) != 0 || e.ftsHits(t, "messages_fts", "pelican") != 0 {
		t.Error("derived data of a deleted shared workspace remains")
	}
	var pending int
	e.db.R.QueryRow(`SELECT count(*) FROM change_log WHERE workspace_id = ? AND pushed_at IS NULL AND op = 'delete'`, w.ID).Scan(&pending)
	if pending == 0 {
		t.Fatal("the deletes were not logged for sync")
	}
	if n, err := e.svc.PurgeExpired(ctx); err != nil || n != 0 {
		t.Fatalf("second pass: %d %v", n, err)
	}
}

func TestSharedHookKeepsALinkedWorkspace(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	w, _ := e.svc.Create(ctx, Input{Name: "Linked"})
	e.svc.shared = func(_ context.Context, id string) (bool, error) { return id == w.ID, nil }
	e.svc.Delete(ctx, w.ID)
	e.clk.Add(2 * time.Hour)
	if _, err := e.svc.PurgeExpired(ctx); err != nil {
		t.Fatal(err)
	}
	if e.count(t, "workspaces", w.ID) != 1 {
		t.Fatal("a linked workspace was purged")
	}
}

func TestSyncLinkTableKeepsALinkedWorkspace(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	w, _ := e.svc.Create(ctx, Input{Name: "Linked by table"})
	// The sync client's link table, whether or not its migration has landed here.
	if _, err := e.db.W.Exec(`CREATE TABLE IF NOT EXISTS sync_links (workspace_id TEXT PRIMARY KEY, server_url TEXT NOT NULL DEFAULT '')`); err != nil {
		t.Fatal(err)
	}
	// Fill whatever columns the real table requires.
	rows, err := e.db.W.Query(`SELECT name, type FROM pragma_table_info('sync_links') WHERE "notnull" = 1 AND dflt_value IS NULL AND name != 'workspace_id'`)
	if err != nil {
		t.Fatal(err)
	}
	cols, vals := []string{"workspace_id"}, []any{w.ID}
	for rows.Next() {
		var name, typ string
		rows.Scan(&name, &typ)
		cols = append(cols, name)
		if strings.Contains(strings.ToUpper(typ), "INT") {
			vals = append(vals, 1)
		} else {
			vals = append(vals, "x")
		}
	}
	rows.Close()
	q := `INSERT INTO sync_links (` + strings.Join(cols, ", ") + `) VALUES (?` + strings.Repeat(", ?", len(cols)-1) + `)`
	if _, err := e.db.W.Exec(q, vals...); err != nil {
		t.Fatal(err)
	}
	e.svc.Delete(ctx, w.ID)
	e.clk.Add(2 * time.Hour)
	if _, err := e.svc.PurgeExpired(ctx); err != nil {
		t.Fatal(err)
	}
	if e.count(t, "workspaces", w.ID) != 1 {
		t.Fatal("a linked workspace was purged")
	}
}

func TestPurgeTimerRunsAfterTheWindow(t *testing.T) {
	dir := t.TempDir()
	db, err := store.Open(context.Background(), dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := NewService(withDomains(t, Deps{DB: db, UndoWindow: 50 * time.Millisecond}))
	defer svc.Close()
	ctx := context.Background()
	svc.EnsureDefault(ctx)
	w, _ := svc.Create(ctx, Input{Name: "Short lived"})
	if _, err := svc.Delete(ctx, w.ID); err != nil {
		t.Fatal(err)
	}
	for i := 0; ; i++ {
		var n int
		db.R.QueryRow(`SELECT count(*) FROM workspaces WHERE id = ?`, w.ID).Scan(&n)
		if n == 0 {
			break
		}
		if i > 200 {
			t.Fatal("the timer did not purge the workspace")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestSetLastUsed(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	w, _ := e.svc.Create(ctx, Input{Name: "Next"})
	if err := e.svc.SetLastUsed(ctx, w.ID); err != nil || e.last.id != w.ID {
		t.Fatalf("last used %q %v", e.last.id, err)
	}
	if err := e.svc.SetLastUsed(ctx, "missing"); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("unknown id: %v", err)
	}
}

func TestBlobDirUntouchedWithoutBlobs(t *testing.T) {
	// A service without a file store (tools, tests) purges rows and leaves files alone.
	e := newEnv(t)
	e.svc.blobs = nil
	ctx := context.Background()
	w, _ := e.svc.Create(ctx, Input{Name: "NoFiles"})
	sum := e.seed(t, w.ID, "x")
	e.svc.Delete(ctx, w.ID)
	e.clk.Add(2 * time.Hour)
	if _, err := e.svc.PurgeExpired(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(e.dir, "files", sum[:2], sum[2:4], sum)); err != nil {
		t.Fatal("file removed without a file store")
	}
}

// A member of a shared workspace cannot delete it (the server would refuse
// and it would come back); its admins can.
func TestSharedWorkspaceDeletedOnlyByItsAdmins(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	roles := map[string]string{}
	e.svc.role = func(ws string) string { return roles[ws] }
	theirs, _ := e.svc.Create(ctx, Input{Name: "Office"})
	ours, _ := e.svc.Create(ctx, Input{Name: "Team"})
	roles[theirs.ID], roles[ours.ID] = "member", "admin"
	_, err := e.svc.Delete(ctx, theirs.ID)
	if !apperr.Is(err, apperr.Invalid) || !strings.Contains(apperr.MessageOf(err), "unlink") {
		t.Fatalf("a member deleting a shared workspace: %v", err)
	}
	if _, err := e.svc.Get(ctx, theirs.ID); err != nil {
		t.Fatalf("the refused workspace is gone: %v", err)
	}
	if _, err := e.svc.Delete(ctx, ours.ID); err != nil {
		t.Fatalf("an admin deleting a shared workspace: %v", err)
	}
}
