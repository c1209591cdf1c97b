package backup

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"bookbag/backend/apperr"
	"bookbag/backend/dialog/dialogtest"
	"bookbag/backend/events"
)

// Back up now to a file the save dialog asked to replace: the old file
// stays as it was until the new backup is whole, then is replaced. Before,
// the user confirmed "Replace" and was told the file already exists.
func TestBackupNowReplacesTheFileTheDialogConfirmed(t *testing.T) {
	f := newFixture(t)
	dir := t.TempDir()
	dst := filepath.Join(dir, "bookbag.tar.gz")
	old := []byte("last week's backup")
	if err := os.WriteFile(dst, old, 0o600); err != nil {
		t.Fatal(err)
	}
	dlg := &dialogtest.Fake{Save: dst}
	api := NewAPI(func() context.Context { return f.ctx }, f.svc, dlg)

	// Cancelled half way: the old file is untouched and nothing else is left.
	for i := range 3 {
		f.blobs.PutBytes(f.ctx, bytes.Repeat([]byte{byte(i)}, 2<<20))
	}
	f.svc.deps.Events = events.Func(func(_ string, payload any) {
		if pl, ok := payload.(events.BackupProgressPayload); ok && pl.Stage == "files" {
			f.svc.CancelRunning()
		}
	})
	if _, err := api.BackupNow(Options{Compress: true}); !apperr.Is(err, apperr.Canceled) {
		t.Fatalf("cancelled: %v", err)
	}
	if b, _ := os.ReadFile(dst); !bytes.Equal(b, old) {
		t.Fatalf("a cancelled backup changed the file it was to replace: %q", b)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Fatalf("left behind: %v", ents)
	}

	f.svc.deps.Events = events.Discard{}
	res, err := api.BackupNow(Options{Compress: true})
	if err != nil || res.Path != dst {
		t.Fatalf("replace: %+v %v", res, err)
	}
	if in, err := f.svc.Inspect(f.ctx, dst, ""); err != nil || in.Files != len(f.files)+3 {
		t.Fatalf("the replaced file is not the new backup: %+v %v", in, err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Fatalf("left behind: %v", ents)
	}

	// A name the suffix made was never shown to the user: not replaced.
	bare := filepath.Join(dir, "bookbag")
	taken := bare + fileSuffix(Options{Compress: true})
	if err := os.WriteFile(taken, old, 0o600); err != nil {
		t.Fatal(err)
	}
	dlg.Save = bare
	if _, err := api.BackupNow(Options{Compress: true}); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("suffixed name: %v", err)
	}
	if b, _ := os.ReadFile(taken); !bytes.Equal(b, old) {
		t.Fatal("a file the user never chose was replaced")
	}

	// Nor a folder, nor a scheduled (or any other) Backup's destination.
	folder := filepath.Join(dir, "folder.tar")
	os.Mkdir(folder, 0o700)
	dlg.Save = folder
	if _, err := api.BackupNow(Options{}); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("folder: %v", err)
	}
	if _, err := f.svc.Backup(f.ctx, taken, Options{Compress: true}); !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("Backup over a file: %v", err)
	}
}
