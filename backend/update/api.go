package update

import "context"

// API is the bound update service for the Settings page.
type API struct {
	ctx func() context.Context
	svc *Service
}

// NewAPI wraps svc for binding.
func NewAPI(ctx func() context.Context, svc *Service) *API { return &API{ctx: ctx, svc: svc} }

// GetSettings returns the channel and the URL and key overrides.
func (a *API) GetSettings() (Settings, error) { return a.svc.GetSettings(a.ctx()) }

// SetSettings stores them.
func (a *API) SetSettings(st Settings) (Settings, error) { return a.svc.SetSettings(a.ctx(), st) }

// CheckForUpdate fetches and verifies the channel's manifest.
func (a *API) CheckForUpdate() (Check, error) { return a.svc.Check(a.ctx()) }

// ApplyUpdate installs the newer version, or returns the package's link.
func (a *API) ApplyUpdate() (Applied, error) { return a.svc.Apply(a.ctx()) }

// CancelUpdate stops a running install before the program is replaced;
// false when none runs.
func (a *API) CancelUpdate() (bool, error) { return a.svc.Cancel(), nil }
