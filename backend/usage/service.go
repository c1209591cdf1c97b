// Package usage records every model call the app makes, prices it, sums it
// per day, model and workspace for the Usage page, holds the monthly
// budgets a call must stay within, and hands a shared workspace's calls to
// the office sync.
package usage

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"bookbag/backend/store"
)

// Service owns usage_calls, usage_rollup, usage_prices and usage_budgets.
type Service struct {
	db  *store.DB
	wss Workspaces
	log *slog.Logger
	loc *time.Location
	now func() time.Time

	mu      sync.Mutex
	prices  []Price      // every price row, loaded on first use; nil after a change
	offsets map[int]bool // UTC offsets usage_daily is kept for (summary.go)

	warmAfter time.Duration
	warming   bool               // Start began the warm-up (it runs once)
	closed    bool               // Close was called: no warm-up starts
	stopWarm  context.CancelFunc // nil until Start
	warm      sync.WaitGroup
}

// NewService builds the service.
func NewService(d Deps) *Service {
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.Location == nil {
		d.Location = time.Local
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.WarmAfter == 0 {
		d.WarmAfter = 5 * time.Second
	}
	return &Service{db: d.DB, wss: d.Workspaces, log: d.Log, loc: d.Location, now: d.Now, offsets: map[int]bool{},
		warmAfter: d.WarmAfter}
}

// Start writes the preset prices the first time the app runs with this
// table (after that the user's table is theirs; RestorePresets brings the
// presets back), and builds the day sums of the device's time zone in the
// background, so that the Usage page's first summary after a move or a
// daylight-saving change does not wait for them (~1.4 s at a million calls,
// once per offset; other writes wait that long behind it, once).
func (s *Service) Start(ctx context.Context) error {
	if _, ok, err := s.db.GetSetting(ctx, presetsKey); err != nil {
		return err
	} else if !ok {
		if err := s.RestorePresets(ctx); err != nil {
			return err
		}
		if err := s.db.SetSetting(ctx, presetsKey, PresetsWritten); err != nil {
			return err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.warmAfter < 0 || s.warming || s.closed {
		return nil // once, and never after Close
	}
	s.warming = true
	ctx, cancel := context.WithCancel(ctx)
	s.stopWarm = cancel
	s.warm.Add(1)
	go func() {
		defer s.warm.Done()
		s.warmOffsets(ctx)
	}()
	return nil
}

// Close stops the background work and waits for it.
func (s *Service) Close() {
	s.mu.Lock()
	s.closed = true
	stop := s.stopWarm
	s.mu.Unlock()
	if stop != nil {
		stop()
	}
	s.warm.Wait()
}

// warmOffsets builds the day sums of every offset the zone has in the
// year around now (both sides of a daylight-saving change), once each.
func (s *Service) warmOffsets(ctx context.Context) {
	select {
	case <-ctx.Done():
		return
	case <-time.After(s.warmAfter):
	}
	now := s.now().In(s.loc)
	for m := -6; m <= 6; m++ {
		_, sec := now.AddDate(0, m, 0).Zone()
		if err := s.ensureOffset(ctx, sec/60); err != nil {
			if ctx.Err() == nil {
				s.log.Warn("build usage day sums", "offset_min", sec/60, "err", err)
			}
			return
		}
	}
}

const presetsKey = "usage.presetsWritten"
