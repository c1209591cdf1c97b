package sync

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"bookbag/backend/apperr"
	"bookbag/backend/events"
	"bookbag/backend/store"
	"bookbag/backend/syncproto"
)

// Members lists a linked workspace's members (and, for admins, pending
// invitations). Offline, it returns the last list seen, marked Offline.
func (s *Service) Members(ctx context.Context, ws string) (Members, error) {
	l, err := s.mustLink(ws)
	if err != nil {
		return Members{}, err
	}
	me := l.userID()
	out := Members{WorkspaceID: ws, Members: []Member{}, Invitations: []Invitation{}}
	resp, err := l.client.Members(ctx, ws)
	if err != nil {
		cached, cerr := l.cachedMembers(ctx)
		if cerr != nil || len(cached) == 0 {
			return out, userError(err)
		}
		out.Members, out.Offline = cached, true
		for _, m := range cached {
			if m.Me && m.Role == syncproto.RoleAdmin {
				out.CanManage = true
			}
		}
		return out, nil
	}
	for _, m := range resp.Members {
		mm := Member{UserID: m.UserID, Email: m.Email, DisplayName: m.DisplayName, Role: m.Role, JoinedAt: m.JoinedAt, Me: m.UserID == me}
		out.Members = append(out.Members, mm)
		if mm.Me {
			out.CanManage = mm.Role == syncproto.RoleAdmin
			l.setRole(ctx, mm.Role)
		}
	}
	for _, i := range resp.Invitations {
		out.Invitations = append(out.Invitations, invitation(i))
	}
	if b, err := json.Marshal(out.Members); err == nil {
		if _, err := s.d.DB.W.ExecContext(ctx, `UPDATE sync_links SET members = ? WHERE workspace_id = ?`, string(b), ws); err != nil {
			s.log.Warn("remember members", "workspace", ws, "err", err)
		}
	}
	return out, nil
}

func (l *link) cachedMembers(ctx context.Context) ([]Member, error) {
	var raw string
	if err := l.s.d.DB.R.QueryRowContext(ctx, `SELECT members FROM sync_links WHERE workspace_id = ?`, l.ws).Scan(&raw); err != nil {
		return nil, err
	}
	var ms []Member
	if err := json.Unmarshal([]byte(raw), &ms); err != nil {
		return nil, err
	}
	return ms, nil
}

// setRole records the user's workspace role when the server says it changed.
func (l *link) setRole(ctx context.Context, role string) {
	l.mu.Lock()
	changed := l.row.Role != role
	l.row.Role = role
	l.mu.Unlock()
	if changed {
		l.s.d.DB.W.ExecContext(ctx, `UPDATE sync_links SET role = ? WHERE workspace_id = ?`, role, l.ws)
		l.emit()
	}
}

// Invite invites an email address to a linked workspace (workspace admins).
func (s *Service) Invite(ctx context.Context, ws, email, role string) (Invitation, error) {
	l, err := s.mustLink(ws)
	if err != nil {
		return Invitation{}, err
	}
	email = strings.TrimSpace(email)
	if email == "" || !strings.Contains(email, "@") {
		return Invitation{}, apperr.New(apperr.Invalid, "enter an email address")
	}
	if role == "" {
		role = syncproto.RoleMember
	}
	if !syncproto.ValidRole(role) {
		return Invitation{}, apperr.New(apperr.Invalid, "a role is admin or member")
	}
	inv, err := l.client.Invite(ctx, ws, syncproto.InviteRequest{Email: email, Role: role})
	if err != nil {
		return Invitation{}, memberError(err)
	}
	return invitation(inv), nil
}

// RevokeInvitation withdraws a pending invitation (workspace admins).
func (s *Service) RevokeInvitation(ctx context.Context, ws, id string) error {
	l, err := s.mustLink(ws)
	if err != nil {
		return err
	}
	return memberError(l.client.RevokeInvitation(ctx, ws, id))
}

// SetRole changes a member's workspace role (workspace admins).
func (s *Service) SetRole(ctx context.Context, ws, userID, role string) (Member, error) {
	l, err := s.mustLink(ws)
	if err != nil {
		return Member{}, err
	}
	if !syncproto.ValidRole(role) {
		return Member{}, apperr.New(apperr.Invalid, "a role is admin or member")
	}
	m, err := l.client.SetMemberRole(ctx, ws, userID, role)
	if err != nil {
		return Member{}, memberError(err)
	}
	if userID == l.userID() {
		l.setRole(ctx, m.Role)
	}
	return Member{UserID: m.UserID, Email: m.Email, DisplayName: m.DisplayName, Role: m.Role, JoinedAt: m.JoinedAt,
		Me: m.UserID == l.userID()}, nil
}

// RemoveMember removes a member from a linked workspace (workspace admins);
// their devices stop receiving its changes.
func (s *Service) RemoveMember(ctx context.Context, ws, userID string) error {
	l, err := s.mustLink(ws)
	if err != nil {
		return err
	}
	return memberError(l.client.RemoveMember(ctx, ws, userID))
}

// memberError words membership failures.
func memberError(err error) error {
	var ae *syncproto.APIError
	if errors.As(err, &ae) {
		switch ae.Code {
		case syncproto.CodeForbidden:
			return apperr.Wrap(err, apperr.Unauthorized, "Only workspace admins can manage members")
		case syncproto.CodeConflict:
			return apperr.Wrap(err, apperr.Conflict, "A shared workspace needs at least one admin")
		}
	}
	return userError(err)
}

// Authors maps the author ids of a workspace's rows to names: the members
// (as last seen) and this device's own user.
func (s *Service) Authors(ctx context.Context, ws string) ([]Author, error) {
	ident := s.d.DB.Identity()
	me := Author{ID: ident.UserID, Name: ident.DisplayName, Me: true}
	out := []Author{me}
	l := s.link(ws)
	if l == nil {
		return out, nil
	}
	ms, err := l.cachedMembers(ctx)
	if err != nil {
		return out, nil
	}
	for _, m := range ms {
		name := m.DisplayName
		if name == "" {
			name = m.Email
		}
		out = append(out, Author{ID: m.UserID, Name: name, Me: m.Me})
	}
	return out, nil
}

// ChatAuthors says who wrote each live chat of a workspace, and which ones
// are someone else's shared chats (read-only here: only their author
// continues them).
func (s *Service) ChatAuthors(ctx context.Context, ws string) ([]ChatAuthor, error) {
	authors, err := s.Authors(ctx, ws)
	if err != nil {
		return nil, err
	}
	names := map[string]Author{}
	for _, a := range authors {
		names[a.ID] = a
	}
	mine := s.mineFunc(ws)
	rows, err := s.d.DB.R.QueryContext(ctx, `SELECT id, author_id, shared FROM chats WHERE workspace_id = ? AND deleted_at IS NULL`, ws)
	if err != nil {
		return nil, fmt.Errorf("list chat authors: %w", err)
	}
	defer rows.Close()
	out := []ChatAuthor{}
	for rows.Next() {
		var c ChatAuthor
		var shared int
		if err := rows.Scan(&c.ChatID, &c.AuthorID, &shared); err != nil {
			return nil, fmt.Errorf("list chat authors: %w", err)
		}
		c.Shared, c.Mine = shared == 1, mine(c.AuthorID)
		c.Name = names[c.AuthorID].Name
		if c.Mine {
			c.Name = names[s.d.DB.Identity().UserID].Name
		}
		c.ReadOnly = !c.Mine
		out = append(out, c)
	}
	return out, rows.Err()
}

// mineFunc reports whether an author id is this user: the local id (rows not
// pushed yet) or the linked server account.
func (s *Service) mineFunc(ws string) func(string) bool {
	local := s.d.DB.Identity().UserID
	server := ""
	if l := s.link(ws); l != nil {
		server = l.userID()
	}
	return func(id string) bool { return id == local || (server != "" && id == server) }
}

// ShareChat shares one of the user's chats with every member of its
// (linked) workspace: they read it, its author continues it.
func (s *Service) ShareChat(ctx context.Context, chatID string) error {
	return s.setShared(ctx, chatID, true)
}

// UnshareChat makes a shared chat private again; other members' copies are
// removed at their next sync.
func (s *Service) UnshareChat(ctx context.Context, chatID string) error {
	return s.setShared(ctx, chatID, false)
}

func (s *Service) setShared(ctx context.Context, chatID string, shared bool) error {
	var ws, author string
	err := s.d.DB.R.QueryRowContext(ctx, `SELECT workspace_id, author_id FROM chats WHERE id = ? AND deleted_at IS NULL`, chatID).
		Scan(&ws, &author)
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.New(apperr.NotFound, "chat %s not found", chatID)
	}
	if err != nil {
		return fmt.Errorf("read chat: %w", err)
	}
	if s.link(ws) == nil {
		return apperr.New(apperr.Invalid, "Share the workspace with a server first")
	}
	if !s.mineFunc(ws)(author) {
		return apperr.New(apperr.Invalid, "Only the chat's author can share or unshare it")
	}
	v := 0
	if shared {
		v = 1
	}
	err = s.d.DB.Tx(ctx, func(tx *store.Tx) error {
		return tx.Update(ctx, "chats", chatID, store.Values{"shared": v})
	})
	if err != nil {
		return err
	}
	s.d.Events.Emit(events.DataChanged, events.DataChangedPayload{WorkspaceID: ws, Tables: []string{"chats"}})
	return nil
}
