package server

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"bookbag/backend/syncproto"
)

// wsLock is a workspace's sequence and own quota (0: the default), read
// under its row lock.
type wsLock struct {
	seq, quota int64
}

// lockWorkspace takes the workspace row's lock for the rest of tx. Every
// transaction that assigns sequences or changes usage or membership takes it
// first, so on PostgreSQL they run one at a time per workspace and commit in
// sequence order; on SQLite the single writer already does that.
func (s *Server) lockWorkspace(ctx context.Context, tx *sql.Tx, ws string) (wsLock, error) {
	var l wsLock
	err := tx.QueryRowContext(ctx, `UPDATE workspaces SET seq = seq WHERE id = $1 AND deleted_at IS NULL
		RETURNING seq, quota_bytes`, ws).Scan(&l.seq, &l.quota)
	if errors.Is(err, sql.ErrNoRows) {
		return l, errNotFound(msgNoWorkspace)
	}
	if err != nil {
		return l, fmt.Errorf("lock workspace: %w", err)
	}
	return l, nil
}

// validRowID accepts the ids the desktop makes (UUIDv7) and similar
// opaque ids, never anything that could be a path or carry markup.
func validRowID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for _, r := range id {
		if !(r == '-' || r == '_' || r == '.' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

func (s *Server) workspaceFor(ctx context.Context, q queryer, ws, userID string) (syncproto.Workspace, error) {
	var w syncproto.Workspace
	err := q.QueryRowContext(ctx, `SELECT w.id, w.name, m.role, w.seq, w.quota_bytes, w.created_at, w.created_by
		FROM workspaces w JOIN members m ON m.workspace_id = w.id AND m.user_id = $2
		WHERE w.id = $1 AND w.deleted_at IS NULL`, ws, userID).
		Scan(&w.ID, &w.Name, &w.Role, &w.Head, &w.QuotaBytes, &w.CreatedAt, &w.CreatedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return w, errNotFound(msgNoWorkspace)
	}
	if err != nil {
		return w, fmt.Errorf("load workspace: %w", err)
	}
	return w, s.fillStorage(ctx, q, &w)
}

// fillStorage sets a workspace's storage used and the quota that applies.
func (s *Server) fillStorage(ctx context.Context, q queryer, w *syncproto.Workspace) error {
	use, err := s.storage(ctx, q, w.ID)
	if err != nil {
		return err
	}
	w.UsageBytes = use.bytes
	w.QuotaBytes, err = s.quota(ctx, q, w.QuotaBytes)
	return err
}

func (s *Server) handleListWorkspaces(ctx context.Context, c *call) error {
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT w.id, w.name, m.role, w.seq, w.quota_bytes, w.created_at, w.created_by
		FROM workspaces w JOIN members m ON m.workspace_id = w.id
		WHERE m.user_id = $1 AND w.deleted_at IS NULL ORDER BY w.name, w.id`, c.user.ID)
	if err != nil {
		return fmt.Errorf("list workspaces: %w", err)
	}
	defer rows.Close()
	out := []syncproto.Workspace{}
	for rows.Next() {
		var w syncproto.Workspace
		if err := rows.Scan(&w.ID, &w.Name, &w.Role, &w.Head, &w.QuotaBytes, &w.CreatedAt, &w.CreatedBy); err != nil {
			return fmt.Errorf("list workspaces: %w", err)
		}
		out = append(out, w)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("list workspaces: %w", err)
	}
	rows.Close()
	for i := range out {
		if err := s.fillStorage(ctx, s.db.Reader(), &out[i]); err != nil {
			return err
		}
	}
	return c.ok(out)
}

func checkWorkspaceName(n string) (string, error) {
	n = strings.TrimSpace(n)
	if n == "" || utf8.RuneCountInString(n) > 200 {
		return "", errInvalid("workspace name must be 1 to 200 characters")
	}
	return n, nil
}

func (s *Server) handleCreateWorkspace(ctx context.Context, c *call) error {
	var req syncproto.CreateWorkspaceRequest
	if err := c.decode(&req); err != nil {
		return err
	}
	if !validRowID(req.ID) {
		return errInvalid(msgBadWorkspaceID)
	}
	name, err := checkWorkspaceName(req.Name)
	if err != nil {
		return err
	}
	var out syncproto.Workspace
	err = s.writeTx(ctx, func(tx *sql.Tx) error {
		if err := s.workspaceIDFree(ctx, tx, req.ID, c.user.ID); err != nil {
			return err
		}
		now := s.nowMs()
		if _, err := tx.ExecContext(ctx, `INSERT INTO workspaces (id, name, created_by, created_at) VALUES ($1, $2, $3, $4)`,
			req.ID, name, c.user.ID, now); err != nil {
			if s.db.IsUnique(err) { // created by another process since the check
				return errInvalid(msgBadWorkspaceID)
			}
			return fmt.Errorf("create workspace: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO members (workspace_id, user_id, role, created_at) VALUES ($1, $2, 'admin', $3)`,
			req.ID, c.user.ID, now); err != nil {
			return fmt.Errorf("add creator: %w", err)
		}
		if err := s.audit(ctx, tx, auditEntry{actor: c.user.ID, action: auditWorkspaceCreate, ws: req.ID, addr: c.addr,
			detail: map[string]string{"name": name}}); err != nil {
			return err
		}
		out, err = s.workspaceFor(ctx, tx, req.ID, c.user.ID)
		return err
	})
	if err != nil {
		return err
	}
	return c.json(201, out)
}

// msgBadWorkspaceID answers an id that is malformed or taken by a workspace
// the caller is not in, alike, so a create does not tell a stranger which
// ids exist.
const msgBadWorkspaceID = "this workspace id cannot be used: ids are 1 to 128 letters, digits, '-', '_' or '.', " +
	"and not one the server already has"

// workspaceIDFree checks that id names no workspace, live or deleted: a
// member of it hears so (409); anyone else gets the invalid-id answer.
func (s *Server) workspaceIDFree(ctx context.Context, tx *sql.Tx, id, user string) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM workspaces WHERE id = $1`, id).Scan(&n); err != nil {
		return fmt.Errorf("check workspace id: %w", err)
	}
	if n == 0 {
		return nil
	}
	_, err := s.memberRole(ctx, tx, id, user)
	var ae *apiError
	switch {
	case err == nil:
		return errConflict("a workspace with this id already exists")
	case errors.As(err, &ae) && ae.status == http.StatusNotFound:
		return errInvalid(msgBadWorkspaceID)
	}
	return err
}

func (s *Server) handleGetWorkspace(ctx context.Context, c *call) error {
	w, err := s.workspaceFor(ctx, s.db.Reader(), c.ws, c.user.ID)
	if err != nil {
		return err
	}
	return c.ok(w)
}

// handleDeleteWorkspace removes the workspace's rows, files references,
// invitations and members; the workspace row stays as a tombstone so its id
// is never reused. The stored bytes of its files go at the next collection
// (CollectFiles) unless another workspace holds them.
func (s *Server) handleDeleteWorkspace(ctx context.Context, c *call) error {
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		if _, err := s.lockWorkspace(ctx, tx, c.ws); err != nil {
			return err
		}
		for _, q := range []string{
			`DELETE FROM sync_rows WHERE workspace_id = $1`,
			`DELETE FROM file_refs WHERE workspace_id = $1`,
			`DELETE FROM invitations WHERE workspace_id = $1`,
			`DELETE FROM members WHERE workspace_id = $1`,
		} {
			if _, err := tx.ExecContext(ctx, q, c.ws); err != nil {
				return fmt.Errorf("delete workspace: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE workspaces SET deleted_at = $2 WHERE id = $1`, c.ws, s.nowMs()); err != nil {
			return fmt.Errorf("delete workspace: %w", err)
		}
		return s.audit(ctx, tx, auditEntry{actor: c.user.ID, action: auditWorkspaceDelete, ws: c.ws, addr: c.addr})
	})
	if err != nil {
		return err
	}
	s.wake(ctx, c.ws) // streams and long polls, in every process: they find no workspace
	return c.noContent()
}

func (s *Server) handleMembers(ctx context.Context, c *call) error {
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT u.id, u.email, u.display_name, m.role, m.created_at
		FROM members m JOIN users u ON u.id = m.user_id WHERE m.workspace_id = $1 ORDER BY u.display_name, u.email`, c.ws)
	if err != nil {
		return fmt.Errorf("list members: %w", err)
	}
	defer rows.Close()
	out := syncproto.MembersResponse{Members: []syncproto.Member{}}
	for rows.Next() {
		var m syncproto.Member
		if err := rows.Scan(&m.UserID, &m.Email, &m.DisplayName, &m.Role, &m.JoinedAt); err != nil {
			return fmt.Errorf("list members: %w", err)
		}
		out.Members = append(out.Members, m)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("list members: %w", err)
	}
	if c.wsRole == syncproto.RoleAdmin {
		inv, err := s.invitations(ctx, `i.workspace_id = $1`, c.ws)
		if err != nil {
			return err
		}
		out.Invitations = inv
	}
	return c.ok(out)
}

// checkLastAdmin refuses to leave a workspace without an admin.
func checkLastAdmin(ctx context.Context, tx *sql.Tx, ws, userID string) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM members WHERE workspace_id = $1 AND role = 'admin' AND user_id <> $2`,
		ws, userID).Scan(&n); err != nil {
		return fmt.Errorf("count admins: %w", err)
	}
	if n == 0 {
		return errConflict("a workspace needs at least one admin")
	}
	return nil
}

func targetRole(ctx context.Context, tx *sql.Tx, ws, userID string) (string, error) {
	var role string
	err := tx.QueryRowContext(ctx, `SELECT role FROM members WHERE workspace_id = $1 AND user_id = $2`, ws, userID).Scan(&role)
	if errors.Is(err, sql.ErrNoRows) {
		return "", errNotFound("member not found")
	}
	if err != nil {
		return "", fmt.Errorf("load member: %w", err)
	}
	return role, nil
}

func (s *Server) handleSetMemberRole(ctx context.Context, c *call) error {
	return s.setMemberRole(ctx, c, auditRoleChange)
}

// setMemberRole changes the role of the {user} member of c.ws, writing
// action to the audit log.
func (s *Server) setMemberRole(ctx context.Context, c *call, action string) error {
	var req syncproto.SetRoleRequest
	if err := c.decode(&req); err != nil {
		return err
	}
	if !syncproto.ValidRole(req.Role) {
		return errInvalid("role must be admin or member")
	}
	target := c.r.PathValue("user")
	var out syncproto.Member
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		if _, err := s.lockWorkspace(ctx, tx, c.ws); err != nil {
			return err
		}
		old, err := targetRole(ctx, tx, c.ws, target)
		if err != nil {
			return err
		}
		if old == syncproto.RoleAdmin && req.Role != syncproto.RoleAdmin {
			if err := checkLastAdmin(ctx, tx, c.ws, target); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE members SET role = $3 WHERE workspace_id = $1 AND user_id = $2`,
			c.ws, target, req.Role); err != nil {
			return fmt.Errorf("set role: %w", err)
		}
		if err := tx.QueryRowContext(ctx, `SELECT u.id, u.email, u.display_name, m.role, m.created_at
			FROM members m JOIN users u ON u.id = m.user_id WHERE m.workspace_id = $1 AND m.user_id = $2`, c.ws, target).
			Scan(&out.UserID, &out.Email, &out.DisplayName, &out.Role, &out.JoinedAt); err != nil {
			return fmt.Errorf("load member: %w", err)
		}
		return s.audit(ctx, tx, auditEntry{actor: c.user.ID, action: action, ws: c.ws, target: target, addr: c.addr,
			detail: map[string]string{"from": old, "to": req.Role}})
	})
	if err != nil {
		return err
	}
	return c.ok(out)
}

func (s *Server) removeMember(ctx context.Context, c *call, target, action string) error {
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		if _, err := s.lockWorkspace(ctx, tx, c.ws); err != nil {
			return err
		}
		role, err := targetRole(ctx, tx, c.ws, target)
		if err != nil {
			return err
		}
		if role == syncproto.RoleAdmin {
			if err := checkLastAdmin(ctx, tx, c.ws, target); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM members WHERE workspace_id = $1 AND user_id = $2`, c.ws, target); err != nil {
			return fmt.Errorf("remove member: %w", err)
		}
		return s.audit(ctx, tx, auditEntry{actor: c.user.ID, action: action, ws: c.ws, target: target, addr: c.addr})
	})
	if err == nil {
		s.wake(ctx, c.ws) // the member's streams and long polls end now
	}
	return err
}

func (s *Server) handleRemoveMember(ctx context.Context, c *call) error {
	if err := s.removeMember(ctx, c, c.r.PathValue("user"), auditMemberRemove); err != nil {
		return err
	}
	return c.noContent()
}

func (s *Server) handleLeave(ctx context.Context, c *call) error {
	if err := s.removeMember(ctx, c, c.user.ID, auditMemberLeave); err != nil {
		return err
	}
	return c.noContent()
}

// AddMember puts a user (by email) into a workspace with role directly, for
// `bookbag-server admin add-member` (recovering a workspace whose admins
// left); the API's way is an invitation.
func (s *Server) AddMember(ctx context.Context, ws, email, role string) error {
	e, err := normalizeEmail(email)
	if err != nil {
		return err
	}
	if !syncproto.ValidRole(role) {
		return errInvalid("role must be admin or member")
	}
	return s.writeTx(ctx, func(tx *sql.Tx) error {
		if _, err := s.lockWorkspace(ctx, tx, ws); err != nil {
			return err
		}
		var uid string
		if err := tx.QueryRowContext(ctx, `SELECT id FROM users WHERE email = $1`, e).Scan(&uid); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return errNotFound("no account with this email")
			}
			return fmt.Errorf("find user: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO members (workspace_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (workspace_id, user_id) DO UPDATE SET role = $3`, ws, uid, role, s.nowMs()); err != nil {
			return fmt.Errorf("add member: %w", err)
		}
		return s.audit(ctx, tx, auditEntry{action: auditRoleChange, ws: ws, target: uid, detail: map[string]string{"to": role, "via": "cli"}})
	})
}
