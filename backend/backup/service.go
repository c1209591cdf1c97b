package backup

import (
	"context"
	"log/slog"
	"path/filepath"
	"sync"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/events"
)

// Service backs up and restores one data dir. One operation (backup,
// verify, restore) runs at a time; CancelRunning stops it.
type Service struct {
	deps    Deps
	dataDir string
	log     *slog.Logger
	now     func() time.Time

	mu     sync.Mutex
	cancel context.CancelFunc // of the running operation, nil when idle
	op     string

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
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cancel != nil {
		return nil, nil, apperr.New(apperr.Conflict, "a %s is already running", s.op)
	}
	ctx, cancel := context.WithCancel(ctx)
	s.cancel, s.op = cancel, op
	return ctx, func() {
		cancel()
		s.mu.Lock()
		s.cancel, s.op = nil, ""
		s.mu.Unlock()
	}, nil
}

// CancelRunning stops the running backup, verify or restore; false when
// none runs. What it wrote so far is removed.
func (s *Service) CancelRunning() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cancel == nil {
		return false
	}
	s.cancel()
	return true
}

// Running names the operation in progress, "" when idle.
func (s *Service) Running() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.op
}

func (s *Service) needDB() error {
	if s.deps.DB == nil {
		return apperr.New(apperr.Unavailable, "the database is not open, so there is nothing to back up")
	}
	return nil
}
