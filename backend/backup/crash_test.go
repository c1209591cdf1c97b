package backup

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"bookbag/backend/events"
	"bookbag/backend/store"
)

// TestCrashHelper is the process the crash tests kill: it runs one
// operation on the data dir they name and exits, as a killed app would,
// in the middle of copying the first entry.
func TestCrashHelper(t *testing.T) {
	op := os.Getenv("BOOKBAG_BACKUP_CRASH")
	if op == "" {
		t.Skip("run by the crash tests")
	}
	ctx := context.Background()
	dataDir, target := os.Getenv("BOOKBAG_BACKUP_DATA"), os.Getenv("BOOKBAG_BACKUP_TARGET")
	var db *store.DB
	if op == "backup" {
		var err error
		if db, err = store.Open(ctx, dataDir, store.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	die := events.Func(func(_ string, payload any) {
		pl, _ := payload.(events.BackupProgressPayload)
		switch {
		case pl.Done > 0:
			os.Exit(3) // killed with an entry half copied
		case pl.Stage == "files" || pl.Stage == "verify":
			// Outwait the throttle, so the first bytes copied are reported.
			time.Sleep(2 * progressEvery)
		}
	})
	svc := NewService(Deps{DB: db, DataDir: dataDir, Events: die, ScryptLogN: 10})
	var err error
	switch op {
	case "backup":
		_, err = svc.Backup(ctx, target, Options{})
	case "restore":
		_, err = svc.Restore(ctx, target, "")
	case "verify":
		_, err = svc.Verify(ctx, target, "")
	}
	t.Fatalf("%s was not interrupted: %v", op, err)
}

// crash runs op in a child process that dies half way through it.
func crash(t *testing.T, op, dataDir, target string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashHelper$")
	cmd.Env = append(os.Environ(), "BOOKBAG_BACKUP_CRASH="+op, "BOOKBAG_BACKUP_DATA="+dataDir, "BOOKBAG_BACKUP_TARGET="+target)
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 3 {
		t.Fatalf("the %s did not die half way: %v\n%s", op, err, out)
	}
}

func names(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	return out
}

// A backup killed half way leaves its unfinished file and the database
// snapshot in the folder; the next backup there removes them (and nothing
// else), so a folder of scheduled backups does not fill up with them.
func TestKilledBackupLeavesNothingAfterTheNext(t *testing.T) {
	f := newFixture(t)
	folder := t.TempDir()
	os.WriteFile(filepath.Join(folder, "notes.partial"), []byte("the user's"), 0o600)
	crash(t, "backup", f.dataDir, filepath.Join(folder, "first.tar"))
	if len(names(t, folder)) < 2 {
		t.Fatalf("the killed backup left nothing, so this test shows nothing: %v", names(t, folder))
	}
	p := filepath.Join(folder, "second.tar")
	if _, err := f.svc.Backup(f.ctx, p, Options{}); err != nil {
		t.Fatal(err)
	}
	if got := names(t, folder); !slices.Equal(got, []string{"notes.partial", "second.tar"}) {
		t.Fatalf("folder after the next backup: %v", got)
	}
	if v, err := f.svc.Verify(f.ctx, p, ""); err != nil || !v.OK {
		t.Fatalf("the next backup: %+v %v", v, err)
	}
}

// A restore or a check killed half way leaves a copy of the data beside the
// data dir; the next restore or check removes it, and keeps a staged
// restore that is still pending.
func TestKilledRestoreLeavesNothingAfterTheNext(t *testing.T) {
	f := newFixture(t)
	p := f.backup(Options{})
	pend, err := f.svc.Restore(f.ctx, p, "")
	if err != nil {
		t.Fatal(err)
	}
	beside := names(t, filepath.Dir(f.dataDir))
	crash(t, "restore", f.dataDir, p)
	if got := names(t, filepath.Dir(f.dataDir)); len(got) <= len(beside) {
		t.Fatalf("the killed restore left nothing, so this test shows nothing: %v", got)
	}
	if v, err := f.svc.Verify(f.ctx, p, ""); err != nil || !v.OK {
		t.Fatalf("check: %+v %v", v, err)
	}
	if got := names(t, filepath.Dir(f.dataDir)); !slices.Equal(got, beside) {
		t.Fatalf("beside the data dir after a check: %v, want %v", got, beside)
	}
	if got, _ := f.svc.Pending(); got.Dir != pend.Dir {
		t.Fatalf("the pending restore was lost: %+v", got)
	}
	crash(t, "verify", f.dataDir, p)
	if got := names(t, filepath.Dir(f.dataDir)); len(got) <= len(beside) {
		t.Fatalf("the killed check left nothing, so this test shows nothing: %v", got)
	}
	if pend, err = f.svc.Restore(f.ctx, p, ""); err != nil {
		t.Fatal(err)
	}
	if got := names(t, filepath.Dir(f.dataDir)); len(got) != len(beside) || !slices.Contains(got, filepath.Base(pend.Dir)) {
		t.Fatalf("beside the data dir after a restore: %v", got)
	}
	if sw := f.restart(); !sw.Applied {
		t.Fatalf("the pending restore was not applied: %+v", sw)
	}
}

// A pending marker cut short (a power cut as it was written): the restore
// card shows it as a restore that cannot be swapped in and can cancel it;
// a start leaves the data as it is.
func TestDamagedPendingMarkerCanBeCancelled(t *testing.T) {
	f := newFixture(t)
	p := f.backup(Options{})
	if _, err := f.svc.Restore(f.ctx, p, ""); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(pendingPath(f.dataDir), []byte(`{"dir":"bookbag.rest`), 0o600)
	pend, err := f.svc.Pending()
	if err != nil || !pend.Pending || pend.Problem == "" {
		t.Fatalf("pending with a damaged marker: %+v %v", pend, err)
	}
	if err := f.svc.CancelPending(); err != nil {
		t.Fatalf("cancel: %v", err)
	}
	if pend, err := f.svc.Pending(); err != nil || pend.Pending {
		t.Fatalf("after cancel: %+v %v", pend, err)
	}
	// The staged folder it named is removed by the next check.
	if _, err := f.svc.Verify(f.ctx, p, ""); err != nil {
		t.Fatal(err)
	}
	if got := names(t, filepath.Dir(f.dataDir)); !slices.Equal(got, []string{filepath.Base(f.dataDir)}) {
		t.Fatalf("beside the data dir: %v", got)
	}
}
