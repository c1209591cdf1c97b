package server

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"bookbag/backend/syncproto"
)

// A server admin's view of every workspace: storage against quota,
// members and their roles. Content stays out of reach (only members read
// it).

func (s *Server) handleAdminWorkspaces(ctx context.Context, c *call) error {
	var out []syncproto.AdminWorkspace
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = s.adminWorkspaces(ctx, tx, "")
		return err
	})
	if err != nil {
		return err
	}
	return c.ok(out)
}

// adminWorkspaces lists the live workspaces (only ws when set) with their
// storage (summed from the rows and files) and the quota that applies.
func (s *Server) adminWorkspaces(ctx context.Context, q queryer, ws string) ([]syncproto.AdminWorkspace, error) {
	rows, err := q.QueryContext(ctx, `SELECT w.id, w.name, w.quota_bytes, w.created_at, w.created_by,
		(SELECT COUNT(*) FROM members m WHERE m.workspace_id = w.id)
		FROM workspaces w WHERE w.deleted_at IS NULL AND ($1 = '' OR w.id = $1) ORDER BY w.name, w.id`, ws)
	if err != nil {
		return nil, fmt.Errorf("list workspaces: %w", err)
	}
	defer rows.Close()
	out := []syncproto.AdminWorkspace{}
	for rows.Next() {
		var w syncproto.AdminWorkspace
		if err := rows.Scan(&w.ID, &w.Name, &w.QuotaBytes, &w.CreatedAt, &w.CreatedBy, &w.Members); err != nil {
			return nil, fmt.Errorf("list workspaces: %w", err)
		}
		out = append(out, w)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list workspaces: %w", err)
	}
	rows.Close()
	for i := range out {
		w := &out[i]
		use, err := s.storage(ctx, q, w.ID)
		if err != nil {
			return nil, err
		}
		w.UsageBytes, w.Files = use.bytes, use.files
		w.OwnQuota = w.QuotaBytes > 0
		if w.QuotaBytes, err = s.quota(ctx, q, w.QuotaBytes); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// maxQuota bounds a workspace quota (1 PiB): larger is a typo.
const maxQuota = 1 << 50

func (s *Server) handleSetQuota(ctx context.Context, c *call) error {
	var req syncproto.SetQuotaRequest
	if err := c.decode(&req); err != nil {
		return err
	}
	out, err := s.SetQuota(ctx, c.r.PathValue("workspace"), req.QuotaBytes, c.user.ID, c.addr)
	if err != nil {
		return err
	}
	return c.ok(out)
}

// SetQuota sets workspace ws's storage quota (0: the server default) for
// the admin API and `bookbag-server admin set-quota`, and audits it.
func (s *Server) SetQuota(ctx context.Context, ws string, quota int64, actor, addr string) (syncproto.AdminWorkspace, error) {
	if quota < 0 || quota > maxQuota {
		return syncproto.AdminWorkspace{}, errInvalid("quotaBytes must be between 0 (the server default) and %d", int64(maxQuota))
	}
	var out syncproto.AdminWorkspace
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		old, err := s.lockWorkspace(ctx, tx, ws)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE workspaces SET quota_bytes = $2 WHERE id = $1`, ws, quota); err != nil {
			return fmt.Errorf("set quota: %w", err)
		}
		if err := s.audit(ctx, tx, auditEntry{actor: actor, action: auditQuotaSet, ws: ws, addr: addr,
			detail: map[string]string{"from": strconv.FormatInt(old.quota, 10), "to": strconv.FormatInt(quota, 10)}}); err != nil {
			return err
		}
		all, err := s.adminWorkspaces(ctx, tx, ws)
		if err != nil {
			return err
		}
		out = all[0] // locked above: it is there
		return nil
	})
	return out, err
}

// asWorkspaceAdmin lets a server admin run a workspace admin's handler on
// the {workspace} of an admin route.
func (s *Server) asWorkspaceAdmin(ctx context.Context, c *call) error {
	c.ws = c.r.PathValue("workspace")
	c.wsRole = syncproto.RoleAdmin
	var n int
	if err := s.db.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM workspaces WHERE id = $1 AND deleted_at IS NULL`, c.ws).Scan(&n); err != nil {
		return fmt.Errorf("load workspace: %w", err)
	}
	if n == 0 {
		return errNotFound(msgNoWorkspace)
	}
	return nil
}

func (s *Server) handleAdminMembers(ctx context.Context, c *call) error {
	if err := s.asWorkspaceAdmin(ctx, c); err != nil {
		return err
	}
	return s.handleMembers(ctx, c)
}

func (s *Server) handleAdminSetMemberRole(ctx context.Context, c *call) error {
	if err := s.asWorkspaceAdmin(ctx, c); err != nil {
		return err
	}
	return s.setMemberRole(ctx, c, auditAdminRole)
}
