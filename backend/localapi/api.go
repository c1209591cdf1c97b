package localapi

import (
	"context"

	"bookbag/backend/apperr"
)

// API is what the Settings page calls (bound to the webview). Without a
// database (the recovery screen) every call says so.
type API struct {
	ctx func() context.Context
	svc *Service
}

// NewAPI binds svc (nil when the database could not be opened).
func NewAPI(ctx func() context.Context, svc *Service) *API { return &API{ctx: ctx, svc: svc} }

func (a *API) ready() error {
	if a.svc == nil {
		return apperr.New(apperr.Unavailable, "the local API needs the database, which could not be opened")
	}
	return nil
}

// Status says whether the server runs, its URL and why it does not.
func (a *API) Status() (Status, error) {
	if err := a.ready(); err != nil {
		return Status{}, err
	}
	return a.svc.Status(), nil
}

// SetConfig saves the configuration and starts, moves or stops the server.
func (a *API) SetConfig(c Config) (Status, error) {
	if err := a.ready(); err != nil {
		return Status{}, err
	}
	return a.svc.SetConfig(a.ctx(), c)
}

// CreateToken makes a token; its secret is in the answer and nowhere else.
func (a *API) CreateToken(in TokenInput) (NewToken, error) {
	if err := a.ready(); err != nil {
		return NewToken{}, err
	}
	return a.svc.CreateToken(a.ctx(), in)
}

// ListTokens lists the tokens (prefixes only), revoked ones too.
func (a *API) ListTokens() ([]Token, error) {
	if err := a.ready(); err != nil {
		return nil, err
	}
	return a.svc.ListTokens(a.ctx())
}

// RevokeToken stops a token at once.
func (a *API) RevokeToken(id string) error {
	if err := a.ready(); err != nil {
		return err
	}
	return a.svc.RevokeToken(a.ctx(), id)
}

// RecentRequests pages through the recorded requests, newest first.
func (a *API) RecentRequests(offset, limit int) (RequestPage, error) {
	if err := a.ready(); err != nil {
		return RequestPage{}, err
	}
	return a.svc.RecentRequests(a.ctx(), offset, limit)
}
