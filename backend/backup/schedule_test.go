package backup

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"bookbag/backend/apperr"
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
	if sc.LastError == "" || sc.LastErrorAt != clock.UnixMilli() {
		t.Fatalf("failure not recorded: %+v", sc)
	}
}
