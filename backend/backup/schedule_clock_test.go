package backup

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"bookbag/backend/apperr"
)

// A clock set back (a flat CMOS battery, a wrong manual date): the backup
// just written has the oldest name in the folder. Retention must keep it,
// and the schedule must not wait for the old future date to come round.
func TestScheduleAfterTheClockWentBack(t *testing.T) {
	f := newFixture(t)
	clock := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	f.svc.now = func() time.Time { return clock }
	folder := t.TempDir()
	if _, err := f.svc.SetSchedule(f.ctx, Schedule{Frequency: Daily, Folder: folder, Keep: 1}); err != nil {
		t.Fatal(err)
	}
	if p, err := f.svc.RunDue(f.ctx); err != nil || p == "" {
		t.Fatalf("first run: %q %v", p, err)
	}
	clock = time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC)
	sc, err := f.svc.GetSchedule(f.ctx)
	if err != nil || sc.NextRunAt != clock.UnixMilli() {
		t.Fatalf("next run after the clock went back: %v, want now (%v) %v", time.UnixMilli(sc.NextRunAt).UTC(), clock, err)
	}
	p, err := f.svc.RunDue(f.ctx)
	if err != nil || p == "" {
		t.Fatalf("no backup for a year after the clock went back: %q %v", p, err)
	}
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("retention deleted the backup it had just written: %v", err)
	}
	ents, _ := os.ReadDir(folder)
	if len(ents) != 1 || ents[0].Name() != filepath.Base(p) {
		t.Fatalf("folder after keep=1: %v", ents)
	}
	// Due again a day later by the new clock, not by the old date.
	clock = clock.Add(25 * time.Hour)
	if p, err := f.svc.RunDue(f.ctx); err != nil || p == "" {
		t.Fatalf("second run by the corrected clock: %q %v", p, err)
	}
}

// Two BookBags (two computers, or two users) scheduling backups into one
// shared folder: each one's retention deletes only its own backups, never
// the other's, however new those are.
func TestRetentionLeavesAnotherInstallsBackups(t *testing.T) {
	folder := t.TempDir()
	clock := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	run := func(f *fixture) string {
		t.Helper()
		p, err := f.svc.RunDue(f.ctx)
		if err != nil || p == "" {
			t.Fatalf("run: %q %v", p, err)
		}
		return filepath.Base(p)
	}
	var made [2][]string
	var installs [2]*fixture
	for i := range installs {
		f := newFixture(t)
		f.svc.now = func() time.Time { return clock }
		if _, err := f.svc.SetSchedule(f.ctx, Schedule{Frequency: Daily, Folder: folder, Keep: 2}); err != nil {
			t.Fatal(err)
		}
		installs[i] = f
	}
	// The first install's three backups, then the second's, newer.
	for i, f := range installs {
		for range 3 {
			made[i] = append(made[i], run(f))
			clock = clock.Add(25 * time.Hour)
		}
	}
	got := names(t, folder)
	want := append(slices.Clone(made[0][1:]), made[1][1:]...)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("folder after keep=2 each: %v\nwant %v", got, want)
	}
}

// A backup kept inside the data folder goes with it: a restore moves it
// aside with the old data, and removing that folder in Settings deletes it.
// Neither a scheduled nor a manual backup may go there.
func TestNoBackupInsideTheDataDir(t *testing.T) {
	f := newFixture(t)
	inside := filepath.Join(f.dataDir, "backups")
	os.Mkdir(inside, 0o700)
	for _, folder := range []string{f.dataDir, inside} {
		if _, err := f.svc.SetSchedule(f.ctx, Schedule{Frequency: Daily, Folder: folder, Keep: 2}); !apperr.Is(err, apperr.Invalid) || !strings.Contains(err.Error(), "outside") {
			t.Errorf("scheduled backups into %s: %v", folder, err)
		}
		if _, err := f.svc.Backup(f.ctx, filepath.Join(folder, "b.tar"), Options{}); !apperr.Is(err, apperr.Invalid) || !strings.Contains(err.Error(), "outside") {
			t.Errorf("a backup into %s: %v", folder, err)
		}
	}
	// Beside it is fine.
	if _, err := f.svc.SetSchedule(f.ctx, Schedule{Frequency: Daily, Folder: filepath.Dir(f.dataDir), Keep: 2}); err != nil {
		t.Fatal(err)
	}
}
