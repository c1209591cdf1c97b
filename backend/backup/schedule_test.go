package backup

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/secrets"
)

func TestScheduledBackupsAndRetention(t *testing.T) {
	f := newFixture(t)
	clock := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	f.svc.now = func() time.Time { return clock }
	folder := t.TempDir()
	// Somebody else's files in the same folder are never touched.
	foreign := []string{"bookbag-backup-20200101-000000.tar", "notes.txt", "bookbag-backup-auto-older.tar"}
	for _, n := range foreign {
		os.WriteFile(filepath.Join(folder, n), []byte("x"), 0o600)
	}
	// A scheduled backup named before names carried the install's tag: its own.
	os.WriteFile(filepath.Join(folder, "bookbag-backup-auto-20200101-000000.tar"), []byte("x"), 0o600)
	if _, err := f.svc.SetSchedule(f.ctx, Schedule{Frequency: "hourly", Folder: folder, Keep: 2}); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("bad frequency: %v", err)
	}
	if _, err := f.svc.SetSchedule(f.ctx, Schedule{Frequency: Daily, Folder: "relative", Keep: 2}); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("bad folder: %v", err)
	}
	if p, _ := f.svc.RunDue(f.ctx); p != "" {
		t.Fatal("ran while off")
	}
	sc, err := f.svc.SetSchedule(f.ctx, Schedule{Frequency: Daily, Folder: folder, Keep: 2})
	if err != nil || sc.NextRunAt != clock.UnixMilli() {
		t.Fatalf("schedule %+v %v", sc, err)
	}
	run := func() string {
		t.Helper()
		p, err := f.svc.RunDue(f.ctx)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	if p := run(); p == "" {
		t.Fatal("nothing ran at first check")
	}
	clock = clock.Add(23 * time.Hour)
	if p := run(); p != "" {
		t.Fatal("ran again before a day passed")
	}
	for range 3 {
		clock = clock.Add(time.Hour + 24*time.Hour)
		if p := run(); p == "" {
			t.Fatal("not run when due")
		}
	}
	ents, _ := os.ReadDir(folder)
	var mine, others []string
	for _, e := range ents {
		if autoName.MatchString(e.Name()) {
			mine = append(mine, e.Name())
		} else {
			others = append(others, e.Name())
		}
	}
	sort.Strings(others)
	sort.Strings(foreign)
	if len(mine) != 2 || strings.Join(others, ",") != strings.Join(foreign, ",") {
		t.Fatalf("kept %v, others %v", mine, others)
	}
	// The newest two are kept; each is a complete backup.
	sc, _ = f.svc.GetSchedule(f.ctx)
	if filepath.Base(sc.LastPath) != mine[1] || sc.LastRunAt != clock.UnixMilli() {
		t.Fatalf("schedule after runs %+v, files %v", sc, mine)
	}
	if v, err := f.svc.Verify(f.ctx, sc.LastPath, ""); err != nil || !v.OK {
		t.Fatalf("scheduled backup does not verify: %v", err)
	}
	// Weekly: due seven days after the last run.
	f.svc.SetSchedule(f.ctx, Schedule{Frequency: Weekly, Folder: folder, Keep: 2})
	clock = clock.Add(6 * 24 * time.Hour)
	if p := run(); p != "" {
		t.Fatal("weekly ran after six days")
	}
	clock = clock.Add(24 * time.Hour)
	if p := run(); p == "" {
		t.Fatal("weekly did not run after seven days")
	}
	// A failure is recorded and retried at the next check.
	os.RemoveAll(folder)
	clock = clock.Add(8 * 24 * time.Hour)
	if _, err := f.svc.RunDue(f.ctx); err == nil {
		t.Fatal("backup into a missing folder succeeded")
	}
	sc, _ = f.svc.GetSchedule(f.ctx)
	if !strings.Contains(sc.LastError, "is not there (is its drive connected?)") || sc.LastErrorAt != clock.UnixMilli() {
		t.Fatalf("failure not recorded: %+v", sc)
	}
}

// Encrypted scheduled backups: the passphrase goes to the keychain only
// (never the database or an answer); a run without it fails in words and
// writes no plain backup instead; turning encryption off forgets it.
func TestEncryptedScheduledBackups(t *testing.T) {
	f := newFixture(t)
	keys := secrets.NewMemory()
	f.svc.deps.Secrets = keys
	clock := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	f.svc.now = func() time.Time { return clock }
	folder := t.TempDir()
	const pass = "correct horse battery"

	if _, err := f.svc.SetSchedule(f.ctx, Schedule{Frequency: Daily, Folder: folder, Keep: 3, Encrypt: true}); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("encrypted without any passphrase: %v", err)
	}
	if _, err := f.svc.SetSchedule(f.ctx, Schedule{Frequency: Daily, Folder: folder, Keep: 3, Encrypt: true, Passphrase: "short"}); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("short passphrase: %v", err)
	}
	sc, err := f.svc.SetSchedule(f.ctx, Schedule{Frequency: Daily, Folder: folder, Keep: 3, Encrypt: true, Passphrase: pass})
	if err != nil || !sc.Encrypt || !sc.HasPassphrase || sc.Passphrase != "" {
		t.Fatalf("schedule %+v %v", sc, err)
	}
	if got, _ := keys.Get(f.ctx, passphraseAccount); got != pass {
		t.Fatalf("keychain holds %q", got)
	}
	stored, _, _ := f.db.GetSetting(f.ctx, keySchedule)
	if strings.Contains(stored, pass) || strings.Contains(stored, "passphrase") {
		t.Fatalf("the setting holds the passphrase: %s", stored)
	}
	// Saving again without a passphrase keeps the one in the keychain.
	if sc, err = f.svc.SetSchedule(f.ctx, Schedule{Frequency: Daily, Folder: folder, Keep: 4, Encrypt: true}); err != nil || !sc.HasPassphrase {
		t.Fatalf("re-save: %+v %v", sc, err)
	}
	p, err := f.svc.RunDue(f.ctx)
	if err != nil || !strings.HasSuffix(p, ".tar.gz.age") {
		t.Fatalf("run: %q %v", p, err)
	}
	if in, err := f.svc.Inspect(f.ctx, p, ""); err != nil || !in.NeedsPassphrase {
		t.Fatalf("not encrypted: %+v %v", in, err)
	}
	if v, err := f.svc.Verify(f.ctx, p, pass); err != nil || !v.OK {
		t.Fatalf("does not verify with the passphrase: %+v %v", v, err)
	}

	// The keychain loses it (a restore on another computer): the next run
	// fails, says why, and leaves no unencrypted file.
	keys.Delete(f.ctx, passphraseAccount)
	clock = clock.Add(25 * time.Hour)
	if p, err := f.svc.RunDue(f.ctx); err == nil || p != "" {
		t.Fatalf("ran without its passphrase: %q %v", p, err)
	}
	sc, _ = f.svc.GetSchedule(f.ctx)
	if sc.HasPassphrase || !strings.Contains(sc.LastError, "holds no passphrase") || sc.LastErrorAt != clock.UnixMilli() {
		t.Fatalf("after a failed run: %+v", sc)
	}
	ents, _ := os.ReadDir(folder)
	if len(ents) != 1 {
		t.Fatalf("files after the failed run: %d", len(ents))
	}
	// Turning the schedule off while it still says "encrypted" needs no
	// passphrase (nothing runs); turning it on again asks for one.
	if sc, err = f.svc.SetSchedule(f.ctx, Schedule{Frequency: Off, Folder: folder, Keep: 3, Encrypt: true}); err != nil || sc.Frequency != Off || sc.HasPassphrase {
		t.Fatalf("off while encrypted without a passphrase: %+v %v", sc, err)
	}
	if _, err := f.svc.SetSchedule(f.ctx, Schedule{Frequency: Daily, Folder: folder, Keep: 3, Encrypt: true}); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("on again without a passphrase: %v", err)
	}
	// No keychain at all: encryption cannot be chosen.
	keys.SetUnavailable(true)
	if _, err := f.svc.SetSchedule(f.ctx, Schedule{Frequency: Daily, Folder: folder, Keep: 3, Encrypt: true, Passphrase: pass}); !apperr.Is(err, apperr.Unavailable) {
		t.Fatalf("keychain unavailable: %v", err)
	}
	keys.SetUnavailable(false)
	keys.Set(f.ctx, passphraseAccount, pass)
	// Off: the passphrase is forgotten, and the next backup is plain.
	if sc, err = f.svc.SetSchedule(f.ctx, Schedule{Frequency: Daily, Folder: folder, Keep: 3}); err != nil || sc.Encrypt {
		t.Fatalf("encryption off: %+v %v", sc, err)
	}
	if _, err := keys.Get(f.ctx, passphraseAccount); !errors.Is(err, secrets.ErrNotFound) {
		t.Fatalf("passphrase kept after encryption was turned off: %v", err)
	}
	if p, err := f.svc.RunDue(f.ctx); err != nil || !strings.HasSuffix(p, ".tar.gz") {
		t.Fatalf("plain run: %q %v", p, err)
	}
}

type fakeSecrets []string

func (f fakeSecrets) NeedSecrets(context.Context) ([]string, error) { return f, nil }

// The other secrets the keychain keeps are named in the backup, when it is
// inspected and after the restore: a tool server's values and, when
// scheduled backups are encrypted, their passphrase (read from the
// setting, never from the keychain).
func TestBackupNamesTheSecretsToEnterAgain(t *testing.T) {
	f := newFixture(t)
	keys := secrets.NewMemory()
	f.svc.deps.Secrets = keys
	f.svc.deps.Others = fakeSecrets{"tool server files: API_KEY (Settings → Tools)"}
	if _, err := f.svc.SetSchedule(f.ctx, Schedule{Frequency: Daily, Folder: t.TempDir(), Keep: 2, Encrypt: true, Passphrase: "correct horse"}); err != nil {
		t.Fatal(err)
	}
	keys.SetUnavailable(true) // listing names must not need the keychain
	p := f.backup(Options{Compress: true})
	want := []string{"tool server files: API_KEY (Settings → Tools)", "the passphrase of scheduled backups (Settings → Backup & restore)"}
	in, err := f.svc.Inspect(f.ctx, p, "")
	if err != nil || !slices.Equal(in.Secrets, want) {
		t.Fatalf("inspection secrets %q %v", in.Secrets, err)
	}
	if _, err := f.svc.Restore(f.ctx, p, ""); err != nil {
		t.Fatal(err)
	}
	if sw := f.restart(); !sw.Applied {
		t.Fatalf("not applied: %+v", sw)
	}
	n, err := f.svc.Notice()
	if err != nil || !n.Restored || !slices.Equal(n.Secrets, want) || len(n.Providers) != 1 {
		t.Fatalf("notice %+v %v", n, err)
	}
}
