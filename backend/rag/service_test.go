package rag

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/events"
)

const sample = `Chapter one.

The quick brown fox jumps over the lazy dog. Foxes are quick and brown.

Chapter two.

Zebras graze on the savanna near the watering hole. A zebra has stripes.`

func TestIngestSearchAndEvents(t *testing.T) {
	e := newEnv(t, t.TempDir(), DefaultSettings())
	ctx := context.Background()
	e.svc.Start(ctx)
	res, err := e.svc.AddBytes(ctx, e.ws, "", "animals.txt", []byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	d := e.wait(t, res.Document.ID)[0]
	if d.Status != StatusCompleted || d.Chunks != 1 || d.Format != "text" {
		t.Fatalf("document %+v", d)
	}
	sr, err := e.svc.Search(ctx, SearchRequest{WorkspaceID: e.ws, Query: "where do zebras graze?"})
	if err != nil {
		t.Fatal(err)
	}
	if sr.Mode != ModeKeyword || len(sr.Hits) != 1 || !strings.Contains(sr.Hits[0].Text, "savanna") || sr.Hits[0].Ordinal != 1 {
		t.Fatalf("search %+v", sr)
	}
	if sr.Hits[0].DocumentName != "animals.txt" || sr.Hits[0].Score <= 0 || sr.Hits[0].BM25 <= 0 {
		t.Fatalf("hit %+v", sr.Hits[0])
	}
	// Progress and status events, in order, ending completed.
	var statuses []string
	for _, ev := range e.rec.Events(events.DocumentStatus) {
		statuses = append(statuses, ev.Payload.(events.DocumentStatusPayload).Status)
	}
	if strings.Join(statuses, ",") != "pending,processing,completed" {
		t.Fatalf("statuses %v", statuses)
	}
	stages := map[string]bool{}
	for _, ev := range e.rec.Events(events.DocumentProgress) {
		p := ev.Payload.(events.DocumentProgressPayload)
		if p.DocumentID != d.ID || p.WorkspaceID != e.ws || p.Done > p.Total {
			t.Fatalf("progress %+v", p)
		}
		stages[p.Stage] = true
	}
	for _, s := range []string{StageExtracting, StageChunking, StageIndexing} {
		if !stages[s] {
			t.Fatalf("no %s progress: %v", s, stages)
		}
	}
	// The same bytes again are recognised.
	again, err := e.svc.AddBytes(ctx, e.ws, "", "copy.txt", []byte(sample))
	if err != nil || !again.Duplicate || again.Document.ID != d.ID {
		t.Fatalf("duplicate not recognised: %+v %v", again, err)
	}
	page, err := e.svc.List(ctx, e.ws, "", 0, 10)
	if err != nil || page.Total != 1 || len(page.Items) != 1 {
		t.Fatalf("list %+v %v", page, err)
	}
	// Tombstone on the synced row, through the change log.
	if n := e.count(t, `SELECT count(*) FROM change_log WHERE table_name = 'documents' AND row_id = ?`, d.ID); n != 1 {
		t.Fatalf("change_log rows %d", n)
	}
}

func TestUnsupportedAndBrokenFilesEndInError(t *testing.T) {
	e := newEnv(t, t.TempDir(), DefaultSettings())
	ctx := context.Background()
	e.svc.Start(ctx)
	r1, err := e.svc.AddBytes(ctx, e.ws, "", "movie.xyz", []byte("data"))
	if err != nil || r1.Document.Status != StatusError || !strings.Contains(r1.Document.Error, "unsupported file type .xyz") {
		t.Fatalf("xyz: %+v %v", r1, err)
	}
	r2, _ := e.svc.AddBytes(ctx, e.ws, "", "fake.docx", []byte("not a zip at all"))
	r3, _ := e.svc.AddBytes(ctx, e.ws, "", "good.md", []byte("# Title\n\nSome words about otters."))
	docs := e.wait(t, r2.Document.ID, r3.Document.ID)
	if docs[0].Status != StatusError || !strings.Contains(docs[0].Error, "not a DOCX file") {
		t.Fatalf("docx %+v", docs[0])
	}
	if docs[1].Status != StatusCompleted {
		t.Fatalf("a broken file stopped the queue: %+v", docs[1])
	}
	if _, err := e.svc.Reindex(ctx, r1.Document.ID); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("reindex of unsupported: %v", err)
	}
}

func TestBadFolderEveryFileEnds(t *testing.T) {
	dir := filepath.Join(corpusDir(t), "bad")
	e := newEnv(t, t.TempDir(), DefaultSettings())
	ctx := context.Background()
	e.svc.Start(ctx)
	start := time.Now()
	entries, _ := os.ReadDir(dir)
	var ids []string
	for _, en := range entries {
		res, err := e.svc.AddPaths(ctx, e.ws, "", []string{filepath.Join(dir, en.Name())})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, res.Added[0].Document.ID)
	}
	for _, d := range e.wait(t, ids...) {
		t.Logf("%-24s %-9s %3d chunks %s", d.Name, d.Status, d.Chunks, d.Error)
		if d.Status == StatusError && d.Error == "" {
			t.Errorf("%s: error without a reason", d.Name)
		}
	}
	t.Logf("bad folder in %v", time.Since(start))
	if n := e.count(t, `SELECT count(*) FROM chunks WHERE instr(text, char(0)) > 0 OR instr(text, char(65533)) > 0`); n != 0 {
		t.Fatalf("%d chunks with NUL or U+FFFD", n)
	}
}

func TestAddFolderAndChatScope(t *testing.T) {
	e := newEnv(t, t.TempDir(), DefaultSettings())
	ctx := context.Background()
	src := t.TempDir()
	os.MkdirAll(filepath.Join(src, "sub"), 0o700)
	os.MkdirAll(filepath.Join(src, ".git"), 0o700)
	os.WriteFile(filepath.Join(src, "a.txt"), []byte("alpha workspace document about herons"), 0o600)
	os.WriteFile(filepath.Join(src, "sub", "b.md"), []byte("beta nested document about herons"), 0o600)
	os.WriteFile(filepath.Join(src, "skip.bin"), []byte{1, 2, 3}, 0o600)
	os.WriteFile(filepath.Join(src, ".git", "c.txt"), []byte("hidden"), 0o600)
	// A folder dropped or picked: its documents are added, other files are
	// reported as skipped (by path under the folder), hidden ones ignored.
	res, err := e.svc.AddPaths(ctx, e.ws, "", []string{src})
	if err != nil || len(res.Added) != 2 || len(res.Skipped) != 1 || res.Skipped[0] != filepath.Base(src)+"/skip.bin" || res.SkippedCount != 1 {
		t.Fatalf("folder %+v %v", res, err)
	}
	// A chat-attached document is seen by that chat only.
	chat := "chat-1"
	if err := e.db.Tx(ctx, func(tx *storeTx) error {
		return tx.Insert(ctx, "chats", chat, e.ws, map[string]any{"title": "c"})
	}); err != nil {
		t.Fatal(err)
	}
	cr, err := e.svc.AddBytes(ctx, e.ws, chat, "c.txt", []byte("gamma chat document about herons"))
	if err != nil {
		t.Fatal(err)
	}
	e.svc.Start(ctx)
	e.wait(t, res.Added[0].Document.ID, res.Added[1].Document.ID, cr.Document.ID)
	ws, _ := e.svc.Retrieve(ctx, e.ws, "", "herons")
	inChat, _ := e.svc.Retrieve(ctx, e.ws, chat, "herons")
	if len(ws) != 2 || len(inChat) != 3 {
		t.Fatalf("workspace sees %d, chat sees %d", len(ws), len(inChat))
	}
	// With the workspace's documents off, the chat still sees its own.
	own, err := e.svc.RetrieveIn(ctx, e.ws, Scope{Chat: chat, ChatOnly: true}, "herons")
	if err != nil || len(own) != 1 || own[0].DocumentID != cr.Document.ID {
		t.Fatalf("chat only: %+v %v", own, err)
	}
	if none, err := e.svc.RetrieveIn(ctx, e.ws, Scope{ChatOnly: true}, "herons"); err != nil || len(none) != 0 {
		t.Fatalf("no chat, workspace off: %+v %v", none, err)
	}
	if _, err := e.svc.AddBytes(ctx, e.ws, "nochat", "x.txt", []byte("x")); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("unknown chat: %v", err)
	}
}

// A folder full of other files (a source tree) lists only the first names it
// skipped, and counts them all.
func TestAddFolderCapsTheSkippedList(t *testing.T) {
	e := newEnv(t, t.TempDir(), DefaultSettings())
	src := t.TempDir()
	for i := range maxSkippedNames + 50 {
		os.WriteFile(filepath.Join(src, fmt.Sprintf("lib%03d.so", i)), []byte{0}, 0o600)
	}
	os.WriteFile(filepath.Join(src, "README.md"), []byte("# Read me\n\nAbout the library."), 0o600)
	res, err := e.svc.AddPaths(context.Background(), e.ws, "", []string{src})
	if err != nil || len(res.Added) != 1 || len(res.Skipped) != maxSkippedNames || res.SkippedCount != maxSkippedNames+50 {
		t.Fatalf("added %d, listed %d skipped of %d: %v", len(res.Added), len(res.Skipped), res.SkippedCount, err)
	}
}

// A file of a batch that cannot be read (gone since it was chosen, no
// permission) is reported by name and reason; the files after it are still
// added, where before the whole batch stopped at it.
func TestUnreadableFileCostsOnlyItself(t *testing.T) {
	e := newEnv(t, t.TempDir(), DefaultSettings())
	ctx := context.Background()
	src := t.TempDir()
	a, b := filepath.Join(src, "a.txt"), filepath.Join(src, "b.txt")
	os.WriteFile(a, []byte("alpha notes about terns"), 0o600)
	os.WriteFile(b, []byte("beta notes about gannets"), 0o600)
	res, err := e.svc.AddPaths(ctx, e.ws, "", []string{a, filepath.Join(src, "gone.pdf"), b})
	if err != nil || len(res.Added) != 2 || len(res.Failed) != 1 {
		t.Fatalf("added %+v, failed %+v: %v", res.Added, res.Failed, err)
	}
	if f := res.Failed[0]; f.Name != "gone.pdf" || f.Reason != "file not found" {
		t.Fatalf("failure %+v", f)
	}
	// A file the store cannot open for want of permission costs the same;
	// storing it (the data dir) failing is another matter and stops the add.
	denied := fmt.Errorf("open file: %w", &fs.PathError{Op: "open", Path: b, Err: syscall.EACCES})
	if !unreadable(denied, b) {
		t.Fatal("permission denied on the file is not a per-file failure")
	}
	if unreadable(fmt.Errorf("create temp file: %w", &fs.PathError{Op: "open", Path: "/data/tmp/put-1", Err: syscall.EACCES}), b) {
		t.Fatal("a data dir that cannot be written passes as a per-file failure")
	}
	var r AddReport
	r.fail(b, denied)
	// A read failing half way (a disk, a network share) costs the file too.
	broken := fmt.Errorf("write blob: %w", &fs.PathError{Op: "read", Path: b, Err: syscall.EIO})
	if !unreadable(broken, b) {
		t.Fatal("a read error of the file is not a per-file failure")
	}
	r.fail(b, broken)
	if r.Failed[0].Reason != "cannot read the file: permission denied" || r.Failed[1].Reason != "cannot read the file: "+syscall.EIO.Error() {
		t.Fatalf("reasons %+v", r.Failed)
	}
}
