package server

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"github.com/google/uuid"

	"bookbag/backend/syncproto"
)

func (s *Server) handleListUsers(ctx context.Context, c *call) error {
	rows, err := s.db.Reader().QueryContext(ctx, `SELECT `+userCols+` FROM users ORDER BY email`)
	if err != nil {
		return fmt.Errorf("list users: %w", err)
	}
	defer rows.Close()
	out := []syncproto.User{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return fmt.Errorf("list users: %w", err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("list users: %w", err)
	}
	return c.ok(out)
}

func (s *Server) handleCreateUser(ctx context.Context, c *call) error {
	var req syncproto.CreateUserRequest
	if err := c.decode(&req); err != nil {
		return err
	}
	out, err := s.CreateUser(ctx, req, c.user.ID, c.addr)
	if err != nil {
		return err
	}
	return c.json(201, out)
}

// lockServerAdmins is the LockKey key every change of an account's role or
// disabled flag takes.
const lockServerAdmins = "server-admins"

func (s *Server) handleUpdateUser(ctx context.Context, c *call) error {
	var req syncproto.UpdateUserRequest
	if err := c.decode(&req); err != nil {
		return err
	}
	target := c.r.PathValue("user")
	if req.Role != nil && !syncproto.ValidRole(*req.Role) {
		return errInvalid("role must be admin or member")
	}
	var name string
	if req.DisplayName != nil {
		n, err := checkDisplayName(*req.DisplayName)
		if err != nil {
			return err
		}
		if n == "" {
			return errInvalid("display name is required")
		}
		name = n
	}
	var out syncproto.User
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		// Two admins demoting each other at once would each count two
		// admins (PostgreSQL runs both transactions side by side) and
		// leave none: changes of accounts take turns.
		if err := s.db.LockKey(ctx, tx, lockServerAdmins); err != nil {
			return fmt.Errorf("lock admins: %w", err)
		}
		u, err := s.getUser(ctx, tx, target)
		if err != nil {
			return err
		}
		detail := map[string]string{}
		if req.DisplayName != nil {
			u.DisplayName = name
			detail["displayName"] = name
		}
		demoting := u.Role == syncproto.RoleAdmin && !u.Disabled &&
			((req.Role != nil && *req.Role != syncproto.RoleAdmin) || (req.Disabled != nil && *req.Disabled))
		if demoting {
			n, err := countAdmins(ctx, tx)
			if err != nil {
				return fmt.Errorf("count admins: %w", err)
			}
			if n <= 1 {
				return errConflict("the server needs at least one enabled admin")
			}
		}
		if req.Role != nil {
			u.Role = *req.Role
			detail["role"] = u.Role
		}
		if req.Disabled != nil {
			u.Disabled = *req.Disabled
			detail["disabled"] = strconv.FormatBool(u.Disabled)
		}
		disabled := 0
		if u.Disabled {
			disabled = 1
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET display_name = $2, role = $3, disabled = $4, updated_at = $5 WHERE id = $1`,
			u.ID, u.DisplayName, u.Role, disabled, s.nowMs()); err != nil {
			return fmt.Errorf("update user: %w", err)
		}
		if u.Disabled {
			if err := s.revokeSessions(ctx, tx, u.ID, "", "disabled"); err != nil {
				return err
			}
		}
		out = u
		return s.audit(ctx, tx, auditEntry{actor: c.user.ID, action: auditUserUpdate, target: u.ID, addr: c.addr, detail: detail})
	})
	if err != nil {
		return err
	}
	if out.Disabled {
		s.wakeUser(ctx, out.ID) // the account's streams end now
	}
	return c.ok(out)
}

func (s *Server) handleResetPassword(ctx context.Context, c *call) error {
	var req syncproto.ResetPasswordRequest
	if err := c.decode(&req); err != nil {
		return err
	}
	gen, err := s.resetPassword(ctx, c.r.PathValue("user"), req.Password, c.user.ID, c.addr)
	if err != nil {
		return err
	}
	return c.ok(syncproto.ResetPasswordResponse{Password: gen})
}

// handleAudit answers the server's audit log, filtered by the query's
// actor, action (exact, or a prefix ending in "."), workspace, from and to.
func (s *Server) handleAudit(ctx context.Context, c *call) error {
	q := c.r.URL.Query()
	f := syncproto.AuditFilter{Actor: q.Get("actor"), Action: q.Get("action"), Workspace: q.Get("workspace")}
	var err error
	if f.From, err = queryInt(c.r, "from", 0); err != nil {
		return err
	}
	if f.To, err = queryInt(c.r, "to", 0); err != nil {
		return err
	}
	for name, v := range map[string]string{"actor": f.Actor, "action": f.Action, "workspace": f.Workspace} {
		if len(v) > 128 {
			return errInvalid("%s is too long", name)
		}
	}
	return s.auditPage(ctx, c, f)
}

func (s *Server) handleWorkspaceAudit(ctx context.Context, c *call) error {
	return s.auditPage(ctx, c, syncproto.AuditFilter{Workspace: c.ws})
}

// auditPage answers a page of the audit log matching f for the before and
// limit in the query.
func (s *Server) auditPage(ctx context.Context, c *call, f syncproto.AuditFilter) error {
	limit, err := queryInt(c.r, "limit", auditPageSize)
	if err != nil {
		return err
	}
	f.Before = c.r.URL.Query().Get("before")
	if f.Before != "" {
		// A cursor is an entry id (a UUID), like every other cursor checked.
		if _, err := uuid.Parse(f.Before); err != nil {
			return errInvalid("before must be the id of an audit entry")
		}
	}
	f.Limit = int(min(limit, auditMaxPage))
	page, err := s.readAudit(ctx, f)
	if err != nil {
		return err
	}
	return c.ok(page)
}
