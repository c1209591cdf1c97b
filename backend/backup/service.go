package backup

import (
	"context"
	"log/slog"
	"path/filepath"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/events"
	"bookbag/backend/onejob"
)

// Service backs up and restores one data dir. One operation (backup,
// verify, restore) runs at a time; CancelRunning stops it.
type Service struct {
	deps    Deps
	dataDir string
	log     *slog.Logger
	now     func() time.Time

	job onejob.Slot // the running backup, verify or restore
	cur current     // its last progress report

	stop chan struct{}
	done chan struct{}
}

// NewService returns the service; Start runs its schedule.
func NewService(d Deps) *Service {
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	if d.Events == nil {
		d.Events = events.Discard{}
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	return &Service{deps: d, dataDir: realDir(filepath.Clean(d.DataDir)), log: d.Log, now: d.Now}
}

// begin claims the one operation slot and returns its context.
func (s *Service) begin(ctx context.Context, op string) (context.Context, func(), error) {
	ctx, end, running, ok := s.job.Begin(ctx, op)
	if !ok {
		return nil, nil, apperr.New(apperr.Conflict, "a %s is already running", running)
	}
	s.cur.reset()
	return ctx, end, nil
}

// CancelRunning stops the running backup, verify or restore; false when
// none runs. What it wrote so far is removed.
func (s *Service) CancelRunning() bool { return s.job.Cancel() }

// Running names the operation in progress, "" when idle.
func (s *Service) Running() string { return s.job.Running() }

func (s *Service) needDB() error {
	if s.deps.DB == nil {
		return apperr.New(apperr.Unavailable, "the database is not open, so there is nothing to back up")
	}
	return nil
}
