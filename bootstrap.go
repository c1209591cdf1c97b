package main

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"bookbag/backend/apperr"
	"bookbag/backend/backup"
	"bookbag/backend/settings"
	"bookbag/backend/store"
	"bookbag/backend/workspace"
)

// The App's own bound methods for the first screen: the app's state, and
// the way out of a damaged database.

// formatError gives the frontend {code, message} for every error a bound
// method returns, and logs the unexpected ones. It is a JSON string: the
// Wails runtime rejects with new Error(formatted), which turns an object into
// "[object Object]" but keeps a string as the message (api/errors.ts parses it).
func (a *App) formatError(err error) any {
	code := apperr.CodeOf(err)
	if code == apperr.Internal {
		a.log.Error("internal error", "err", err)
	}
	b, _ := json.Marshal(map[string]string{"code": string(code), "message": apperr.MessageOf(err)})
	return string(b)
}

// Bootstrap is what the frontend needs to draw its first screen.
type Bootstrap struct {
	// State: ready, corrupt, newer_schema, not_writable, restore_incomplete or error.
	State              string                `json:"state"`
	Message            string                `json:"message"`
	DataDir            string                `json:"dataDir"`
	DatabasePath       string                `json:"databasePath"`
	Version            string                `json:"version"`
	Theme              string                `json:"theme"`
	SidebarCollapsed   bool                  `json:"sidebarCollapsed"`
	Identity           store.Identity        `json:"identity"`
	Workspaces         []workspace.Workspace `json:"workspaces"`
	CurrentWorkspaceID string                `json:"currentWorkspaceId"`
	FirstRun           bool                  `json:"firstRun"`
}

// Bootstrap opens the default workspace and reports the app's state.
func (a *App) Bootstrap() (Bootstrap, error) {
	a.log.Debug("bootstrap called", "since_start_ms", time.Since(processStart).Milliseconds())
	defer func() { a.log.Debug("bootstrap done", "since_start_ms", time.Since(processStart).Milliseconds()) }()
	b := Bootstrap{State: "ready", DataDir: a.dataDir, DatabasePath: filepath.Join(a.dataDir, store.FileName),
		Version: version, Theme: string(settings.ThemeSystem), Workspaces: []workspace.Workspace{}}
	if a.openErr != nil {
		var ce *store.CorruptError
		var nw *store.NotWritableError
		var inc *backup.IncompleteSwapError
		switch {
		case errors.As(a.openErr, &inc):
			b.State = "restore_incomplete"
		case errors.As(a.openErr, &ce):
			b.State = "corrupt"
		case errors.Is(a.openErr, store.ErrNewerSchema):
			b.State = "newer_schema"
		case errors.As(a.openErr, &nw):
			b.State = "not_writable"
		default:
			b.State = "error"
		}
		b.Message = a.openErr.Error()
		return b, nil
	}
	ctx := a.ctx
	def, err := a.workspaces.EnsureDefault(ctx)
	if err != nil {
		return b, err
	}
	if b.Workspaces, err = a.workspaces.List(ctx); err != nil {
		return b, err
	}
	b.CurrentWorkspaceID = def.ID
	if last, _ := a.settings.LastWorkspace(ctx); last != "" {
		for _, w := range b.Workspaces {
			if w.ID == last {
				b.CurrentWorkspaceID = last
			}
		}
	}
	theme, err := a.settings.Theme(ctx)
	if err != nil {
		return b, err
	}
	b.Theme = string(theme)
	if b.SidebarCollapsed, err = a.settings.SidebarCollapsed(ctx); err != nil {
		return b, err
	}
	b.Identity = a.db.Identity()
	providers, err := a.models.ProviderCount(ctx)
	if err != nil {
		return b, err
	}
	b.FirstRun = providers == 0
	return b, nil
}

// MoveDatabaseAside renames a damaged database (and its -wal/-shm files) to
// bookbag.db.damaged-<time> so a fresh one can be created. Nothing is deleted.
func (a *App) MoveDatabaseAside() (string, error) {
	var ce *store.CorruptError
	if !errors.As(a.openErr, &ce) {
		return "", apperr.New(apperr.Invalid, "the database is not damaged")
	}
	target := ce.Path + ".damaged-" + time.Now().Format("20060102-150405")
	if err := os.Rename(ce.Path, target); err != nil {
		return "", apperr.Wrap(err, apperr.Unavailable, "could not move %s aside", ce.Path)
	}
	for _, ext := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(ce.Path + ext); err == nil {
			os.Rename(ce.Path+ext, target+ext)
		}
	}
	a.log.Warn("moved damaged database aside", "from", ce.Path, "to", target)
	return target, nil
}

// Restart relaunches the app (after recovery) on the same data dir.
func (a *App) Restart() error {
	a.log.Info("restarting")
	if err := restartSelf(); err != nil {
		return apperr.Wrap(err, apperr.Internal, "could not restart BookBag")
	}
	runtime.Quit(a.ctx)
	return nil
}
