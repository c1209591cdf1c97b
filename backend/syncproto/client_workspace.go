package syncproto

import (
	"context"
	"net/http"
	"net/url"
)

func wsPath(ws string, rest string) string { return "/api/workspaces/" + url.PathEscape(ws) + rest }

// CreateWorkspace makes a shared workspace with the desktop's id; the caller
// becomes its admin.
func (c *Client) CreateWorkspace(ctx context.Context, req CreateWorkspaceRequest) (Workspace, error) {
	var w Workspace
	err := c.do(ctx, request{method: http.MethodPost, path: "/api/workspaces", body: req, auth: true, out: &w})
	return w, err
}

// Workspaces lists the workspaces the caller is a member of.
func (c *Client) Workspaces(ctx context.Context) ([]Workspace, error) {
	var out []Workspace
	err := c.do(ctx, request{method: http.MethodGet, path: "/api/workspaces", auth: true, out: &out})
	return out, err
}

// Workspace returns one workspace the caller is a member of.
func (c *Client) Workspace(ctx context.Context, ws string) (Workspace, error) {
	var w Workspace
	err := c.do(ctx, request{method: http.MethodGet, path: wsPath(ws, ""), auth: true, out: &w})
	return w, err
}

// DeleteWorkspace removes a workspace and everything in it from the server
// (workspace admins). Desktop copies stay.
func (c *Client) DeleteWorkspace(ctx context.Context, ws string) error {
	return c.do(ctx, request{method: http.MethodDelete, path: wsPath(ws, ""), auth: true})
}

// Members lists a workspace's members (and, for admins, pending invitations).
func (c *Client) Members(ctx context.Context, ws string) (MembersResponse, error) {
	var out MembersResponse
	err := c.do(ctx, request{method: http.MethodGet, path: wsPath(ws, "/members"), auth: true, out: &out})
	return out, err
}

// Invite invites an email address (workspace admins).
func (c *Client) Invite(ctx context.Context, ws string, req InviteRequest) (Invitation, error) {
	var out Invitation
	err := c.do(ctx, request{method: http.MethodPost, path: wsPath(ws, "/invitations"), body: req, auth: true, out: &out})
	return out, err
}

// RevokeInvitation withdraws a pending invitation (workspace admins).
func (c *Client) RevokeInvitation(ctx context.Context, ws, id string) error {
	return c.do(ctx, request{method: http.MethodDelete, path: wsPath(ws, "/invitations/"+url.PathEscape(id)), auth: true})
}

// SetMemberRole changes a member's role (workspace admins).
func (c *Client) SetMemberRole(ctx context.Context, ws, userID, role string) (Member, error) {
	var out Member
	err := c.do(ctx, request{method: http.MethodPatch, path: wsPath(ws, "/members/"+url.PathEscape(userID)),
		body: SetRoleRequest{Role: role}, auth: true, out: &out})
	return out, err
}

// RemoveMember removes a member (workspace admins).
func (c *Client) RemoveMember(ctx context.Context, ws, userID string) error {
	return c.do(ctx, request{method: http.MethodDelete, path: wsPath(ws, "/members/"+url.PathEscape(userID)), auth: true})
}

// Leave removes the caller from a workspace.
func (c *Client) Leave(ctx context.Context, ws string) error {
	return c.do(ctx, request{method: http.MethodPost, path: wsPath(ws, "/leave"), auth: true})
}

// WorkspaceAudit reads a workspace's audit log, newest first (workspace admins).
func (c *Client) WorkspaceAudit(ctx context.Context, ws, before string, limit int) (AuditPage, error) {
	var out AuditPage
	err := c.do(ctx, request{method: http.MethodGet, path: wsPath(ws, "/audit"), query: pageQuery(before, limit),
		auth: true, out: &out})
	return out, err
}
