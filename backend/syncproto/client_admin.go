package syncproto

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
)

// PushUsage sends usage events of one workspace made by the caller
// (members). Re-sending an event the server has is harmless.
func (c *Client) PushUsage(ctx context.Context, ws string, req UsagePushRequest) (UsagePushResponse, error) {
	var out UsagePushResponse
	err := c.do(ctx, request{method: http.MethodPost, path: wsPath(ws, "/usage"), body: req, auth: true, out: &out})
	return out, err
}

// WorkspaceUsage reads one workspace's usage per member, model and day
// (workspace admins).
func (c *Client) WorkspaceUsage(ctx context.Context, ws string, q UsageQuery) (UsageReport, error) {
	var out UsageReport
	err := c.do(ctx, request{method: http.MethodGet, path: wsPath(ws, "/usage"), query: usageQuery(q), auth: true, out: &out})
	return out, err
}

// AdminUsage reads usage across the server, or of q.Workspace (server admins).
func (c *Client) AdminUsage(ctx context.Context, q UsageQuery) (UsageReport, error) {
	var out UsageReport
	err := c.do(ctx, request{method: http.MethodGet, path: "/api/admin/usage", query: usageQuery(q), auth: true, out: &out})
	return out, err
}

// AdminWorkspaces lists every workspace with its storage and quota (server admins).
func (c *Client) AdminWorkspaces(ctx context.Context) ([]AdminWorkspace, error) {
	var out []AdminWorkspace
	err := c.do(ctx, request{method: http.MethodGet, path: "/api/admin/workspaces", auth: true, out: &out})
	return out, err
}

// SetWorkspaceQuota sets one workspace's storage quota (server admins).
func (c *Client) SetWorkspaceQuota(ctx context.Context, ws string, req SetQuotaRequest) (AdminWorkspace, error) {
	var out AdminWorkspace
	err := c.do(ctx, request{method: http.MethodPut, path: "/api/admin/workspaces/" + url.PathEscape(ws) + "/quota",
		body: req, auth: true, out: &out})
	return out, err
}

// AdminMembers lists the members of any workspace (server admins).
func (c *Client) AdminMembers(ctx context.Context, ws string) (MembersResponse, error) {
	var out MembersResponse
	err := c.do(ctx, request{method: http.MethodGet, path: "/api/admin/workspaces/" + url.PathEscape(ws) + "/members",
		auth: true, out: &out})
	return out, err
}

// AdminSetMemberRole changes a member's role in any workspace (server admins).
func (c *Client) AdminSetMemberRole(ctx context.Context, ws, userID, role string) (Member, error) {
	var out Member
	err := c.do(ctx, request{method: http.MethodPatch,
		path: "/api/admin/workspaces/" + url.PathEscape(ws) + "/members/" + url.PathEscape(userID),
		body: SetRoleRequest{Role: role}, auth: true, out: &out})
	return out, err
}

// AuditFiltered reads the server's audit log with filters (server admins).
func (c *Client) AuditFiltered(ctx context.Context, f AuditFilter) (AuditPage, error) {
	q := pageQuery(f.Before, f.Limit)
	setIf(q, "actor", f.Actor)
	setIf(q, "action", f.Action)
	setIf(q, "workspace", f.Workspace)
	setMs(q, "from", f.From)
	setMs(q, "to", f.To)
	var out AuditPage
	err := c.do(ctx, request{method: http.MethodGet, path: "/api/admin/audit", query: q, auth: true, out: &out})
	return out, err
}

// ServerSettings reads the settings a server admin may change at runtime.
func (c *Client) ServerSettings(ctx context.Context) (ServerSettings, error) {
	var out ServerSettings
	err := c.do(ctx, request{method: http.MethodGet, path: "/api/admin/settings", auth: true, out: &out})
	return out, err
}

// UpdateServerSettings changes some of them and returns them all.
func (c *Client) UpdateServerSettings(ctx context.Context, p ServerSettingsPatch) (ServerSettings, error) {
	var out ServerSettings
	err := c.do(ctx, request{method: http.MethodPatch, path: "/api/admin/settings", body: p, auth: true, out: &out})
	return out, err
}

func usageQuery(q UsageQuery) url.Values {
	v := url.Values{}
	setMs(v, "from", q.From)
	setMs(v, "to", q.To)
	setIf(v, "tz", q.TZ)
	setIf(v, "workspace", q.Workspace)
	return v
}

func setIf(v url.Values, key, val string) {
	if val != "" {
		v.Set(key, val)
	}
}

func setMs(v url.Values, key string, ms int64) {
	if ms != 0 {
		v.Set(key, strconv.FormatInt(ms, 10))
	}
}
