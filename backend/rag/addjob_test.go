package rag

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"bookbag/backend/events"
)

// A folder being copied in reports its progress, and Stop (CancelAdd)
// ends it between files: what was added stays queued, the rest is counted
// as not added, and nothing is stored without its document.
func TestAddingAFolderShowsProgressAndStops(t *testing.T) {
	e := newEnv(t, t.TempDir(), DefaultSettings())
	ctx := context.Background()
	src := filepath.Join(t.TempDir(), "papers")
	os.MkdirAll(src, 0o700)
	for i := range 5 {
		os.WriteFile(filepath.Join(src, fmt.Sprintf("p%d.txt", i)), fmt.Appendf(nil, "paper number %d on seabirds", i), 0o600)
	}
	// The user presses Stop once the second document is in.
	queued := 0
	e.svc.emit = events.Func(func(name string, payload any) {
		e.rec.Emit(name, payload)
		if p, ok := payload.(events.DocumentStatusPayload); ok && p.Status == StatusPending {
			if queued++; queued == 2 {
				e.svc.CancelAdd(e.ws, "")
			}
		}
	})
	res, err := e.svc.AddPaths(ctx, e.ws, "", []string{src})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Stopped || len(res.Added) != 2 || res.NotAdded != 3 || len(res.Failed) != 0 {
		t.Fatalf("stopped add: %+v", res)
	}
	if n := e.count(t, `SELECT count(*) FROM documents WHERE deleted_at IS NULL`); n != 2 {
		t.Fatalf("%d documents after the stop, want the 2 added", n)
	}
	var files int
	filepath.WalkDir(filepath.Join(e.dir, "files"), func(_ string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			files++
		}
		return nil
	})
	if files != 2 {
		t.Fatalf("%d files stored, want the 2 added", files)
	}

	var got []events.DocumentsAddingPayload
	for _, ev := range e.rec.Events(events.DocumentsAdding) {
		got = append(got, ev.Payload.(events.DocumentsAddingPayload))
	}
	if len(got) < 2 {
		t.Fatalf("progress events: %+v", got)
	}
	if l := got[0]; !l.Listing || l.End || l.AddID == "" || l.WorkspaceID != e.ws {
		t.Fatalf("the add's first event, while its folder is listed: %+v", l)
	}
	first, last := got[1], got[len(got)-1]
	if first.Listing || first.Total != 5 || first.Done != 0 || first.End || first.AddID != got[0].AddID {
		t.Fatalf("first progress: %+v", first)
	}
	if !last.End || last.Done != 2 || last.Total != 5 {
		t.Fatalf("last progress: %+v", last)
	}

	// Not stopped, the same folder adds the rest (the two are duplicates)
	// and ends at its total.
	e.svc.emit = e.rec
	res, err = e.svc.AddPaths(ctx, e.ws, "", []string{src})
	if err != nil || res.Stopped || res.NotAdded != 0 || len(res.Added) != 5 {
		t.Fatalf("second add: %+v %v", res, err)
	}
	dups := 0
	for _, a := range res.Added {
		if a.Duplicate {
			dups++
		}
	}
	if dups != 2 {
		t.Fatalf("%d duplicates, want 2", dups)
	}
	evs := e.rec.Events(events.DocumentsAdding)
	if end := evs[len(evs)-1].Payload.(events.DocumentsAddingPayload); !end.End || end.Done != 5 {
		t.Fatalf("last progress of a finished add: %+v", end)
	}
}

// A stop for another workspace leaves this one's add alone.
func TestCancelAddIsPerWorkspace(t *testing.T) {
	e := newEnv(t, t.TempDir(), DefaultSettings())
	src := folderOf(t, "notes", 3)
	e.svc.emit = events.Func(func(name string, payload any) {
		if name == events.DocumentsAdding {
			e.svc.CancelAdd("another-workspace", "")
		}
	})
	res, err := e.svc.AddPaths(context.Background(), e.ws, "", []string{src})
	if err != nil || res.Stopped || len(res.Added) != 3 {
		t.Fatalf("add: %+v %v", res, err)
	}
}

// Two adds at once are two jobs: each reports under its own id, and a
// Stop of one (CancelAdd with its id) leaves the other to finish.
func TestTwoAddsAtOnceAreTheirOwn(t *testing.T) {
	e := newEnv(t, t.TempDir(), DefaultSettings())
	ctx := context.Background()
	first, second := folderOf(t, "gulls", 3), folderOf(t, "skuas", 3)
	var firstID, secondID string
	var secondRes AddReport
	var secondErr error
	e.svc.emit = events.Func(func(name string, payload any) {
		e.rec.Emit(name, payload)
		p, ok := payload.(events.DocumentsAddingPayload)
		if !ok || p.End || p.Listing {
			return
		}
		switch {
		case firstID == "":
			// The first add has started copying: a second drop comes, and
			// the user stops the first while the second runs.
			firstID = p.AddID
			secondRes, secondErr = e.svc.AddPaths(ctx, e.ws, "", []string{second})
		case secondID == "" && p.AddID != firstID:
			secondID = p.AddID
			e.svc.CancelAdd(e.ws, firstID)
		}
	})
	res, err := e.svc.AddPaths(ctx, e.ws, "", []string{first})
	if err != nil || !res.Stopped || len(res.Added) != 0 || res.NotAdded != 3 {
		t.Fatalf("the stopped add: %+v %v", res, err)
	}
	if secondErr != nil || secondRes.Stopped || len(secondRes.Added) != 3 {
		t.Fatalf("the other add: %+v %v", secondRes, secondErr)
	}
	if secondID == "" || secondID == firstID {
		t.Fatalf("add ids %q and %q", firstID, secondID)
	}
	ends := map[string]events.DocumentsAddingPayload{}
	for _, ev := range e.rec.Events(events.DocumentsAdding) {
		if p := ev.Payload.(events.DocumentsAddingPayload); p.End {
			ends[p.AddID] = p
		}
	}
	if a, b := ends[firstID], ends[secondID]; len(ends) != 2 || a.Done != 0 || a.Total != 3 || b.Done != 3 || b.Total != 3 {
		t.Fatalf("last events: %+v", ends)
	}
}

// A Stop while a dropped folder is still being listed ends the add before
// any file is copied.
func TestStopWhileListing(t *testing.T) {
	e := newEnv(t, t.TempDir(), DefaultSettings())
	src := folderOf(t, "notes", 3)
	e.svc.emit = events.Func(func(name string, payload any) {
		if p, ok := payload.(events.DocumentsAddingPayload); ok && p.Listing {
			e.svc.CancelAdd(e.ws, p.AddID)
		}
	})
	res, err := e.svc.AddPaths(context.Background(), e.ws, "", []string{src})
	if err != nil || !res.Stopped || len(res.Added) != 0 {
		t.Fatalf("add stopped while listing: %+v %v", res, err)
	}
	if n := e.count(t, `SELECT count(*) FROM documents`); n != 0 {
		t.Fatalf("%d documents after a stop while listing", n)
	}
}

// folderOf makes a folder name of n small text files, each its own content.
func folderOf(t *testing.T, name string, n int) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), name)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s%d.txt", name, i)), fmt.Appendf(nil, "%s note %d", name, i), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
