package workspace

import "context"

// API is the bound WorkspaceService: thin, context from the app. Every call
// that reads or writes a workspace's data takes its id explicitly.
type API struct {
	ctx func() context.Context
	svc *Service
}

// NewAPI wraps svc for binding.
func NewAPI(ctx func() context.Context, svc *Service) *API { return &API{ctx: ctx, svc: svc} }

// List returns the live workspaces (archived ones included, with archivedAt set).
func (a *API) List() ([]Workspace, error) { return a.svc.List(a.ctx()) }

// Get returns one workspace.
func (a *API) Get(id string) (Workspace, error) { return a.svc.Get(a.ctx(), id) }

// Create makes a workspace with the default settings.
func (a *API) Create(in Input) (Workspace, error) { return a.svc.Create(a.ctx(), in) }

// Update renames a workspace and sets its icon and colour.
func (a *API) Update(id string, in Input) (Workspace, error) { return a.svc.Update(a.ctx(), id, in) }

// SetArchived hides a workspace from the switcher, or shows it again.
func (a *API) SetArchived(id string, archived bool) (Workspace, error) {
	return a.svc.SetArchived(a.ctx(), id, archived)
}

// Delete removes a workspace from every list and returns an undo token.
func (a *API) Delete(id string) (string, error) { return a.svc.Delete(a.ctx(), id) }

// UndoDelete brings back a workspace deleted within the undo window.
func (a *API) UndoDelete(token string) (Workspace, error) { return a.svc.UndoDelete(a.ctx(), token) }

// SetLastUsed remembers the open workspace (it reopens on start).
func (a *API) SetLastUsed(id string) error { return a.svc.SetLastUsed(a.ctx(), id) }

// Settings returns a workspace's settings.
func (a *API) Settings(workspaceID string) (Settings, error) {
	return a.svc.Settings(a.ctx(), workspaceID)
}

// UpdateSettings saves a workspace's settings and says what the change started.
func (a *API) UpdateSettings(st Settings) (SettingsChange, error) {
	return a.svc.UpdateSettings(a.ctx(), st)
}

// ReindexDocuments indexes every document of the workspace again.
func (a *API) ReindexDocuments(workspaceID string) (int, error) {
	return a.svc.ReindexDocuments(a.ctx(), workspaceID)
}

// AllowedModels returns the model refs the workspace allows (empty: all).
func (a *API) AllowedModels(workspaceID string) ([]string, error) {
	return a.svc.AllowedModels(a.ctx(), workspaceID)
}

// SetAllowedModels replaces the models the workspace allows.
func (a *API) SetAllowedModels(workspaceID string, refs []string) ([]string, error) {
	return a.svc.SetAllowedModels(a.ctx(), workspaceID, refs)
}

// Overview counts a workspace's contents and recent token usage.
func (a *API) Overview(workspaceID string) (Overview, error) {
	return a.svc.Overview(a.ctx(), workspaceID)
}
