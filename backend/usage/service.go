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
	return &Service{db: d.DB, wss: d.Workspaces, log: d.Log, loc: d.Location, now: d.Now, offsets: map[int]bool{}}
}

// Start writes the preset prices the first time the app runs with this
// table; after that the user's table is theirs (RestorePresets brings the
// presets back).
func (s *Service) Start(ctx context.Context) error {
	if _, ok, err := s.db.GetSetting(ctx, presetsKey); err != nil || ok {
		return err
	}
	if err := s.RestorePresets(ctx); err != nil {
		return err
	}
	return s.db.SetSetting(ctx, presetsKey, PresetsWritten)
}

const presetsKey = "usage.presetsWritten"
