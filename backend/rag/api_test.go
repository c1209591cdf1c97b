package rag

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bookbag/backend/dialog/dialogtest"
	"bookbag/backend/rag/extract"
)

// The webview gets the extractor's own list, every extension of it.
func TestAcceptedFormatsAreTheExtractorsList(t *testing.T) {
	got, err := NewAPI(nil, nil, nil, nil).AcceptedFormats()
	if err != nil {
		t.Fatal(err)
	}
	want := extract.Formats()
	if len(got) != len(want) {
		t.Fatalf("%d formats, the extractor has %d", len(got), len(want))
	}
	for i, f := range want {
		if got[i] != (FileFormat{Extension: f.Extension, Label: f.Label, MIME: f.MIME}) {
			t.Errorf("format %d: %+v, want %+v", i, got[i], f)
		}
	}
}

// PickDocuments shows the extractor's formats in the native dialog and adds
// what is chosen; a cancelled dialog adds nothing.
func TestPickDocumentsThroughTheDialog(t *testing.T) {
	e := newEnv(t, t.TempDir(), DefaultSettings())
	e.svc.Start(context.Background())
	fake := &dialogtest.Fake{}
	api := NewAPI(context.Background, e.svc, nil, fake)
	rep, err := api.PickDocuments(e.ws, "", false)
	if err != nil || len(rep.Added) != 0 || rep.Added == nil {
		t.Fatalf("cancelled dialog: %+v %v", rep, err)
	}
	shown := fake.Last()
	if shown.Kind != "open-many" || len(shown.Filters) != 2 || shown.Filters[0].Pattern != extract.DialogPattern() ||
		!strings.Contains(shown.Filters[0].Pattern, "*.text") {
		t.Fatalf("dialog shown: %+v", shown)
	}
	path := filepath.Join(t.TempDir(), "notes.text")
	if err := os.WriteFile(path, []byte("Pelicans have a throat pouch."), 0o600); err != nil {
		t.Fatal(err)
	}
	fake.Files = []string{path}
	rep, err = api.PickDocuments(e.ws, "", false)
	if err != nil || len(rep.Added) != 1 || rep.Added[0].Document.Name != "notes.text" {
		t.Fatalf("picked file: %+v %v", rep, err)
	}
	if docs := e.wait(t, rep.Added[0].Document.ID); docs[0].Status != StatusCompleted {
		t.Fatalf("picked file indexed as %+v", docs[0])
	}
	fake.Folder = filepath.Dir(path)
	if _, err := api.PickDocuments(e.ws, "", true); err != nil || fake.Last().Kind != "folder" {
		t.Fatalf("folder: %v %+v", err, fake.Last())
	}
}
