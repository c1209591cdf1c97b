package server

import (
	"context"
	"database/sql"
	"errors"
	"net/http"

	"bookbag/backend/syncproto"
)

// Policy is who may call a route. The middleware enforces it before any
// handler runs, and the authorization tests walk Routes() so that a new
// route is tested the moment it exists.
type Policy int

const (
	// Public: no authentication (health, setup, login, refresh).
	Public Policy = iota
	// Authenticated: any signed-in, enabled user.
	Authenticated
	// ServerAdmin: users whose server role is admin.
	ServerAdmin
	// WorkspaceMember: members of the {ws} workspace, any role. Everyone
	// else, server admins included, gets 404 as if it did not exist.
	WorkspaceMember
	// WorkspaceAdmin: admins of the {ws} workspace; members get 403.
	WorkspaceAdmin
)

func (p Policy) String() string {
	return [...]string{"public", "authenticated", "server admin", "workspace member", "workspace admin"}[p]
}

// Route is one endpoint: method, ServeMux pattern, policy and a name the
// tests key their sample requests by.
type Route struct {
	Method  string
	Pattern string
	Policy  Policy
	Name    string
	handle  handlerFunc
	upload  bool // body is a file, capped by MaxFileBytes instead of MaxBodyBytes
}

// Routes lists every endpoint of the API.
func (s *Server) Routes() []Route {
	return []Route{
		{Method: "GET", Pattern: "/healthz", Policy: Public, Name: "health", handle: s.handleHealth},
		{Method: "POST", Pattern: "/api/auth/setup", Policy: Public, Name: "setup", handle: s.handleSetup},
		{Method: "POST", Pattern: "/api/auth/login", Policy: Public, Name: "login", handle: s.handleLogin},
		{Method: "POST", Pattern: "/api/auth/refresh", Policy: Public, Name: "refresh", handle: s.handleRefresh},
		{Method: "POST", Pattern: "/api/auth/logout", Policy: Authenticated, Name: "logout", handle: s.handleLogout},
		{Method: "POST", Pattern: "/api/auth/logout-all", Policy: Authenticated, Name: "logoutAll", handle: s.handleLogoutAll},

		{Method: "GET", Pattern: "/api/me", Policy: Authenticated, Name: "me", handle: s.handleMe},
		{Method: "PATCH", Pattern: "/api/me", Policy: Authenticated, Name: "updateMe", handle: s.handleUpdateMe},
		{Method: "POST", Pattern: "/api/me/password", Policy: Authenticated, Name: "changePassword", handle: s.handleChangePassword},
		{Method: "GET", Pattern: "/api/me/invitations", Policy: Authenticated, Name: "myInvitations", handle: s.handleMyInvitations},
		{Method: "POST", Pattern: "/api/me/invitations/{id}/accept", Policy: Authenticated, Name: "acceptInvitation", handle: s.handleAcceptInvitation},
		{Method: "POST", Pattern: "/api/me/invitations/{id}/decline", Policy: Authenticated, Name: "declineInvitation", handle: s.handleDeclineInvitation},

		{Method: "GET", Pattern: "/api/admin/users", Policy: ServerAdmin, Name: "listUsers", handle: s.handleListUsers},
		{Method: "POST", Pattern: "/api/admin/users", Policy: ServerAdmin, Name: "createUser", handle: s.handleCreateUser},
		{Method: "PATCH", Pattern: "/api/admin/users/{user}", Policy: ServerAdmin, Name: "updateUser", handle: s.handleUpdateUser},
		{Method: "POST", Pattern: "/api/admin/users/{user}/password", Policy: ServerAdmin, Name: "resetPassword", handle: s.handleResetPassword},
		{Method: "GET", Pattern: "/api/admin/audit", Policy: ServerAdmin, Name: "audit", handle: s.handleAudit},
		{Method: "GET", Pattern: "/api/admin/usage", Policy: ServerAdmin, Name: "adminUsage", handle: s.handleAdminUsage},
		{Method: "GET", Pattern: "/api/admin/workspaces", Policy: ServerAdmin, Name: "adminWorkspaces", handle: s.handleAdminWorkspaces},
		// {workspace}, not {ws}: these reach any workspace without membership.
		{Method: "PUT", Pattern: "/api/admin/workspaces/{workspace}/quota", Policy: ServerAdmin, Name: "setQuota", handle: s.handleSetQuota},
		{Method: "GET", Pattern: "/api/admin/workspaces/{workspace}/members", Policy: ServerAdmin, Name: "adminMembers", handle: s.handleAdminMembers},
		{Method: "PATCH", Pattern: "/api/admin/workspaces/{workspace}/members/{user}", Policy: ServerAdmin, Name: "adminSetMemberRole", handle: s.handleAdminSetMemberRole},
		{Method: "GET", Pattern: "/api/admin/settings", Policy: ServerAdmin, Name: "settings", handle: s.handleGetSettings},
		{Method: "PATCH", Pattern: "/api/admin/settings", Policy: ServerAdmin, Name: "updateSettings", handle: s.handlePatchSettings},

		{Method: "GET", Pattern: "/api/workspaces", Policy: Authenticated, Name: "listWorkspaces", handle: s.handleListWorkspaces},
		{Method: "POST", Pattern: "/api/workspaces", Policy: Authenticated, Name: "createWorkspace", handle: s.handleCreateWorkspace},
		{Method: "GET", Pattern: "/api/workspaces/{ws}", Policy: WorkspaceMember, Name: "getWorkspace", handle: s.handleGetWorkspace},
		{Method: "DELETE", Pattern: "/api/workspaces/{ws}", Policy: WorkspaceAdmin, Name: "deleteWorkspace", handle: s.handleDeleteWorkspace},
		{Method: "GET", Pattern: "/api/workspaces/{ws}/members", Policy: WorkspaceMember, Name: "members", handle: s.handleMembers},
		{Method: "PATCH", Pattern: "/api/workspaces/{ws}/members/{user}", Policy: WorkspaceAdmin, Name: "setMemberRole", handle: s.handleSetMemberRole},
		{Method: "DELETE", Pattern: "/api/workspaces/{ws}/members/{user}", Policy: WorkspaceAdmin, Name: "removeMember", handle: s.handleRemoveMember},
		{Method: "POST", Pattern: "/api/workspaces/{ws}/leave", Policy: WorkspaceMember, Name: "leave", handle: s.handleLeave},
		{Method: "POST", Pattern: "/api/workspaces/{ws}/invitations", Policy: WorkspaceAdmin, Name: "invite", handle: s.handleInvite},
		{Method: "DELETE", Pattern: "/api/workspaces/{ws}/invitations/{id}", Policy: WorkspaceAdmin, Name: "revokeInvitation", handle: s.handleRevokeInvitation},
		{Method: "GET", Pattern: "/api/workspaces/{ws}/audit", Policy: WorkspaceAdmin, Name: "workspaceAudit", handle: s.handleWorkspaceAudit},

		{Method: "POST", Pattern: "/api/workspaces/{ws}/push", Policy: WorkspaceMember, Name: "push", handle: s.handlePush},
		{Method: "GET", Pattern: "/api/workspaces/{ws}/pull", Policy: WorkspaceMember, Name: "pull", handle: s.handlePull},
		{Method: "GET", Pattern: "/api/workspaces/{ws}/wait", Policy: WorkspaceMember, Name: "wait", handle: s.handleWait},
		{Method: "GET", Pattern: "/api/workspaces/{ws}/events", Policy: WorkspaceMember, Name: "events", handle: s.handleEvents},
		{Method: "POST", Pattern: "/api/workspaces/{ws}/usage", Policy: WorkspaceMember, Name: "pushUsage", handle: s.handlePushUsage},
		{Method: "GET", Pattern: "/api/workspaces/{ws}/usage", Policy: WorkspaceAdmin, Name: "workspaceUsage", handle: s.handleWorkspaceUsage},
		{Method: "POST", Pattern: "/api/workspaces/{ws}/files/missing", Policy: WorkspaceMember, Name: "filesMissing", handle: s.handleFilesMissing},
		{Method: "PUT", Pattern: "/api/workspaces/{ws}/files/{sha}", Policy: WorkspaceMember, Name: "uploadFile", handle: s.handleUploadFile, upload: true},
		{Method: "GET", Pattern: "/api/workspaces/{ws}/files/{sha}", Policy: WorkspaceMember, Name: "downloadFile", handle: s.handleDownloadFile},
	}
}

func (s *Server) buildMux() *http.ServeMux {
	mux := http.NewServeMux()
	for _, rt := range s.Routes() {
		mux.Handle(rt.Method+" "+rt.Pattern, s.wrap(rt))
	}
	mux.Handle("/", s.wrap(Route{Policy: Public, handle: func(context.Context, *call) error {
		return errNotFound("no such endpoint")
	}}))
	return mux
}

// wrap caps the body, enforces the route's policy and runs the handler.
func (s *Server) wrap(rt Route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		limit := s.cfg.MaxBodyBytes
		var err error
		if rt.upload { // a runtime setting: read per upload
			limit, err = s.maxFileBytes(ctx)
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		c := &call{w: w, r: r, addr: s.clientAddr(r), limit: limit}
		if err == nil {
			err = checkEncoding(r, rt.upload)
		}
		if err == nil {
			err = s.authorize(ctx, c, rt.Policy)
		}
		if err == nil {
			err = rt.handle(ctx, c)
		}
		if err != nil {
			s.writeError(c, err)
		}
	})
}

// authorize checks the bearer token and the policy, filling c.user and,
// for workspace routes, c.ws and c.wsRole.
func (s *Server) authorize(ctx context.Context, c *call, p Policy) error {
	if p == Public {
		return nil
	}
	if err := s.authenticate(ctx, c); err != nil {
		return err
	}
	switch p {
	case ServerAdmin:
		if c.user.Role != syncproto.RoleAdmin {
			return errForbidden("server admins only")
		}
	case WorkspaceMember, WorkspaceAdmin:
		c.ws = c.r.PathValue("ws")
		role, err := s.memberRole(ctx, s.db.Reader(), c.ws, c.user.ID)
		if err != nil {
			return err
		}
		c.wsRole = role
		if p == WorkspaceAdmin && role != syncproto.RoleAdmin {
			return errForbidden("workspace admins only")
		}
	}
	return nil
}

// memberRole is the user's role in a live workspace, or the not-found
// error every non-member gets.
func (s *Server) memberRole(ctx context.Context, q queryer, ws, userID string) (string, error) {
	var role string
	err := q.QueryRowContext(ctx, `SELECT m.role FROM members m JOIN workspaces w ON w.id = m.workspace_id
		WHERE m.workspace_id = $1 AND m.user_id = $2 AND w.deleted_at IS NULL`, ws, userID).Scan(&role)
	if errors.Is(err, sql.ErrNoRows) {
		return "", errNotFound(msgNoWorkspace)
	}
	if err != nil {
		return "", err
	}
	return role, nil
}

func (s *Server) handleHealth(ctx context.Context, c *call) error {
	if err := s.db.Reader().PingContext(ctx); err != nil {
		return errf(http.StatusServiceUnavailable, syncproto.CodeUnavailable, "database unavailable")
	}
	return c.ok(map[string]any{"ok": true, "db": s.db.Kind()})
}
