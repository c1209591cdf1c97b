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
