package models

import (
	"context"

	"bookbag/backend/llm"
)

// API is the bound ModelService: thin wrappers over Service with the app's
// context. Nothing it returns carries an API key.
type API struct {
	ctx func() context.Context
	svc *Service
}

// NewAPI wraps svc for binding.
func NewAPI(ctx func() context.Context, svc *Service) *API { return &API{ctx: ctx, svc: svc} }

func (a *API) Presets() []llm.Preset   { return llm.Presets() }
func (a *API) Keychain() KeychainState { return a.svc.Keychain(a.ctx()) }

func (a *API) ListProviders() ([]Provider, error) { return a.svc.ListProviders(a.ctx()) }
func (a *API) AddProvider(in ProviderInput) (Provider, error) {
	return a.svc.AddProvider(a.ctx(), in)
}
func (a *API) UpdateProvider(id string, in ProviderInput) (Provider, error) {
	return a.svc.UpdateProvider(a.ctx(), id, in)
}
func (a *API) SetProviderEnabled(id string, enabled bool) (Provider, error) {
	return a.svc.SetProviderEnabled(a.ctx(), id, enabled)
}
func (a *API) RemoveProvider(id string) error             { return a.svc.RemoveProvider(a.ctx(), id) }
func (a *API) TestProvider(id string) (TestResult, error) { return a.svc.TestProvider(a.ctx(), id) }
func (a *API) RefreshModels(id string) ([]Model, error)   { return a.svc.RefreshModels(a.ctx(), id) }

func (a *API) ListModels(providerID string) ([]Model, error) {
	return a.svc.ListModels(a.ctx(), providerID)
}
func (a *API) EnabledModels() ([]Model, error) { return a.svc.EnabledModels(a.ctx()) }
func (a *API) SetModelEnabled(id string, enabled bool) error {
	return a.svc.SetModelEnabled(a.ctx(), id, enabled)
}
func (a *API) Defaults() (Defaults, error)                       { return a.svc.Defaults(a.ctx()) }
func (a *API) SetDefaults(d Defaults) (Defaults, error)          { return a.svc.SetDefaults(a.ctx(), d) }
func (a *API) ParamSupport(ref string) (llm.ParamSupport, error) { return a.svc.ParamSupport(ref) }

func (a *API) PullModel(providerID, model string) error {
	return a.svc.PullModel(a.ctx(), providerID, model)
}
func (a *API) CancelPull(providerID, model string) error { return a.svc.CancelPull(providerID, model) }
func (a *API) DeleteLocalModel(providerID, model string) error {
	return a.svc.DeleteLocalModel(a.ctx(), providerID, model)
}

func (a *API) ListProfiles(workspaceID string) ([]Profile, error) {
	return a.svc.ListProfiles(a.ctx(), workspaceID)
}
func (a *API) SaveProfile(p Profile) (Profile, error) { return a.svc.SaveProfile(a.ctx(), p) }
func (a *API) DeleteProfile(id string) error          { return a.svc.DeleteProfile(a.ctx(), id) }

func (a *API) ListTemplates(workspaceID string) ([]Template, error) {
	return a.svc.ListTemplates(a.ctx(), workspaceID)
}
func (a *API) SaveTemplate(t Template) (Template, error) { return a.svc.SaveTemplate(a.ctx(), t) }
func (a *API) DeleteTemplate(id string) error            { return a.svc.DeleteTemplate(a.ctx(), id) }

// RenderTemplate fills a template's variables for insertion in the composer.
func (a *API) RenderTemplate(id string, values map[string]string) (string, error) {
	t, err := a.svc.GetTemplate(a.ctx(), id)
	if err != nil {
		return "", err
	}
	return Render(t.Body, values)
}
