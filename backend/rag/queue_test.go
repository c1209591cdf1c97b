package rag

import (
	"context"
	"fmt"
	"strings"
	"testing"
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
	e.svc.Start(ctx)
	e.wait(t, ids[0]) // the worker is running: stop it mid-queue
	e.close()

	e2 := newEnv(t, dir, DefaultSettings())
	waiting := e2.count(t, `SELECT count(*) FROM documents WHERE status IN ('pending', 'processing')`)
	t.Logf("%d documents waiting after the restart", waiting)
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
	if err != nil || (d.Status != StatusPending && d.Status != StatusProcessing) {
		t.Fatalf("reindex %+v %v", d, err)
	}
	if d = e.wait(t, d.ID)[0]; d.Status != StatusCompleted {
		t.Fatalf("after reindex %+v", d)
	}
}
