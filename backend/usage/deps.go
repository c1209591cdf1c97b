package usage

import (
	"context"
	"log/slog"
	"time"

	"bookbag/backend/store"
)

// Workspaces names workspaces for the page and the CSV (the workspace
// domain); a deleted one is missing and shows as its id.
type Workspaces interface {
	Names(ctx context.Context) (map[string]string, error)
}

// Deps are the collaborators of Service.
type Deps struct {
	DB         *store.DB
	Workspaces Workspaces
	Log        *slog.Logger
	// Location is the time zone of budget months; nil is time.Local (the
	// device's zone, the one the webview reports too).
	Location *time.Location
	// Now is the clock (tests); nil is time.Now.
	Now func() time.Time
	// WarmAfter is how long after Start the day sums for Location's
	// offsets are built in the background (0: 5 s, out of startup's way;
	// negative: never, for benchmarks that time the first build).
	WarmAfter time.Duration
}
