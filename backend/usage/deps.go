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
}
