package server

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"bookbag/backend/syncproto"
)

// Audit actions.
const (
	auditSetup           = "setup"
	auditLogin           = "login"
	auditLoginFailed     = "login_failed"
	auditLogout          = "logout"
	auditLogoutAll       = "logout_all"
	auditRefreshReuse    = "refresh_reuse"
	auditPasswordChange  = "password_change"
	auditPasswordReset   = "password_reset"
	auditUserCreate      = "user_create"
	auditUserUpdate      = "user_update"
	auditWorkspaceCreate = "workspace_create"
	auditWorkspaceDelete = "workspace_delete"
	auditInvite          = "invite"
	auditInviteRevoke    = "invite_revoke"
	auditInviteAccept    = "invite_accept"
	auditInviteDecline   = "invite_decline"
	auditRoleChange      = "role_change"
	auditMemberRemove    = "member_remove"
	auditMemberLeave     = "member_leave"
	auditRowDelete       = "row_delete"
	// A server admin's changes through the admin screens share a prefix,
	// so the filter "admin." lists them all.
	auditQuotaSet       = "admin.quota_set"
	auditSettingsChange = "admin.settings_change"
	auditAdminRole      = "admin.role_change"
)

type auditEntry struct {
	actor, action, ws, target, addr string
	detail                          map[string]string
}

// audit appends an entry, inside the caller's transaction when q is one, so
// the log says exactly what was committed.
func (s *Server) audit(ctx context.Context, q queryer, e auditEntry) error {
	detail := "{}"
	if len(e.detail) > 0 {
		b, err := json.Marshal(e.detail)
		if err != nil {
			return fmt.Errorf("encode audit detail: %w", err)
		}
		detail = string(b)
	}
	if _, err := q.ExecContext(ctx, `INSERT INTO audit_log (id, at, actor_id, action, workspace_id, target_id, address, detail)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, newID(), s.nowMs(), e.actor, e.action, e.ws, e.target, e.addr, detail); err != nil {
		return fmt.Errorf("append audit log: %w", err)
	}
	return nil
}

// An audit page holds auditPageSize entries unless the caller asks for
// more, up to auditMaxPage.
const (
	auditPageSize = 100
	auditMaxPage  = 500
)

// readAudit returns a page of entries matching f, newest first, before
// the entry id f.Before.
func (s *Server) readAudit(ctx context.Context, f syncproto.AuditFilter) (syncproto.AuditPage, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = auditPageSize
	}
	limit = min(limit, auditMaxPage)
	q := `SELECT id, at, actor_id, action, workspace_id, target_id, address, detail FROM audit_log WHERE 1 = 1`
	var args []any
	where := func(cond string, v any) {
		args = append(args, v)
		q += fmt.Sprintf(" AND "+cond, len(args))
	}
	if f.Workspace != "" {
		where("workspace_id = $%d", f.Workspace)
	}
	if f.Before != "" {
		where("id < $%d", f.Before)
	}
	if f.Actor != "" {
		where("actor_id = $%d", f.Actor)
	}
	if prefix, ok := strings.CutSuffix(f.Action, "."); ok {
		// A range instead of LIKE: no wildcard in a name can widen it, and
		// both databases compare text the same way for these ASCII names.
		where("action >= $%d", prefix+".")
		where("action < $%d", prefix+"/") // '/' follows '.'
	} else if f.Action != "" {
		where("action = $%d", f.Action)
	}
	if f.From > 0 {
		where("at >= $%d", f.From)
	}
	if f.To > 0 {
		where("at < $%d", f.To)
	}
	args = append(args, limit+1)
	q += fmt.Sprintf(" ORDER BY id DESC LIMIT $%d", len(args))
	rows, err := s.db.Reader().QueryContext(ctx, q, args...)
	if err != nil {
		return syncproto.AuditPage{}, fmt.Errorf("read audit log: %w", err)
	}
	defer rows.Close()
	page := syncproto.AuditPage{Entries: []syncproto.AuditEntry{}}
	for rows.Next() {
		var e syncproto.AuditEntry
		var detail string
		if err := rows.Scan(&e.ID, &e.At, &e.ActorID, &e.Action, &e.WorkspaceID, &e.TargetID, &e.Address, &detail); err != nil {
			return syncproto.AuditPage{}, fmt.Errorf("read audit log: %w", err)
		}
		if detail != "{}" {
			json.Unmarshal([]byte(detail), &e.Detail)
		}
		page.Entries = append(page.Entries, e)
	}
	if err := rows.Err(); err != nil {
		return syncproto.AuditPage{}, fmt.Errorf("read audit log: %w", err)
	}
	if len(page.Entries) > limit {
		page.Entries = page.Entries[:limit]
		page.Next = page.Entries[limit-1].ID
	}
	return page, nil
}
