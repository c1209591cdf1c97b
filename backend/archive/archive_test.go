package archive

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"bookbag/backend/apperr"
	"bookbag/backend/blob"
	"bookbag/backend/models"
	"bookbag/backend/rag"
	"bookbag/backend/rag/extract"
	"bookbag/backend/sqlkit"
	"bookbag/backend/store"
	"bookbag/backend/syncproto"
	"bookbag/backend/workspace"
)

type env struct {
	db    *store.DB
	blobs *blob.Store
	ws    *workspace.Service
	arc   *Service
	dir   string
	def   workspace.Workspace
	after []string
}

func newEnv(t *testing.T) *env {
	t.Helper()
	dir := t.TempDir()
	db, err := store.Open(context.Background(), dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	blobs, err := blob.New(dir, blob.Options{})
	if err != nil {
		t.Fatal(err)
	}
	e := &env{db: db, blobs: blobs, ws: workspace.NewService(workspace.Deps{DB: db}), dir: dir}
	docs := rag.NewService(rag.Deps{DB: db, Blobs: blobs, Extractor: extract.New(extract.Options{})})
	e.arc = NewService(Deps{DB: db, Blobs: blobs, AppVersion: "1.2.3-test", Chunks: ragChunks{docs}, Models: models.NewService(models.Deps{DB: db}),
		AfterImport: func(ws string) { e.after = append(e.after, ws) },
		FilesInUse:  func(ctx context.Context, sum string) (bool, error) { return docs.FileInUse(ctx, db.R, sum) }})
	t.Cleanup(func() { e.ws.Close(); db.Close() })
	if e.def, err = e.ws.EnsureDefault(context.Background()); err != nil {
		t.Fatal(err)
	}
	return e
}

func vec(xs ...float32) []byte {
	b := make([]byte, 4*len(xs))
	for i, x := range xs {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(x))
	}
	return b
}

// fill gives a workspace something of everything an archive carries.
func (e *env) fill(t *testing.T, wsID, word string) {
	t.Helper()
	ctx := context.Background()
	file, _ := e.blobs.PutBytes(ctx, []byte("the "+word+" file"))
	img, _ := e.blobs.PutBytes(ctx, []byte("\x89PNG image of "+word))
	var personal string
	err := e.db.Tx(ctx, func(tx *store.Tx) error {
		personal = store.NewID()
		if err := tx.Insert(ctx, "param_profiles", personal, "", store.Values{"name": "Precise " + word, "temperature": 0.2}); err != nil {
			return err
		}
		if err := tx.Insert(ctx, "param_profiles", store.NewID(), wsID, store.Values{"name": word + " creative", "temperature": 1.1, "max_tokens": 900}); err != nil {
			return err
		}
		if err := tx.Insert(ctx, "prompt_templates", store.NewID(), wsID, store.Values{"name": "Summarise", "body": "Summarise {{text}}"}); err != nil {
			return err
		}
		if err := tx.Insert(ctx, "model_assignments", store.NewID(), wsID, store.Values{"model_ref": "openai:fake-chat"}); err != nil {
			return err
		}
		chat := store.NewID()
		if err := tx.Insert(ctx, "chats", chat, wsID, store.Values{"title": "About " + word, "model_ref": "openai:fake-chat",
			"profile_id": personal, "params": `{"temperature":0.5}`, "pinned": 1}); err != nil {
			return err
		}
		q := store.NewID()
		if err := tx.Insert(ctx, "messages", q, wsID, store.Values{"chat_id": chat, "role": "user", "content": "What is a " + word + "?",
			"attachments": fmt.Sprintf(`[{"sha256":%q,"name":"p.png","mime":"image/png","size":%d,"width":0,"height":0,"missing":false}]`, img.SHA256, img.Size)}); err != nil {
			return err
		}
		if err := tx.Insert(ctx, "messages", store.NewID(), wsID, store.Values{"chat_id": chat, "parent_id": q, "role": "assistant",
			"content": "A " + word + " is a bird.", "thinking": "hmm", "model_ref": "anthropic:claude-sonnet-4-5", "tokens_in": 12,
			"tokens_out": 7, "tokens_per_sec": 33.5, "citations": `[{"documentId":"x","text":"t"}]`}); err != nil {
			return err
		}
		gone := store.NewID()
		if err := tx.Insert(ctx, "chats", gone, wsID, store.Values{"title": "deleted one"}); err != nil {
			return err
		}
		if err := tx.Delete(ctx, "chats", gone); err != nil {
			return err
		}
		doc := store.NewID()
		if err := tx.Insert(ctx, "documents", doc, wsID, store.Values{"name": word + ".txt", "mime": "text/plain", "size": file.Size,
			"sha256": file.SHA256, "status": "completed", "chunk_count": 2, "format": "text"}); err != nil {
			return err
		}
		for i, text := range []string{"The " + word + " chunk one", "The " + word + " chunk two"} {
			if _, err := tx.ExecContext(ctx, `INSERT INTO chunks (document_id, workspace_id, ordinal, page, start_offset, end_offset, text, context, embedding, embedding_ref)
				VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, 'ollama:nomic-embed-text@3')`, doc, wsID, i, i*10, i*10+9, text, word+".txt", vec(0.1, float32(i), 0.3)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	st, _ := e.ws.Settings(ctx, wsID)
	st.SystemPrompt, st.DefaultModelRef, st.EmbeddingModelRef, st.DefaultProfileID = "Be brief.", "openai:fake-chat", "ollama:nomic-embed-text@3", personal
	st.MinScore, st.TopK = 0.25, 4
	if _, err := e.ws.UpdateSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
}

func (e *env) export(t *testing.T, wsID string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := e.arc.Export(context.Background(), wsID, &buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// rows returns a table's rows of a workspace, sorted by id, as comparable values.
func (e *env) rows(t *testing.T, table, wsID string) []map[string]any {
	t.Helper()
	rs, err := e.db.R.Query(rowQueries[table]+` ORDER BY id`, wsID)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	cols, _ := rs.Columns()
	var out []map[string]any
	for rs.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		rs.Scan(ptrs...)
		m := map[string]any{}
		for i, c := range cols {
			m[c] = vals[i]
		}
		out = append(out, m)
	}
	return out
}

type chunkRow struct {
	Doc, Text, Context, Ref string
	Ordinal, Page           int
	Emb                     []byte
}

func (e *env) chunks(t *testing.T, wsID string) []chunkRow {
	t.Helper()
	rs, err := e.db.R.Query(`SELECT document_id, text, context, embedding_ref, ordinal, page, embedding FROM chunks WHERE workspace_id = ? ORDER BY document_id, ordinal`, wsID)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	var out []chunkRow
	for rs.Next() {
		var c chunkRow
		rs.Scan(&c.Doc, &c.Text, &c.Context, &c.Ref, &c.Ordinal, &c.Page, &c.Emb)
		out = append(out, c)
	}
	return out
}

// fingerprint is everything an import could change: row counts of every
// table, the change log, and the stored files.
func (e *env) fingerprint(t *testing.T) string {
	t.Helper()
	var parts []string
	for _, table := range append(syncproto.Tables(), "chunks", "change_log", "messages_fts", "chunks_fts") {
		var n int
		e.db.R.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n)
		parts = append(parts, fmt.Sprintf("%s=%d", table, n))
	}
	var files []string
	filepath.WalkDir(filepath.Join(e.dir, "files"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, filepath.Base(p))
		}
		return nil
	})
	sort.Strings(files)
	return strings.Join(parts, " ") + " files=" + strings.Join(files, ",")
}

func TestRoundTripIntoAnEmptyDataDir(t *testing.T) {
	a := newEnv(t)
	ctx := context.Background()
	w, err := a.ws.Create(ctx, workspace.Input{Name: "Birds", Icon: "🐦", Color: "#22aa88"})
	if err != nil {
		t.Fatal(err)
	}
	a.fill(t, w.ID, "pelican")
	a.fill(t, a.def.ID, "heron") // another workspace's content must not travel
	data := a.export(t, w.ID)

	b := newEnv(t)
	rep, err := b.arc.ImportBytes(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Created || rep.WorkspaceName != "Birds" || rep.AppVersion != "1.2.3-test" || rep.Skipped != 0 || rep.Updated != 0 {
		t.Fatalf("report %+v", rep)
	}
	want := map[string]int{"workspaces": 1, "workspace_settings": 1, "model_assignments": 1, "param_profiles": 2,
		"prompt_templates": 1, "chats": 2, "documents": 1, "messages": 2}
	for _, tr := range rep.Tables {
		if tr.Added != want[tr.Table] {
			t.Errorf("%s: added %d, want %d", tr.Table, tr.Added, want[tr.Table])
		}
	}
	if rep.FilesAdded != 2 || rep.Chunks != 2 || rep.Reindex != 0 {
		t.Fatalf("files %d chunks %d reindex %d", rep.FilesAdded, rep.Chunks, rep.Reindex)
	}
	// Nothing is configured on B: every model is reported, none guessed.
	wantModels := []string{"anthropic:claude-sonnet-4-5", "ollama:nomic-embed-text@3", "openai:fake-chat"}
	if !reflect.DeepEqual(rep.MissingModels, wantModels) {
		t.Fatalf("missing models %v", rep.MissingModels)
	}
	// Identical content, column by column (stamps, authors and times included).
	for _, table := range syncproto.Tables() {
		ra, rb := a.rows(t, table, w.ID), b.rows(t, table, w.ID)
		if !reflect.DeepEqual(ra, rb) {
			t.Errorf("%s differs:\n A %v\n B %v", table, ra, rb)
		}
	}
	if ca, cb := a.chunks(t, w.ID), b.chunks(t, w.ID); !reflect.DeepEqual(ca, cb) || len(cb) != 2 {
		t.Errorf("chunks differ:\n A %+v\n B %+v", ca, cb)
	}
	// Files arrive whole; search finds the imported text.
	for _, d := range b.rows(t, "documents", w.ID) {
		f, err := b.blobs.Open(d["sha256"].(string))
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(f)
		f.Close()
		if string(got) != "the pelican file" {
			t.Fatalf("file content %q", got)
		}
	}
	var hits int
	b.db.R.QueryRow(`SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'bird'`).Scan(&hits)
	if hits != 1 {
		t.Fatalf("imported messages not searchable: %d", hits)
	}
	b.db.R.QueryRow(`SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH 'pelican'`).Scan(&hits)
	if hits != 2 {
		t.Fatalf("imported chunks not searchable: %d", hits)
	}
	if len(b.after) != 1 || b.after[0] != w.ID {
		t.Fatalf("after-import hook: %v", b.after)
	}
	// Nothing of the other workspace came along.
	var heron int
	b.db.R.QueryRow(`SELECT count(*) FROM chats WHERE title LIKE '%heron%'`).Scan(&heron)
	if heron != 0 {
		t.Fatal("another workspace's chat travelled")
	}
	// The imported rows are logged, so the workspace can be shared later.
	var logged int
	b.db.R.QueryRow(`SELECT count(*) FROM change_log WHERE workspace_id = ?`, w.ID).Scan(&logged)
	if logged < 9 {
		t.Fatalf("imported rows not logged: %d", logged)
	}
	list, _ := b.ws.List(ctx)
	if len(list) != 2 {
		t.Fatalf("workspaces on B: %+v", list)
	}

	// Importing again adds nothing and says so.
	before := b.fingerprint(t)
	rep, err = b.arc.ImportBytes(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Created || rep.Added != 0 || rep.Updated != 0 || rep.Skipped != 11 || rep.FilesAdded != 0 || rep.FilesPresent != 2 || rep.Chunks != 0 {
		t.Fatalf("second import %+v", rep)
	}
	if after := b.fingerprint(t); after != before {
		t.Fatalf("second import changed data:\n%s\n%s", before, after)
	}
}

func TestImportUpdatesOlderRowsAndKeepsNewerOnes(t *testing.T) {
	a := newEnv(t)
	ctx := context.Background()
	w, _ := a.ws.Create(ctx, workspace.Input{Name: "Shared by file"})
	a.fill(t, w.ID, "stork")
	first := a.export(t, w.ID)
	b := newEnv(t)
	if _, err := b.arc.ImportBytes(ctx, first); err != nil {
		t.Fatal(err)
	}
	// A renames the workspace; B changes the system prompt afterwards.
	if _, err := a.ws.Update(ctx, w.ID, workspace.Input{Name: "Renamed on A"}); err != nil {
		t.Fatal(err)
	}
	st, _ := a.ws.Settings(ctx, w.ID)
	st.SystemPrompt = "from A"
	a.ws.UpdateSettings(ctx, st)
	time.Sleep(5 * time.Millisecond) // B's change is the later one
	st, _ = b.ws.Settings(ctx, w.ID)
	st.SystemPrompt = "from B, later"
	if _, err := b.ws.UpdateSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	rep, err := b.arc.ImportBytes(ctx, a.export(t, w.ID))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Updated != 1 || rep.Added != 0 {
		t.Fatalf("report %+v", rep)
	}
	got, _ := b.ws.Get(ctx, w.ID)
	st, _ = b.ws.Settings(ctx, w.ID)
	if got.Name != "Renamed on A" || st.SystemPrompt != "from B, later" {
		t.Fatalf("last writer did not win: %q %q", got.Name, st.SystemPrompt)
	}
}

func TestImportOfAnotherDevicesDefaultWorkspace(t *testing.T) {
	a := newEnv(t)
	ctx := context.Background()
	a.fill(t, a.def.ID, "crane")
	b := newEnv(t)
	rep, err := b.arc.ImportBytes(ctx, a.export(t, a.def.ID))
	if err != nil {
		t.Fatal(err)
	}
	var defaults int
	b.db.R.QueryRow(`SELECT count(*) FROM workspaces WHERE is_default = 1`).Scan(&defaults)
	if defaults != 1 {
		t.Fatalf("%d default workspaces after importing another device's Personal", defaults)
	}
	got, err := b.ws.Get(ctx, rep.WorkspaceID)
	// It is another device's Personal: beside this one's, it gets a name of its own.
	if err != nil || got.IsDefault || got.Name != workspace.DefaultName+" (2)" || rep.RenamedFrom != workspace.DefaultName {
		t.Fatalf("imported default %+v %v", got, err)
	}
	def, _ := b.ws.EnsureDefault(ctx)
	if def.ID != b.def.ID {
		t.Fatal("the device's own default changed")
	}
}

func TestImportWithoutChunksQueuesIndexing(t *testing.T) {
	a := newEnv(t)
	ctx := context.Background()
	w, _ := a.ws.Create(ctx, workspace.Input{Name: "No chunks"})
	a.fill(t, w.ID, "ibis")
	data := rewrite(t, a.export(t, w.ID), func(files map[string][]byte, m *Manifest) {
		delete(files, "chunks.jsonl")
		delete(m.Counts, "chunks")
	}, true)
	b := newEnv(t)
	rep, err := b.arc.ImportBytes(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Chunks != 0 || rep.Reindex != 1 {
		t.Fatalf("report %+v", rep)
	}
	var status string
	b.db.R.QueryRow(`SELECT status FROM documents WHERE workspace_id = ?`, w.ID).Scan(&status)
	if status != "pending" {
		t.Fatalf("document status %q: not queued", status)
	}
}

func TestExportNeverCarriesKeysOrProviders(t *testing.T) {
	a := newEnv(t)
	ctx := context.Background()
	if _, err := a.db.W.Exec(`INSERT INTO providers (id, kind, preset, name, base_url, key_env, created_at, updated_at)
		VALUES ('p1', 'openai', 'openai', 'Mine', 'https://secret.example/v1', 'SECRET_ENV', 1, 1)`); err != nil {
		t.Fatal(err)
	}
	a.fill(t, a.def.ID, "kiwi")
	data := a.export(t, a.def.ID)
	zr, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	for _, f := range zr.File {
		b, _ := readEntry(f, 1<<30)
		for _, bad := range []string{"secret.example", "SECRET_ENV", "providers", "sk-"} {
			if bytes.Contains(b, []byte(bad)) {
				t.Errorf("%s contains %q", f.Name, bad)
			}
		}
	}
	if _, err := a.arc.Export(ctx, "missing", io.Discard); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("unknown workspace: %v", err)
	}
}

func TestExportFileIsAtomic(t *testing.T) {
	a := newEnv(t)
	ctx := context.Background()
	a.fill(t, a.def.ID, "tern")
	out := filepath.Join(t.TempDir(), FileName("My: Work/Space", time.Now()))
	if strings.ContainsAny(filepath.Base(out), ":/") {
		t.Fatalf("unsafe file name %q", filepath.Base(out))
	}
	res, err := a.arc.ExportFile(ctx, a.def.ID, out)
	if err != nil || res.Path != out || res.Bytes == 0 {
		t.Fatalf("%+v %v", res, err)
	}
	st, _ := os.Stat(out)
	if st.Size() != res.Bytes {
		t.Fatalf("size %d, reported %d", st.Size(), res.Bytes)
	}
	if _, err := a.arc.ExportFile(ctx, "missing", filepath.Join(filepath.Dir(out), "x.bookbag")); err == nil {
		t.Fatal("export of a missing workspace succeeded")
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Fatalf("left behind: %v", entries)
	}
	b := newEnv(t)
	if _, err := b.arc.ImportFile(ctx, out); err != nil {
		t.Fatal(err)
	}
}

// rewrite unpacks an archive, lets mut change its entries and manifest, and
// packs it again; with fix, the manifest's sizes and hashes are recomputed
// (a well-formed archive with hostile content) for the entries it lists.
func rewrite(t *testing.T, data []byte, mut func(files map[string][]byte, m *Manifest), fix bool) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	var names []string
	for _, f := range zr.File {
		b, _ := readEntry(f, 1<<30)
		files[f.Name] = b
		names = append(names, f.Name)
	}
	var m Manifest
	json.Unmarshal(files["manifest.json"], &m)
	delete(files, "manifest.json")
	mut(files, &m)
	if fix {
		m.Entries = nil
		var paths []string
		for p := range files {
			paths = append(paths, p)
		}
		sort.Strings(paths)
		for _, p := range paths {
			sum := sha256.Sum256(files[p])
			m.Entries = append(m.Entries, Entry{Path: p, Size: int64(len(files[p])), SHA256: hex.EncodeToString(sum[:])})
		}
	}
	mb, _ := json.Marshal(m)
	files["manifest.json"] = mb
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	var paths []string
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p, Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(files[p])
	}
	zw.Close()
	return buf.Bytes()
}

func zipOf(t *testing.T, entries map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range entries {
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
		w.Write([]byte(body))
	}
	zw.Close()
	return buf.Bytes()
}

func TestBadArchivesAreRefusedAndChangeNothing(t *testing.T) {
	a := newEnv(t)
	ctx := context.Background()
	w, _ := a.ws.Create(ctx, workspace.Input{Name: "Source"})
	a.fill(t, w.ID, "gannet")
	good := a.export(t, w.ID)
	var chatsPath, filePath string
	{
		zr, _ := zip.NewReader(bytes.NewReader(good), int64(len(good)))
		for _, f := range zr.File {
			if f.Name == "rows/chats.jsonl" {
				chatsPath = f.Name
			}
			if strings.HasPrefix(f.Name, "files/") {
				filePath = f.Name
			}
		}
	}
	if chatsPath == "" || filePath == "" {
		t.Fatal("export lacks the expected entries")
	}
	other := store.NewID()
	cases := []struct {
		name, reason string
		data         []byte
	}{
		{"random bytes", "not a ZIP", []byte("this is not a zip at all")},
		{"truncated zip", "not a ZIP", good[:len(good)/2]},
		{"empty file", "not a ZIP", nil},
		{"foreign zip", "no manifest", zipOf(t, map[string]string{"hello.txt": "hi"})},
		{"chatgpt export", "Import chats", zipOf(t, map[string]string{"conversations.json": "[]", "user.json": "{}"})},
		{"chat file", "Import chats", []byte("\n  {\"format\":\"bookbag-chat\",\"version\":1}")},
		{"foreign manifest", "format", zipOf(t, map[string]string{"manifest.json": `{"format":"something-else","version":1}`})},
		{"manifest not json", "not valid JSON", zipOf(t, map[string]string{"manifest.json": `<xml/>`})},
		{"path traversal", "leaves its folder", rewrite(t, good, func(f map[string][]byte, m *Manifest) { f["../x"] = []byte("evil") }, true)},
		{"nested traversal", "leaves its folder", rewrite(t, good, func(f map[string][]byte, m *Manifest) { f["files/../../x"] = []byte("evil") }, false)},
		{"absolute path", "leaves its folder", rewrite(t, good, func(f map[string][]byte, m *Manifest) { f["/etc/passwd"] = []byte("evil") }, false)},
		{"backslash path", "leaves its folder", rewrite(t, good, func(f map[string][]byte, m *Manifest) { f[`files\..\x`] = []byte("evil") }, false)},
		{"traversal only in manifest", "leaves its folder", rewrite(t, good, func(f map[string][]byte, m *Manifest) {
			m.Entries = append(m.Entries, Entry{Path: "../../outside", Size: 1, SHA256: strings.Repeat("a", 64)})
		}, false)},
		{"unlisted extra entry", "unexpected entry", rewrite(t, good, func(f map[string][]byte, m *Manifest) { f["notes.txt"] = []byte("x") }, false)},
		{"hash mismatch in rows", "does not match its hash", rewrite(t, good, func(f map[string][]byte, m *Manifest) {
			f[chatsPath] = bytes.Replace(f[chatsPath], []byte("gannet"), []byte("GANNET"), 1)
		}, false)},
		{"hash mismatch in a file", "does not match its hash", rewrite(t, good, func(f map[string][]byte, m *Manifest) {
			b := bytes.Clone(f[filePath])
			b[0] ^= 0xff // same size, other content
			f[filePath] = b
		}, false)},
		{"file not named by its hash", "does not match", rewrite(t, good, func(f map[string][]byte, m *Manifest) {
			f[filePath] = []byte("tampered")
		}, true)},
		{"missing file", "missing", rewrite(t, good, func(f map[string][]byte, m *Manifest) { delete(f, filePath) }, true)},
		{"missing rows", "missing", rewrite(t, good, func(f map[string][]byte, m *Manifest) { delete(f, chatsPath) }, true)},
		{"newer version", "newer BookBag", rewrite(t, good, func(f map[string][]byte, m *Manifest) { m.Version = 2 }, false)},
		{"old version", "not supported", rewrite(t, good, func(f map[string][]byte, m *Manifest) { m.Version = 0 }, false)},
		{"row of another workspace", "another workspace", rewrite(t, good, func(f map[string][]byte, m *Manifest) {
			f[chatsPath] = bytes.ReplaceAll(f[chatsPath], []byte(`"workspace_id":"`+w.ID), []byte(`"workspace_id":"`+other))
		}, true)},
		{"count mismatch", "its manifest says", rewrite(t, good, func(f map[string][]byte, m *Manifest) { m.Counts["chats"] = 99 }, false)},
		{"orphan message", "does not have", rewrite(t, good, func(f map[string][]byte, m *Manifest) {
			f[chatsPath] = nil
			m.Counts["chats"] = 0
		}, true)},
		{"broken row", "not a row", rewrite(t, good, func(f map[string][]byte, m *Manifest) {
			f[chatsPath] = append(f[chatsPath], []byte("{broken\n")...)
			delete(m.Counts, "chats")
		}, true)},
		{"row without stamp", "change stamp", rewrite(t, good, func(f map[string][]byte, m *Manifest) {
			f["rows/prompt_templates.jsonl"] = []byte(`{"id":"x","workspace_id":"` + w.ID + `","name":"n","body":"b"}` + "\n")
			delete(m.Counts, "prompt_templates")
		}, true)},
		{"nested value", "not a plain value", rewrite(t, good, func(f map[string][]byte, m *Manifest) {
			f["rows/prompt_templates.jsonl"] = []byte(`{"id":"x","workspace_id":"` + w.ID + `","hlc":"` + stampOf(t, f) + `","name":{"a":1}}` + "\n")
			delete(m.Counts, "prompt_templates")
		}, true)},
		{"nameless workspace", "workspace has no usable name", rewrite(t, good, func(f map[string][]byte, m *Manifest) {
			f["rows/workspaces.jsonl"] = bytes.Replace(f["rows/workspaces.jsonl"], []byte(`"name":"Source"`), []byte(`"name":"  "`), 1)
		}, true)},
		{"workspace name of a megabyte", "workspace has no usable name", rewrite(t, good, func(f map[string][]byte, m *Manifest) {
			f["rows/workspaces.jsonl"] = bytes.Replace(f["rows/workspaces.jsonl"], []byte(`"name":"Source"`),
				[]byte(`"name":"`+strings.Repeat("S", 1<<20)+`"`), 1)
		}, true)},
		{"declared size lies", "wrong size", rewrite(t, good, func(f map[string][]byte, m *Manifest) {
			for i := range m.Entries {
				if m.Entries[i].Path == chatsPath {
					m.Entries[i].Size++
				}
			}
		}, false)},
	}
	b := newEnv(t)
	b.fill(t, b.def.ID, "local")
	before := b.fingerprint(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := b.arc.ImportBytes(ctx, c.data)
			if !apperr.Is(err, apperr.Invalid) {
				t.Fatalf("not refused: %v", err)
			}
			if !strings.Contains(apperr.MessageOf(err), c.reason) {
				t.Errorf("reason %q does not say %q", apperr.MessageOf(err), c.reason)
			}
			if after := b.fingerprint(t); after != before {
				t.Fatalf("a refused archive changed data:\n%s\n%s", before, after)
			}
		})
	}
	// And the good one still imports.
	if _, err := b.arc.ImportBytes(ctx, good); err != nil {
		t.Fatal(err)
	}
}

func stampOf(t *testing.T, f map[string][]byte) string {
	var row map[string]any
	json.Unmarshal(bytes.SplitN(f["rows/workspaces.jsonl"], []byte("\n"), 2)[0], &row)
	return row["hlc"].(string)
}

func TestFailedImportChangesNothing(t *testing.T) {
	a := newEnv(t)
	ctx := context.Background()
	w, _ := a.ws.Create(ctx, workspace.Input{Name: "Doomed"})
	a.fill(t, w.ID, "egret")
	data := a.export(t, w.ID)
	b := newEnv(t)
	before := b.fingerprint(t)
	// The writer is one connection: a temporary trigger on it fails the
	// transaction half-way, after files were stored and rows applied.
	if _, err := b.db.W.Exec(`CREATE TEMP TRIGGER boom BEFORE INSERT ON messages BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`); err != nil {
		t.Fatal(err)
	}
	if _, err := b.arc.ImportBytes(ctx, data); err == nil {
		t.Fatal("import succeeded")
	}
	if after := b.fingerprint(t); after != before {
		t.Fatalf("a failed import changed data:\n%s\n%s", before, after)
	}
	b.db.W.Exec(`DROP TRIGGER temp.boom`)
	if _, err := b.arc.ImportBytes(ctx, data); err != nil {
		t.Fatal(err)
	}
}

func TestSafePath(t *testing.T) {
	for _, p := range []string{"manifest.json", "rows/chats.jsonl", "files/" + strings.Repeat("a", 64)} {
		if !safePath(p) {
			t.Errorf("%q refused", p)
		}
	}
	for _, p := range []string{"", "../x", "a/../b", "/abs", "./x", "a//b", `a\b`, "c:x", "a/", "x/..", "files/\x00"} {
		if safePath(p) {
			t.Errorf("%q accepted", p)
		}
	}
}

func TestMissingModelsKnowsConfiguredOnes(t *testing.T) {
	a := newEnv(t)
	ctx := context.Background()
	w, _ := a.ws.Create(ctx, workspace.Input{Name: "Models"})
	a.fill(t, w.ID, "rail")
	b := newEnv(t)
	if _, err := b.db.W.Exec(`INSERT INTO providers (id, kind, preset, name, base_url, created_at, updated_at)
		VALUES ('p', 'openai', 'openai', 'OpenAI', 'http://x', 1, 1)`); err != nil {
		t.Fatal(err)
	}
	if _, err := b.db.W.Exec(`INSERT INTO models (id, provider_id, name, ref, created_at, updated_at)
		VALUES ('m', 'p', 'fake-chat', 'openai:fake-chat', 1, 1)`); err != nil {
		t.Fatal(err)
	}
	rep, err := b.arc.ImportBytes(ctx, a.export(t, w.ID))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(rep.MissingModels, []string{"anthropic:claude-sonnet-4-5", "ollama:nomic-embed-text@3"}) {
		t.Fatalf("missing %v", rep.MissingModels)
	}
}

// ragChunks plugs the documents service in, as app.go's archiveChunks does.
type ragChunks struct{ docs *rag.Service }

func (c ragChunks) ExportChunks(ctx context.Context, q sqlkit.Queryer, ws string, each func(Chunk) error) (int, error) {
	return c.docs.ExportChunks(ctx, q, ws, func(r rag.ChunkRecord) error { return each(Chunk(r)) })
}

func (c ragChunks) DocumentState(ctx context.Context, q sqlkit.Queryer, id string) (DocumentState, error) {
	st, err := c.docs.DocumentState(ctx, q, id)
	return DocumentState(st), err
}

func (c ragChunks) QueueLocally(ctx context.Context, tx *store.Tx, id string) error {
	return c.docs.QueueLocally(ctx, tx, id)
}

func (c ragChunks) AddChunks(ctx context.Context, tx *store.Tx, docID, ws string, chunks []Chunk) error {
	recs := make([]rag.ChunkRecord, len(chunks))
	for i, ch := range chunks {
		recs[i] = rag.ChunkRecord(ch)
	}
	return c.docs.AddChunks(ctx, tx, docID, ws, recs)
}

// An archive exported while an answer was streaming carries it half
// written; imported, it is an interrupted answer, not one that looks as if it
// were still streaming here (with a Stop button and no run behind it).
func TestAnswerStreamingAtExportImportsInterrupted(t *testing.T) {
	a := newEnv(t)
	ctx := context.Background()
	w, _ := a.ws.Create(ctx, workspace.Input{Name: "Streaming"})
	chat, answer := store.NewID(), store.NewID()
	err := a.db.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.Insert(ctx, "chats", chat, w.ID, store.Values{"title": "Live"}); err != nil {
			return err
		}
		return tx.Insert(ctx, "messages", answer, w.ID, store.Values{"chat_id": chat, "role": "assistant",
			"content": "Half of the ans", "status": "streaming"})
	})
	if err != nil {
		t.Fatal(err)
	}
	data := a.export(t, w.ID)
	b := newEnv(t)
	if _, err := b.arc.ImportBytes(ctx, data); err != nil {
		t.Fatal(err)
	}
	var status, content, msg string
	b.db.R.QueryRow(`SELECT status, content, error FROM messages WHERE id = ?`, answer).Scan(&status, &content, &msg)
	if status != "interrupted" || content != "Half of the ans" || msg == "" {
		t.Fatalf("imported answer: %q %q %q", status, content, msg)
	}
	// Imported again, the row is the same change: nothing to do.
	rep, err := b.arc.ImportBytes(ctx, data)
	if err != nil || rep.Added != 0 || rep.Updated != 0 {
		t.Fatalf("second import %+v %v", rep, err)
	}
}

// A workspace may have 80 characters of any kind: the suggested file name
// stays within the 255 bytes a file system allows, cut between characters,
// and an export to it works.
func TestFileNameOfALongUnicodeName(t *testing.T) {
	a := newEnv(t)
	ctx := context.Background()
	name := strings.Repeat("🐦", 79) + "/"
	w, err := a.ws.Create(ctx, workspace.Input{Name: name})
	if err != nil {
		t.Fatal(err)
	}
	fn := FileName(w.Name, time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC))
	if len(fn) > 255 || !utf8.ValidString(fn) || !strings.HasPrefix(fn, "🐦🐦") || !strings.HasSuffix(fn, "-2026-12-07.bookbag") {
		t.Fatalf("file name %q (%d bytes)", fn, len(fn))
	}
	out := filepath.Join(t.TempDir(), fn)
	if _, err := a.arc.ExportFile(ctx, w.ID, out); err != nil {
		t.Fatal(err)
	}
}

// An archive of a workspace deleted here after it was made cannot bring it
// back (the delete is the newer change): the import says so and changes
// nothing, rather than reporting everything as already here while nothing
// can be seen.
func TestImportOfAWorkspaceDeletedHereSaysSo(t *testing.T) {
	a := newEnv(t)
	ctx := context.Background()
	w, _ := a.ws.Create(ctx, workspace.Input{Name: "Gone birds"})
	a.fill(t, w.ID, "dodo")
	data := a.export(t, w.ID)
	if _, err := a.ws.Delete(ctx, w.ID); err != nil {
		t.Fatal(err)
	}
	before := a.fingerprint(t)
	_, err := a.arc.ImportBytes(ctx, data)
	if !apperr.Is(err, apperr.Invalid) || !strings.Contains(apperr.MessageOf(err), "deleted") || !strings.Contains(apperr.MessageOf(err), "Gone birds") {
		t.Fatalf("import into a deleted workspace: %v", err)
	}
	if a.fingerprint(t) != before {
		t.Fatal("the refused import changed data")
	}
}

// changeOnReread is an archive whose messages entry reads differently the
// second time it is read (a file changed on disk during the import).
type changeOnReread struct {
	data       []byte
	start, end int64 // the entry's compressed bytes
	passes     int
}

func (c *changeOnReread) ReadAt(p []byte, off int64) (int, error) {
	if off == c.start {
		c.passes++
	}
	n := copy(p, c.data[off:])
	if c.passes >= 2 {
		for i := 0; i < n; i++ {
			if at := off + int64(i); at >= c.start && at < c.end && at == (c.start+c.end)/2 {
				p[i] ^= 0xff
			}
		}
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// Rows are read again, a line at a time, when they are applied (a large
// workspace is never held whole): if the file changed since it was checked,
// the hash check at the end fails the import and nothing stays.
func TestArchiveChangedDuringImportChangesNothing(t *testing.T) {
	a := newEnv(t)
	ctx := context.Background()
	w, _ := a.ws.Create(ctx, workspace.Input{Name: "Shifting"})
	a.fill(t, w.ID, "plover")
	data := a.export(t, w.ID)
	zr, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	r := &changeOnReread{data: data}
	for _, f := range zr.File {
		if f.Name == "rows/messages.jsonl" {
			r.start, _ = f.DataOffset()
			r.end = r.start + int64(f.CompressedSize64)
		}
	}
	b := newEnv(t)
	before := b.fingerprint(t)
	_, err := b.arc.Import(ctx, r, int64(len(data)))
	if !apperr.Is(err, apperr.Invalid) || !strings.Contains(apperr.MessageOf(err), "messages.jsonl") || r.passes < 2 {
		t.Fatalf("import of a changing file: %v (%d passes)", err, r.passes)
	}
	if b.fingerprint(t) != before {
		t.Fatal("a failed import changed data")
	}
	if _, err := b.arc.ImportBytes(ctx, data); err != nil {
		t.Fatal(err)
	}
}

// Chunks are taken over a document at a time as chunks.jsonl is read: one
// whose document's chunks are not together is refused, not taken in part.
func TestChunksNotTogetherAreRefused(t *testing.T) {
	a := newEnv(t)
	ctx := context.Background()
	w, _ := a.ws.Create(ctx, workspace.Input{Name: "Two documents"})
	a.fill(t, w.ID, "gannet")
	a.fill(t, w.ID, "booby")
	good := a.export(t, w.ID)
	bad := rewrite(t, good, func(f map[string][]byte, m *Manifest) {
		lines := bytes.Split(bytes.TrimSpace(f["chunks.jsonl"]), []byte("\n"))
		if len(lines) != 4 {
			t.Fatalf("%d chunks", len(lines))
		}
		lines[1], lines[2] = lines[2], lines[1] // A0 B0 A1 B1
		f["chunks.jsonl"] = append(bytes.Join(lines, []byte("\n")), '\n')
	}, true)
	b := newEnv(t)
	before := b.fingerprint(t)
	if _, err := b.arc.ImportBytes(ctx, bad); !apperr.Is(err, apperr.Invalid) || !strings.Contains(apperr.MessageOf(err), "not together") {
		t.Fatalf("interleaved chunks: %v", err)
	}
	if b.fingerprint(t) != before {
		t.Fatal("a refused archive changed data")
	}
	rep, err := b.arc.ImportBytes(ctx, good)
	if err != nil || rep.Chunks != 4 || rep.Reindex != 0 {
		t.Fatalf("good archive %+v %v", rep, err)
	}
}

// An archive of a workspace named as one here (another workspace, any
// case) arrives under a name of its own, says so, and both can then be
// edited; importing it again does not rename it again.
func TestImportOfANameTakenHereGetsItsOwnName(t *testing.T) {
	a := newEnv(t)
	ctx := context.Background()
	w, err := a.ws.Create(ctx, workspace.Input{Name: "Research"})
	if err != nil {
		t.Fatal(err)
	}
	a.fill(t, w.ID, "ibis")
	data := a.export(t, w.ID)

	b := newEnv(t)
	mine, err := b.ws.Create(ctx, workspace.Input{Name: "research"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.ws.Create(ctx, workspace.Input{Name: "Research (2)"}); err != nil {
		t.Fatal(err)
	}
	rep, err := b.arc.ImportBytes(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	got, err := b.ws.Get(ctx, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "Research (3)" || rep.WorkspaceName != "Research (3)" || rep.RenamedFrom != "Research" {
		t.Fatalf("imported as %q, report %q from %q", got.Name, rep.WorkspaceName, rep.RenamedFrom)
	}
	// Both keep working: a new icon for each, their names unchanged.
	if _, err := b.ws.Update(ctx, mine.ID, workspace.Input{Name: mine.Name, Icon: "R"}); err != nil {
		t.Fatalf("edit the workspace that was here: %v", err)
	}
	if _, err := b.ws.Update(ctx, w.ID, workspace.Input{Name: got.Name, Icon: "I"}); err != nil {
		t.Fatalf("edit the imported workspace: %v", err)
	}
	rep, err = b.arc.ImportBytes(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ = b.ws.Get(ctx, w.ID); got.Name != "Research (3)" || rep.RenamedFrom != "" || rep.WorkspaceName != "Research (3)" {
		t.Fatalf("second import: name %q, report %q from %q", got.Name, rep.WorkspaceName, rep.RenamedFrom)
	}
}
