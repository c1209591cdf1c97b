package archive

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bookbag/backend/apperr"
	"bookbag/backend/events"
	"bookbag/backend/store"
	"bookbag/backend/workspace"
)

// onProgress records every event and calls do on each archive:progress one
// (synchronously, in the running import or export, as the Wails emitter is).
type onProgress struct {
	rec *events.Recorder
	do  func(events.ArchiveProgressPayload)
}

func (o *onProgress) Emit(name string, payload any) {
	o.rec.Emit(name, payload)
	if p, ok := payload.(events.ArchiveProgressPayload); ok && o.do != nil {
		o.do(p)
	}
}

// watch makes e's archive service report every step to a recorder, calling do.
func (e *env) watch(do func(events.ArchiveProgressPayload)) *events.Recorder {
	rec := events.NewRecorder()
	e.arc.emit, e.arc.every = &onProgress{rec: rec, do: do}, 0
	return rec
}

// bigWorkspace is a workspace with something of everything and n more messages.
func (e *env) bigWorkspace(t *testing.T, n int) string {
	t.Helper()
	ctx := context.Background()
	w, err := e.ws.Create(ctx, workspace.Input{Name: "Big"})
	if err != nil {
		t.Fatal(err)
	}
	e.fill(t, w.ID, "heron")
	err = e.db.Tx(ctx, func(tx *store.Tx) error {
		chat := store.NewID()
		if err := tx.Insert(ctx, "chats", chat, w.ID, store.Values{"title": "Long"}); err != nil {
			return err
		}
		for i := range n {
			if err := tx.Insert(ctx, "messages", store.NewID(), w.ID, store.Values{"chat_id": chat, "role": "user",
				"content": fmt.Sprintf("message %d", i)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return w.ID
}

func progressOf(rec *events.Recorder, stage string) []events.ArchiveProgressPayload {
	var out []events.ArchiveProgressPayload
	for _, ev := range rec.Events(events.ArchiveProgress) {
		if p := ev.Payload.(events.ArchiveProgressPayload); p.Stage == stage {
			out = append(out, p)
		}
	}
	return out
}

func TestImportReportsProgressAndCancelledHalfWayChangesNothing(t *testing.T) {
	a := newEnv(t)
	ctx := context.Background()
	ws := a.bigWorkspace(t, 300)
	data := a.export(t, ws)
	b := newEnv(t)
	before := b.fingerprint(t)
	rec := b.watch(func(p events.ArchiveProgressPayload) {
		if p.Stage == "applying" && p.Total > 0 && p.Done == p.Total/2 {
			b.arc.Cancel()
		}
	})
	_, err := b.arc.ImportBytes(ctx, data)
	if !apperr.Is(err, apperr.Canceled) || !strings.Contains(apperr.MessageOf(err), "nothing was added") {
		t.Fatalf("cancelled import: %v", err)
	}
	checking, applying := progressOf(rec, "checking"), progressOf(rec, "applying")
	if len(checking) == 0 || checking[0].Total < 300 || checking[len(checking)-1].Done != checking[0].Total ||
		checking[0].WorkspaceID != ws || checking[0].Op != "import" {
		t.Fatalf("checking progress: %+v", checking)
	}
	if len(applying) == 0 || applying[len(applying)-1].Done != applying[0].Total/2 {
		t.Fatalf("applying progress: %+v", applying)
	}
	if after := b.fingerprint(t); after != before {
		t.Fatalf("a cancelled import changed data:\n%s\n%s", before, after)
	}
	if b.arc.Cancel() {
		t.Fatal("an import still counts as running")
	}
	// The same archive, not cancelled, imports whole and reports every row.
	rec = b.watch(nil)
	rep, err := b.arc.ImportBytes(ctx, data)
	if err != nil || rep.Added < 300 {
		t.Fatalf("import %+v %v", rep, err)
	}
	applying = progressOf(rec, "applying")
	if last := applying[len(applying)-1]; last.Done != last.Total || last.Total != int64(rep.Added+rep.Updated+rep.Skipped) {
		t.Fatalf("last progress %+v, report %+v", last, rep)
	}
}

func TestExportReportsProgressAndCancelledHalfWayLeavesNoFile(t *testing.T) {
	a := newEnv(t)
	ctx := context.Background()
	ws := a.bigWorkspace(t, 300)
	dir := t.TempDir()
	out := filepath.Join(dir, "big.bookbag")
	rec := a.watch(func(p events.ArchiveProgressPayload) {
		if p.Stage == "rows" && p.Total > 0 && p.Done == p.Total/2 {
			a.arc.Cancel()
		}
	})
	_, err := a.arc.ExportFile(ctx, ws, out)
	if !apperr.Is(err, apperr.Canceled) || !strings.Contains(apperr.MessageOf(err), "nothing was written") {
		t.Fatalf("cancelled export: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("a cancelled export left %v", entries)
	}
	if rows := progressOf(rec, "rows"); len(rows) == 0 || rows[0].Op != "export" || rows[0].WorkspaceID != ws || rows[0].Total < 300 {
		t.Fatalf("rows progress: %+v", rows)
	}
	rec = a.watch(nil)
	res, err := a.arc.ExportFile(ctx, ws, out)
	if err != nil {
		t.Fatal(err)
	}
	rows, chunks, files := progressOf(rec, "rows"), progressOf(rec, "chunks"), progressOf(rec, "files")
	if last := chunks[len(chunks)-1]; last.Done != int64(res.Counts["chunks"]) || last.Done == 0 {
		t.Fatalf("last chunks progress %+v, counts %v", last, res.Counts)
	}
	total := 0
	for table, n := range res.Counts {
		if table != "chunks" && table != "files" {
			total += n
		}
	}
	if last := rows[len(rows)-1]; last.Done != last.Total || last.Total != int64(total) {
		t.Fatalf("last rows progress %+v, counts %v", last, res.Counts)
	}
	if last := files[len(files)-1]; last.Done != last.Total || last.Total != int64(res.Counts["files"]) || last.Total == 0 {
		t.Fatalf("last files progress %+v, counts %v", last, res.Counts)
	}
}

func TestOneArchiveImportOrExportAtATime(t *testing.T) {
	a := newEnv(t)
	ctx := context.Background()
	a.fill(t, a.def.ID, "ibis")
	data := a.export(t, a.def.ID)
	b := newEnv(t)
	var during error
	b.watch(func(p events.ArchiveProgressPayload) {
		if p.Stage == "applying" && during == nil {
			_, during = b.arc.Export(ctx, b.def.ID, io.Discard)
		}
	})
	if _, err := b.arc.ImportBytes(ctx, data); err != nil {
		t.Fatal(err)
	}
	if !apperr.Is(during, apperr.Conflict) {
		t.Fatalf("an export during an import: %v", during)
	}
}

// A file an import stored and then took back (the import was cancelled)
// stays when, meanwhile, another workspace here came to name it: a
// document of the same content added while the import ran keeps its file.
func TestCancelledImportKeepsAFileAnotherWorkspaceNowUses(t *testing.T) {
	a := newEnv(t)
	ctx := context.Background()
	w, _ := a.ws.Create(ctx, workspace.Input{Name: "Egrets"})
	a.fill(t, w.ID, "egret")
	data := a.export(t, w.ID)

	b := newEnv(t)
	var sum string
	b.watch(func(p events.ArchiveProgressPayload) {
		if p.Stage != "applying" || sum != "" {
			return
		}
		// The archive's files are stored; the rows are not yet written.
		ref, err := b.blobs.PutBytes(ctx, []byte("the egret file"))
		if err != nil {
			t.Error(err)
			return
		}
		sum = ref.SHA256
		err = b.db.Tx(ctx, func(tx *store.Tx) error {
			return tx.Insert(ctx, "documents", store.NewID(), b.def.ID, store.Values{"name": "mine.txt", "mime": "text/plain",
				"size": ref.Size, "sha256": ref.SHA256, "status": "completed", "format": "text"})
		})
		if err != nil {
			t.Error(err)
		}
		b.arc.Cancel()
	})
	if _, err := b.arc.ImportBytes(ctx, data); !apperr.Is(err, apperr.Canceled) {
		t.Fatalf("import: %v", err)
	}
	if has, err := b.blobs.Has(sum); err != nil || !has {
		t.Fatalf("the other workspace's document lost its file (%v)", err)
	}
}
