package backup

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bookbag/backend/events"
)

// A scheduled backup that fails tells the user at once (backup:scheduled),
// in the words the schedule card shows; one that works, or one the user
// cancelled, says nothing.
func TestFailedScheduledBackupIsAnnounced(t *testing.T) {
	f := newFixture(t)
	clock := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	f.svc.now = func() time.Time { return clock }
	folder := filepath.Join(t.TempDir(), "usb")
	os.Mkdir(folder, 0o700)
	if _, err := f.svc.SetSchedule(f.ctx, Schedule{Frequency: Daily, Folder: folder, Keep: 2}); err != nil {
		t.Fatal(err)
	}
	announced := func() []events.BackupScheduledPayload {
		var out []events.BackupScheduledPayload
		for _, e := range f.rec.Events(events.BackupScheduled) {
			out = append(out, e.Payload.(events.BackupScheduledPayload))
		}
		return out
	}
	if p, err := f.svc.RunDue(f.ctx); p == "" || err != nil || len(announced()) != 0 {
		t.Fatalf("a good run: %q %v %+v", p, err, announced())
	}

	os.RemoveAll(folder) // the drive was unplugged
	clock = clock.Add(25 * time.Hour)
	if _, err := f.svc.RunDue(f.ctx); err == nil {
		t.Fatal("ran into a missing folder")
	}
	got := announced()
	sc, _ := f.svc.GetSchedule(f.ctx)
	if len(got) != 1 || got[0].Error != sc.LastError || !strings.Contains(got[0].Error, "is its drive connected?") || got[0].At != clock.UnixMilli() {
		t.Fatalf("announced %+v, schedule says %q", got, sc.LastError)
	}

	// Cancelled by the user (or by quitting): recorded, not announced.
	os.Mkdir(folder, 0o700)
	rec := f.rec
	f.svc.deps.Events = events.Func(func(name string, payload any) {
		rec.Emit(name, payload)
		if pl, ok := payload.(events.BackupProgressPayload); ok && pl.Stage == "files" {
			f.svc.CancelRunning()
		}
	})
	clock = clock.Add(time.Hour)
	if _, err := f.svc.RunDue(f.ctx); err == nil {
		t.Fatal("cancelled run succeeded")
	}
	if sc, _ := f.svc.GetSchedule(f.ctx); !strings.Contains(sc.LastError, "cancelled") || len(announced()) != 1 {
		t.Fatalf("cancelled: %q, announced %+v", sc.LastError, announced())
	}
}
