package rag

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bookbag/backend/apperr"
)

// A document whose stored copy is gone (removed from the data folder, a
// synced document whose file never came) fails with a sentence that says
// what to do, not the Go error and the data folder's path; adding the file
// again brings it back.
func TestMissingStoredFileSaysSo(t *testing.T) {
	e := newEnv(t, t.TempDir(), DefaultSettings())
	ctx := context.Background()
	text := []byte("Gannets dive from thirty metres to catch fish.")
	e.index(t, map[string]string{"gannets.txt": string(text)})
	d := e.mustOnly(t)
	path, err := e.svc.blobs.Path(d.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Reindex(ctx, d.ID); err != nil {
		t.Fatal(err)
	}
	d = e.wait(t, d.ID)[0]
	if d.Status != StatusError || d.Error != storedFileMissing {
		t.Fatalf("after its file went: %s %q", d.Status, d.Error)
	}
	noInternals(t, e, d.Error)
	if n := e.count(t, `SELECT count(*) FROM chunks WHERE document_id = ?`, d.ID); n != 0 {
		t.Fatalf("a failed document kept %d chunks", n)
	}

	res, err := e.svc.AddBytes(ctx, e.ws, "", "gannets.txt", text)
	if err != nil || res.Duplicate || res.Document.ID != d.ID {
		t.Fatalf("adding the file again: %+v %v", res, err)
	}
	if d = e.wait(t, d.ID)[0]; d.Status != StatusCompleted {
		t.Fatalf("after adding it again: %s %q", d.Status, d.Error)
	}
}

// Any other failure of the service itself (a database or disk error deep in
// a chain) reads as a sentence; the chain, with its paths, goes to the log.
func TestInternalIngestErrorIsASentence(t *testing.T) {
	e := newEnv(t, t.TempDir(), DefaultSettings())
	ctx := context.Background()
	dbPath := filepath.Join(e.dir, "bookbag.db")
	e.svc.settings = SettingsFunc(func(context.Context, string) (Settings, error) {
		return Settings{}, fmt.Errorf("read retrieval settings: open %s: input/output error", dbPath)
	})
	r, err := e.svc.AddBytes(ctx, e.ws, "", "terns.txt", []byte("Arctic terns fly from pole to pole."))
	if err != nil {
		t.Fatal(err)
	}
	e.svc.Start(ctx)
	d := e.wait(t, r.Document.ID)[0]
	if d.Status != StatusError || !strings.Contains(d.Error, "internal error") {
		t.Fatalf("got %s %q", d.Status, d.Error)
	}
	noInternals(t, e, d.Error)
}

// noInternals fails when a reason shown to the user holds a path of the
// data folder or a Go error chain's wording.
func noInternals(t *testing.T, e *testEnv, reason string) {
	t.Helper()
	for _, bad := range []string{e.dir, "/", "stat ", "open ", "input/output", ": no such file"} {
		if strings.Contains(reason, bad) {
			t.Fatalf("reason %q holds %q", reason, bad)
		}
	}
}

// Adding files says in words why the data folder could not take them, and
// why a folder is refused, without paths or the Go error.
func TestAddFailuresAreSentences(t *testing.T) {
	e := newEnv(t, t.TempDir(), DefaultSettings())
	ctx := context.Background()
	src := t.TempDir()
	os.WriteFile(filepath.Join(src, "auks.txt"), []byte("Auks are seabirds of the north."), 0o600)
	tmp := filepath.Join(e.dir, "files", "tmp")
	if err := os.RemoveAll(tmp); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(tmp, nil, 0o600); err != nil { // no temporary file can be made
		t.Fatal(err)
	}
	_, err := e.svc.AddPaths(ctx, e.ws, "", []string{filepath.Join(src, "auks.txt")})
	if !apperr.Is(err, apperr.Unavailable) || apperr.MessageOf(err) != "could not add auks.txt: its copy could not be written to the data folder" {
		t.Fatalf("data folder failure: %v", err)
	}
	if _, err = e.svc.AddBytes(ctx, e.ws, "", "auks.txt", []byte("Auks")); err == nil {
		t.Fatal("added with no data folder to write to")
	}
	noInternals(t, e, apperr.MessageOf(err))

	big := filepath.Join(t.TempDir(), "archive")
	os.MkdirAll(big, 0o700)
	for i := range maxFolderFiles + 1 {
		os.WriteFile(filepath.Join(big, fmt.Sprintf("n%05d.md", i)), nil, 0o600)
	}
	_, err = e.svc.AddPaths(ctx, e.ws, "", []string{big})
	if !apperr.Is(err, apperr.Invalid) || !strings.Contains(apperr.MessageOf(err), "more than 10000 documents") {
		t.Fatalf("folder over the limit: %v", err)
	}
	if n := e.count(t, `SELECT count(*) FROM documents`); n != 0 {
		t.Fatalf("%d documents after refused adds", n)
	}
}

// Cancel, Delete and List fail only when the database does; the webview is
// told so in a sentence, not in SQLite's words, and a document not found
// still says so.
func TestBoundCallErrorsAreSentences(t *testing.T) {
	e := newEnv(t, t.TempDir(), DefaultSettings())
	ctx := context.Background()
	api := NewAPI(func() context.Context { return ctx }, e.svc, nil, nil)
	r, err := e.svc.AddBytes(ctx, e.ws, "", "shags.txt", []byte("Shags dry their wings on rocks."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.W.ExecContext(ctx, `CREATE TRIGGER no_writes BEFORE UPDATE ON documents
		BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`); err != nil {
		t.Fatal(err)
	}
	_, err = api.Cancel(r.Document.ID)
	if got := apperr.MessageOf(err); got != "could not cancel the document because of an internal error (the log has the details)" {
		t.Fatalf("cancel: %q", got)
	}
	if !strings.Contains(err.Error(), "disk I/O error") {
		t.Fatalf("the log lost the cause: %v", err)
	}
	err = api.Delete(r.Document.ID)
	if got := apperr.MessageOf(err); got != "could not delete the document because of an internal error (the log has the details)" {
		t.Fatalf("delete: %q", got)
	}
	if err := api.Delete("no-such-document"); !apperr.Is(err, apperr.NotFound) || apperr.MessageOf(err) != "document no-such-document not found" {
		t.Fatalf("delete of a missing document: %v", err)
	}
	if err := e.db.R.Close(); err != nil {
		t.Fatal(err)
	}
	_, err = api.List(e.ws, "", 0, 25)
	if got := apperr.MessageOf(err); got != "could not list the documents because of an internal error (the log has the details)" {
		t.Fatalf("list: %q", got)
	}
}
