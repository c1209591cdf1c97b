package archive

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bookbag/backend/dialog/dialogtest"
	"bookbag/backend/workspace"
)

// The archive's bound API exports to the path the save dialog gives (the
// extension added when missing), suggests the workspace's name, and
// imports the file the open dialog gives; cancelled dialogs change nothing.
func TestArchiveThroughTheDialogs(t *testing.T) {
	a, b := newEnv(t), newEnv(t)
	ctx := context.Background()
	w, err := a.ws.Create(ctx, workspace.Input{Name: "Field notes"})
	if err != nil {
		t.Fatal(err)
	}
	a.fill(t, w.ID, "pelican")
	fake := &dialogtest.Fake{}
	api := NewAPI(context.Background, a.arc, fake)
	res, err := api.ExportWorkspace(w.ID)
	if err != nil || res.Path != "" || res.WorkspaceName != "Field notes" {
		t.Fatalf("cancelled export: %+v %v", res, err)
	}
	if sh := fake.Last(); sh.Kind != "save" || !strings.HasPrefix(sh.DefaultName, "Field notes") || sh.Filters[0].Pattern != "*"+Ext {
		t.Fatalf("save dialog: %+v", sh)
	}
	fake.Save = filepath.Join(t.TempDir(), "notes")
	res, err = api.ExportWorkspace(w.ID)
	if err != nil || res.Path != fake.Save+Ext {
		t.Fatalf("export: %+v %v", res, err)
	}
	if _, err := os.Stat(res.Path); err != nil {
		t.Fatal(err)
	}

	into := NewAPI(context.Background, b.arc, &dialogtest.Fake{})
	rep, err := into.ImportWorkspace()
	if err != nil || rep.WorkspaceID != "" {
		t.Fatalf("cancelled import: %+v %v", rep, err)
	}
	into = NewAPI(context.Background, b.arc, &dialogtest.Fake{File: res.Path})
	rep, err = into.ImportWorkspace()
	if err != nil || rep.WorkspaceID != w.ID || !rep.Created {
		t.Fatalf("import: %+v %v", rep, err)
	}
	if got, err := b.ws.Get(ctx, w.ID); err != nil || got.Name != "Field notes" {
		t.Fatalf("imported workspace: %+v %v", got, err)
	}
}
