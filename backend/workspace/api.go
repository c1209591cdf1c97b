package workspace

import "context"

// API is the bound WorkspaceService: thin, context from the app.
type API struct {
	ctx func() context.Context
	svc *Service
}

// NewAPI wraps svc for binding.
func NewAPI(ctx func() context.Context, svc *Service) *API { return &API{ctx: ctx, svc: svc} }

// List returns the live workspaces.
func (a *API) List() ([]Workspace, error) { return a.svc.List(a.ctx()) }

// Get returns one workspace.
func (a *API) Get(id string) (Workspace, error) { return a.svc.Get(a.ctx(), id) }

// Settings returns a workspace's settings.
func (a *API) Settings(workspaceID string) (Settings, error) {
	return a.svc.Settings(a.ctx(), workspaceID)
}
