package rag

import (
	"context"
	"testing"
)

// Adding a file whose content a failed document of the same place holds,
// under another name, queues that document again under the new name: the
// name picks the format (a text file named .pdf fails; named .txt it
// reads), and the file just added is the one the user looks for.
func TestRetriedDocumentTakesTheNewName(t *testing.T) {
	e := newEnv(t, t.TempDir(), DefaultSettings())
	ctx := context.Background()
	e.svc.Start(ctx)
	text := []byte("Puffins nest in burrows on grassy cliffs.")
	r, err := e.svc.AddBytes(ctx, e.ws, "", "puffins.pdf", text)
	if err != nil {
		t.Fatal(err)
	}
	if d := e.wait(t, r.Document.ID)[0]; d.Status != StatusError {
		t.Fatalf("text named .pdf: %s %q", d.Status, d.Error)
	}
	r, err = e.svc.AddBytes(ctx, e.ws, "", "puffins.txt", text)
	if err != nil || r.Duplicate || r.RetriedFrom != "puffins.pdf" || r.Document.Name != "puffins.txt" {
		t.Fatalf("adding it as .txt: %+v %v", r, err)
	}
	d := e.wait(t, r.Document.ID)[0]
	if d.Status != StatusCompleted || d.Name != "puffins.txt" || d.Mime != "text/plain; charset=utf-8" {
		t.Fatalf("retried as .txt: %+v", d)
	}
	if n := e.count(t, `SELECT count(*) FROM documents WHERE deleted_at IS NULL`); n != 1 {
		t.Fatalf("%d documents, want the one retried", n)
	}

	// Two empty files: the second shows under its own name.
	first, err := e.svc.AddBytes(ctx, e.ws, "", "a.txt", nil)
	if err != nil {
		t.Fatal(err)
	}
	e.wait(t, first.Document.ID)
	second, err := e.svc.AddBytes(ctx, e.ws, "", "b.txt", nil)
	if err != nil || second.RetriedFrom != "a.txt" {
		t.Fatalf("second empty file: %+v %v", second, err)
	}
	if d := e.wait(t, second.Document.ID)[0]; d.Name != "b.txt" || d.Status != StatusError {
		t.Fatalf("second empty file after its retry: %+v", d)
	}

	// The same name again is a plain retry.
	again, err := e.svc.AddBytes(ctx, e.ws, "", "b.txt", nil)
	if err != nil || again.RetriedFrom != "" || again.Duplicate || again.Document.ID != second.Document.ID {
		t.Fatalf("same name again: %+v %v", again, err)
	}
	e.wait(t, again.Document.ID)
}
