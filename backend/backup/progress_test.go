package backup

import (
	"context"
	"testing"

	"bookbag/backend/events"
)

// A view opened while an operation runs (the user left Settings and came
// back) asks where it is: the last report, or "starting" before the first;
// nothing once it is over, nor a finished one's last report.
func TestProgressOfTheRunningOperation(t *testing.T) {
	f := newFixture(t)
	api := NewAPI(func() context.Context { return f.ctx }, f.svc, nil)
	if p, err := api.Progress(); err != nil || p != (events.BackupProgressPayload{}) {
		t.Fatalf("idle: %+v %v", p, err)
	}
	var seen []events.BackupProgressPayload
	f.svc.deps.Events = events.Func(func(_ string, payload any) {
		if pl, ok := payload.(events.BackupProgressPayload); ok && pl.Stage == "files" {
			p, _ := api.Progress()
			seen = append(seen, p)
		}
	})
	f.backup(Options{})
	if len(seen) == 0 || seen[0].Op != "backup" || seen[0].Stage != "files" || seen[0].Total == 0 {
		t.Fatalf("while running: %+v", seen)
	}
	if p, _ := api.Progress(); p != (events.BackupProgressPayload{}) {
		t.Fatalf("after: %+v", p)
	}

	_, end, err := f.svc.begin(f.ctx, "check")
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := api.Progress(); p != (events.BackupProgressPayload{Op: "verify", Stage: "starting"}) {
		t.Fatalf("before the first report (the last backup's must not show): %+v", p)
	}
	end()
}
