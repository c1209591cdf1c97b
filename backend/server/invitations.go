package server

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"bookbag/backend/syncproto"
)

// Invitations are by email and wait for the invitee to accept, so a
// workspace admin learns nothing about which addresses have accounts.

func (s *Server) invitations(ctx context.Context, where string, args ...any) ([]syncproto.Invitation, error) {
	args = append(args, s.nowMs())
	rows, err := s.db.Reader().QueryContext(ctx, fmt.Sprintf(`SELECT i.id, i.workspace_id, w.name, i.email, i.role, i.invited_by, i.created_at, i.expires_at
		FROM invitations i JOIN workspaces w ON w.id = i.workspace_id
		WHERE %s AND w.deleted_at IS NULL AND i.expires_at > $%d ORDER BY i.created_at`, where, len(args)), args...)
	if err != nil {
		return nil, fmt.Errorf("list invitations: %w", err)
	}
	defer rows.Close()
	out := []syncproto.Invitation{}
	for rows.Next() {
		var i syncproto.Invitation
		if err := rows.Scan(&i.ID, &i.WorkspaceID, &i.WorkspaceName, &i.Email, &i.Role, &i.InvitedBy, &i.CreatedAt, &i.ExpiresAt); err != nil {
			return nil, fmt.Errorf("list invitations: %w", err)
		}
		out = append(out, i)
	}
	return out, rows.Err()
}

func (s *Server) handleInvite(ctx context.Context, c *call) error {
	var req syncproto.InviteRequest
	if err := c.decode(&req); err != nil {
		return err
	}
	email, err := normalizeEmail(req.Email)
	if err != nil {
		return err
	}
	if req.Role == "" {
		req.Role = syncproto.RoleMember
	}
	if !syncproto.ValidRole(req.Role) {
		return errInvalid("role must be admin or member")
	}
	var out syncproto.Invitation
	err = s.writeTx(ctx, func(tx *sql.Tx) error {
		if _, err := s.lockWorkspace(ctx, tx, c.ws); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM members m JOIN users u ON u.id = m.user_id
			WHERE m.workspace_id = $1 AND u.email = $2`, c.ws, email).Scan(&n); err != nil {
			return fmt.Errorf("check member: %w", err)
		}
		if n > 0 {
			return errConflict("already a member of this workspace")
		}
		ttl, err := s.invitationTTL(ctx, tx)
		if err != nil {
			return err
		}
		now := s.nowMs()
		out = syncproto.Invitation{ID: newID(), WorkspaceID: c.ws, Email: email, Role: req.Role, InvitedBy: c.user.ID,
			CreatedAt: now, ExpiresAt: now + ttl.Milliseconds()}
		// Inviting again renews the invitation (new id, new expiry, new role).
		if _, err := tx.ExecContext(ctx, `DELETE FROM invitations WHERE workspace_id = $1 AND email = $2`, c.ws, email); err != nil {
			return fmt.Errorf("renew invitation: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO invitations (id, workspace_id, email, role, invited_by, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, out.ID, c.ws, email, req.Role, c.user.ID, now, out.ExpiresAt); err != nil {
			return fmt.Errorf("create invitation: %w", err)
		}
		if err := tx.QueryRowContext(ctx, `SELECT name FROM workspaces WHERE id = $1`, c.ws).Scan(&out.WorkspaceName); err != nil {
			return fmt.Errorf("load workspace: %w", err)
		}
		return s.audit(ctx, tx, auditEntry{actor: c.user.ID, action: auditInvite, ws: c.ws, target: out.ID, addr: c.addr,
			detail: map[string]string{"email": email, "role": req.Role}})
	})
	if err != nil {
		return err
	}
	return c.json(201, out)
}

func (s *Server) handleRevokeInvitation(ctx context.Context, c *call) error {
	id := c.r.PathValue("id")
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM invitations WHERE id = $1 AND workspace_id = $2`, id, c.ws)
		if err != nil {
			return fmt.Errorf("revoke invitation: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errNotFound("invitation not found")
		}
		return s.audit(ctx, tx, auditEntry{actor: c.user.ID, action: auditInviteRevoke, ws: c.ws, target: id, addr: c.addr})
	})
	if err != nil {
		return err
	}
	return c.noContent()
}

func (s *Server) handleMyInvitations(ctx context.Context, c *call) error {
	out, err := s.invitations(ctx, `i.email = $1`, c.user.Email)
	if err != nil {
		return err
	}
	return c.ok(out)
}

// myInvitation loads an invitation addressed to the caller; any other
// invitation is "not found".
func (s *Server) myInvitation(ctx context.Context, tx *sql.Tx, c *call, id string) (ws, role string, err error) {
	err = tx.QueryRowContext(ctx, `SELECT i.workspace_id, i.role FROM invitations i JOIN workspaces w ON w.id = i.workspace_id
		WHERE i.id = $1 AND i.email = $2 AND i.expires_at > $3 AND w.deleted_at IS NULL`, id, c.user.Email, s.nowMs()).Scan(&ws, &role)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", errNotFound("invitation not found")
	}
	if err != nil {
		return "", "", fmt.Errorf("load invitation: %w", err)
	}
	return ws, role, nil
}

func (s *Server) handleAcceptInvitation(ctx context.Context, c *call) error {
	id := c.r.PathValue("id")
	var out syncproto.Workspace
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		ws, role, err := s.myInvitation(ctx, tx, c, id)
		if err != nil {
			return err
		}
		if _, err := s.lockWorkspace(ctx, tx, ws); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO members (workspace_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (workspace_id, user_id) DO NOTHING`, ws, c.user.ID, role, s.nowMs()); err != nil {
			return fmt.Errorf("join workspace: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM invitations WHERE id = $1`, id); err != nil {
			return fmt.Errorf("use invitation: %w", err)
		}
		if err := s.audit(ctx, tx, auditEntry{actor: c.user.ID, action: auditInviteAccept, ws: ws, target: c.user.ID, addr: c.addr,
			detail: map[string]string{"role": role, "invitation": id}}); err != nil {
			return err
		}
		out, err = s.workspaceFor(ctx, tx, ws, c.user.ID)
		return err
	})
	if err != nil {
		return err
	}
	return c.ok(out)
}

func (s *Server) handleDeclineInvitation(ctx context.Context, c *call) error {
	id := c.r.PathValue("id")
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		ws, _, err := s.myInvitation(ctx, tx, c, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM invitations WHERE id = $1`, id); err != nil {
			return fmt.Errorf("decline invitation: %w", err)
		}
		return s.audit(ctx, tx, auditEntry{actor: c.user.ID, action: auditInviteDecline, ws: ws, target: id, addr: c.addr})
	})
	if err != nil {
		return err
	}
	return c.noContent()
}
