package localapi

import "context"

// API is what the Settings page calls (bound to the webview).
type API struct {
	ctx func() context.Context
	svc *Service
}

// NewAPI binds svc for the webview.
func NewAPI(ctx func() context.Context, svc *Service) *API { return &API{ctx: ctx, svc: svc} }

// Status says whether the server runs, its URL and why it does not.
func (a *API) Status() (Status, error) { return a.svc.Status(), nil }

// SetConfig saves the configuration and starts, moves or stops the server.
func (a *API) SetConfig(c Config) (Status, error) { return a.svc.SetConfig(a.ctx(), c) }

// CreateToken makes a token; its secret is in the answer and nowhere else.
func (a *API) CreateToken(in TokenInput) (NewToken, error) { return a.svc.CreateToken(a.ctx(), in) }

// ListTokens lists the tokens (prefixes only), revoked ones too.
func (a *API) ListTokens() ([]Token, error) { return a.svc.ListTokens(a.ctx()) }

// RevokeToken stops a token at once.
func (a *API) RevokeToken(id string) error { return a.svc.RevokeToken(a.ctx(), id) }

// RecentRequests pages through the recorded requests, newest first.
func (a *API) RecentRequests(offset, limit int) (RequestPage, error) {
	return a.svc.RecentRequests(a.ctx(), offset, limit)
}
