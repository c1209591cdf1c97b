package syncproto

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
)

// Health reports whether the server answers.
func (c *Client) Health(ctx context.Context) error {
	return c.do(ctx, request{method: http.MethodGet, path: "/healthz"})
}

// Setup creates the first server admin with the printed setup token and
// signs in.
func (c *Client) Setup(ctx context.Context, req SetupRequest) (Tokens, error) {
	var t Tokens
	if err := c.do(ctx, request{method: http.MethodPost, path: "/api/auth/setup", body: req, out: &t}); err != nil {
		return Tokens{}, err
	}
	c.storeTokens(t)
	return t, nil
}

// Login signs in and keeps the tokens.
func (c *Client) Login(ctx context.Context, req LoginRequest) (Tokens, error) {
	var t Tokens
	if err := c.do(ctx, request{method: http.MethodPost, path: "/api/auth/login", body: req, out: &t}); err != nil {
		return Tokens{}, err
	}
	c.storeTokens(t)
	return t, nil
}

// Refresh trades the refresh token for new tokens now.
func (c *Client) Refresh(ctx context.Context) (Tokens, error) {
	if err := c.refresh(ctx, c.Tokens().AccessToken); err != nil {
		return Tokens{}, err
	}
	return c.Tokens(), nil
}

// Logout ends this session on the server and forgets the tokens.
func (c *Client) Logout(ctx context.Context) error {
	err := c.do(ctx, request{method: http.MethodPost, path: "/api/auth/logout", auth: true})
	c.storeTokens(Tokens{})
	return err
}

// LogoutAll ends every session of the user, this one included.
func (c *Client) LogoutAll(ctx context.Context) error {
	err := c.do(ctx, request{method: http.MethodPost, path: "/api/auth/logout-all", auth: true})
	c.storeTokens(Tokens{})
	return err
}

// Me returns the signed-in user.
func (c *Client) Me(ctx context.Context) (User, error) {
	var u User
	err := c.do(ctx, request{method: http.MethodGet, path: "/api/me", auth: true, out: &u})
	return u, err
}

// UpdateMe changes the signed-in user's display name.
func (c *Client) UpdateMe(ctx context.Context, req UpdateMeRequest) (User, error) {
	var u User
	err := c.do(ctx, request{method: http.MethodPatch, path: "/api/me", body: req, auth: true, out: &u})
	return u, err
}

// ChangePassword changes the signed-in user's password; other sessions end.
func (c *Client) ChangePassword(ctx context.Context, req ChangePasswordRequest) error {
	return c.do(ctx, request{method: http.MethodPost, path: "/api/me/password", body: req, auth: true})
}

// MyInvitations lists the invitations addressed to the signed-in user.
func (c *Client) MyInvitations(ctx context.Context) ([]Invitation, error) {
	var out []Invitation
	err := c.do(ctx, request{method: http.MethodGet, path: "/api/me/invitations", auth: true, out: &out})
	return out, err
}

// AcceptInvitation joins the invitation's workspace.
func (c *Client) AcceptInvitation(ctx context.Context, id string) (Workspace, error) {
	var w Workspace
	err := c.do(ctx, request{method: http.MethodPost, path: "/api/me/invitations/" + url.PathEscape(id) + "/accept",
		auth: true, out: &w})
	return w, err
}

// DeclineInvitation drops an invitation addressed to the signed-in user.
func (c *Client) DeclineInvitation(ctx context.Context, id string) error {
	return c.do(ctx, request{method: http.MethodPost, path: "/api/me/invitations/" + url.PathEscape(id) + "/decline",
		auth: true})
}

// ListUsers lists every account (server admins).
func (c *Client) ListUsers(ctx context.Context) ([]User, error) {
	var out []User
	err := c.do(ctx, request{method: http.MethodGet, path: "/api/admin/users", auth: true, out: &out})
	return out, err
}

// CreateUser creates an account (server admins).
func (c *Client) CreateUser(ctx context.Context, req CreateUserRequest) (CreateUserResponse, error) {
	var out CreateUserResponse
	err := c.do(ctx, request{method: http.MethodPost, path: "/api/admin/users", body: req, auth: true, out: &out})
	return out, err
}

// UpdateUser changes an account's name, server role or disabled flag
// (server admins). Disabling ends the user's sessions.
func (c *Client) UpdateUser(ctx context.Context, userID string, req UpdateUserRequest) (User, error) {
	var out User
	err := c.do(ctx, request{method: http.MethodPatch, path: "/api/admin/users/" + url.PathEscape(userID),
		body: req, auth: true, out: &out})
	return out, err
}

// ResetPassword sets a user's password (server admins).
func (c *Client) ResetPassword(ctx context.Context, userID string, req ResetPasswordRequest) (ResetPasswordResponse, error) {
	var out ResetPasswordResponse
	err := c.do(ctx, request{method: http.MethodPost, path: "/api/admin/users/" + url.PathEscape(userID) + "/password",
		body: req, auth: true, out: &out})
	return out, err
}

// Audit reads the server's audit log, newest first (server admins). Pass the
// previous page's Next as before; limit 0 means the server's default.
func (c *Client) Audit(ctx context.Context, before string, limit int) (AuditPage, error) {
	var out AuditPage
	err := c.do(ctx, request{method: http.MethodGet, path: "/api/admin/audit", query: pageQuery(before, limit),
		auth: true, out: &out})
	return out, err
}

func pageQuery(before string, limit int) url.Values {
	q := url.Values{}
	if before != "" {
		q.Set("before", before)
	}
	if limit > 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	return q
}
