package rag

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"bookbag/backend/rag/extract"
	"bookbag/backend/rag/split"
	"bookbag/backend/store"
)

// Closing the store mid-queue and reopening it resumes the queue: documents
// left pending or processing complete after the restart.
func TestQueueResumesAfterRestart(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	e := newEnv(t, dir, DefaultSettings())
	var ids []string
	for i := 0; i < 6; i++ {
		body := strings.Repeat(fmt.Sprintf("Document %d talks about lighthouse number %d. ", i, i), 400)
		r, err := e.svc.AddBytes(ctx, e.ws, "", fmt.Sprintf("doc%d.txt", i), []byte(body))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.Document.ID)
	}
	// The app quits mid-ingest: one document half written (processing, with
	// a chunk of the interrupted run), the rest still pending.
	if _, err := e.db.W.Exec(`UPDATE documents SET status = 'processing' WHERE id = ?`, ids[0]); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.W.Exec(`INSERT INTO chunks (document_id, workspace_id, ordinal, text) VALUES (?, ?, 0, 'half of a run')`, ids[0], e.ws); err != nil {
		t.Fatal(err)
	}
	e.close()

	e2 := newEnv(t, dir, DefaultSettings())
	if waiting := e2.count(t, `SELECT count(*) FROM documents WHERE status IN ('pending', 'processing')`); waiting != len(ids) {
		t.Fatalf("%d documents waiting after the restart, want %d", waiting, len(ids))
	}
	e2.svc.Start(ctx)
	for _, d := range e2.wait(t, ids...) {
		if d.Status != StatusCompleted || d.Chunks == 0 {
			t.Fatalf("%s: %s %q", d.Name, d.Status, d.Error)
		}
	}
	// Each document has exactly its own chunks once (no duplicates from the
	// interrupted run).
	for _, id := range ids {
		d, _ := e2.svc.Get(ctx, id)
		if n := e2.count(t, `SELECT count(*) FROM chunks WHERE document_id = ?`, id); n != d.Chunks {
			t.Fatalf("%s: %d chunk rows for %d chunks", d.Name, n, d.Chunks)
		}
	}
}

func TestCancelPending(t *testing.T) {
	e := newEnv(t, t.TempDir(), DefaultSettings())
	ctx := context.Background()
	r, _ := e.svc.AddBytes(ctx, e.ws, "", "later.txt", []byte("text to index later"))
	d, err := e.svc.Cancel(ctx, r.Document.ID)
	if err != nil || d.Status != StatusError || d.Error != "canceled" {
		t.Fatalf("cancel %+v %v", d, err)
	}
	e.svc.Start(ctx)
	d, err = e.svc.Reindex(ctx, d.ID)
	// The worker, already running, may have taken it (and even finished
	// this small file) before Reindex reads it back.
	if err != nil || d.Status == StatusError {
		t.Fatalf("reindex %+v %v", d, err)
	}
	if d = e.wait(t, d.ID)[0]; d.Status != StatusCompleted {
		t.Fatalf("after reindex %+v", d)
	}
}

// A data dir indexed before migration 0006 (the chunk context rules of
// 0006_rag_quality.sql) is indexed again when it opens: its documents go
// back to the queue, come out completed with chunks under the new rules, and
// keep their vectors; CSV files are left alone.
func TestMigrationReindexesOldDataDir(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	st := DefaultSettings()
	st.EmbeddingModel = "fake:hash@64"
	e := newEnvNoCleanup(t, dir, st)
	e.svc.Start(ctx)
	text := "Licence\n\n1. Definitions\n\n1.1. \"Larger Work\"\n    means a work that combines this software with other material.\n"
	r1, err := e.svc.AddBytes(ctx, e.ws, "", "licence.txt", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	r2, err := e.svc.AddBytes(ctx, e.ws, "", "rows.csv", []byte("name,code\nNorway,NO\n"))
	if err != nil {
		t.Fatal(err)
	}
	e.wait(t, r1.Document.ID, r2.Document.ID)
	// As the old rules left it: no defined term in the context, and
	// migration 0006 not applied yet.
	if _, err := e.db.W.Exec(`UPDATE chunks SET context = 'licence — Licence — 1. Definitions' WHERE document_id = ?`, r1.Document.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.W.Exec(`DELETE FROM schema_migrations WHERE version = 6`); err != nil {
		t.Fatal(err)
	}
	e.close()

	e2 := newEnv(t, dir, st)
	if n := e2.count(t, `SELECT count(*) FROM documents WHERE status = 'pending'`); n != 1 {
		t.Fatalf("%d documents pending after the migration, want the text file only", n)
	}
	e2.embed.mu.Lock()
	e2.embed.calls = 0
	e2.embed.mu.Unlock()
	e2.svc.Start(ctx)
	if d := e2.wait(t, r1.Document.ID)[0]; d.Status != StatusCompleted || d.Chunks != 1 {
		t.Fatalf("after the migration %+v", d)
	}
	if n := e2.count(t, `SELECT count(*) FROM chunks WHERE document_id = ? AND context LIKE '%Larger Work%' AND length(embedding) = 256`, r1.Document.ID); n != 1 {
		t.Fatalf("%d chunks with the new context and their vector", n)
	}
	e2.embed.mu.Lock()
	calls := e2.embed.calls
	e2.embed.mu.Unlock()
	if calls != 0 {
		t.Fatalf("%d embedding calls re-indexing unchanged chunks", calls)
	}
}

// A job's last writes lose to a cancel that got in first: the canceled
// document neither turns "completed" nor gets chunks back (the job had
// already checked for a cancel when the user pressed it).
func TestCancelWinsOverTheJobsLastWrite(t *testing.T) {
	e := newEnv(t, t.TempDir(), DefaultSettings())
	ctx := context.Background()
	r, err := e.svc.AddBytes(ctx, e.ws, "", "late.txt", []byte("owls hunt at dusk"))
	if err != nil {
		t.Fatal(err)
	}
	d := r.Document
	if err := e.svc.advance(ctx, d, store.Values{"status": StatusProcessing}, StatusPending); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Cancel(ctx, d.ID); err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.writeChunks(ctx, d, extract.Document{Text: "owls hunt at dusk"}, nil, []split.Chunk{{Text: "owls hunt at dusk", End: 17}})
	if !errors.Is(err, errNotProcessing) {
		t.Fatalf("chunks written after the cancel: %v", err)
	}
	if err := e.svc.advance(ctx, d, store.Values{"status": StatusCompleted, "chunk_count": 1}, StatusProcessing); !errors.Is(err, errNotProcessing) {
		t.Fatalf("completed after the cancel: %v", err)
	}
	got, _ := e.svc.Get(ctx, d.ID)
	if got.Status != StatusError || got.Error != "canceled" || e.count(t, `SELECT count(*) FROM chunks WHERE document_id = ?`, d.ID) != 0 {
		t.Fatalf("after a late write: %+v", got)
	}
}

// Adding a file again whose document failed or was canceled tries it again:
// the user dropping the same file once more must not hear "already added"
// about a document that never made it.
func TestAddingAFailedFileAgainRetriesIt(t *testing.T) {
	e := newEnv(t, t.TempDir(), DefaultSettings())
	ctx := context.Background()
	body := []byte("notes about kingfishers and their burrows")
	r, _ := e.svc.AddBytes(ctx, e.ws, "", "birds.txt", body)
	if _, err := e.svc.Cancel(ctx, r.Document.ID); err != nil {
		t.Fatal(err)
	}
	again, err := e.svc.AddBytes(ctx, e.ws, "", "birds.txt", body)
	if err != nil || again.Duplicate || again.Document.ID != r.Document.ID || again.Document.Status != StatusPending {
		t.Fatalf("added again: %+v %v", again, err)
	}
	e.svc.Start(ctx)
	if d := e.wait(t, r.Document.ID)[0]; d.Status != StatusCompleted {
		t.Fatalf("retried: %+v", d)
	}
	// A document that is fine is still a duplicate.
	if dup, err := e.svc.AddBytes(ctx, e.ws, "", "copy.txt", body); err != nil || !dup.Duplicate || dup.Document.Status != StatusCompleted {
		t.Fatalf("duplicate of a completed document: %+v %v", dup, err)
	}
	if n := e.count(t, `SELECT count(*) FROM documents WHERE deleted_at IS NULL`); n != 1 {
		t.Fatalf("%d documents", n)
	}
}
