package sync

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/events"
	"bookbag/backend/store"
	"bookbag/backend/syncproto"
)

// sessionTTL is how long a sign-in waits for CreateShared or Join.
const sessionTTL = 15 * time.Minute

// pendingSession is a signed-in client not yet attached to a workspace.
type pendingSession struct {
	client  *syncproto.Client
	url     string
	user    syncproto.User
	expires time.Time
}

// normalizeURL checks a server address and gives it a scheme (https unless
// given) and no trailing slash.
func normalizeURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", apperr.New(apperr.Invalid, "enter the server's address")
	}
	if !strings.Contains(raw, "://") {
		raw = "https://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return "", apperr.New(apperr.Invalid, "%q is not a server address (like https://bookbag.example.com)", strings.TrimSpace(raw))
	}
	return strings.TrimRight(u.Scheme+"://"+u.Host+u.Path, "/"), nil
}

// signInError words a failed sign-in.
func signInError(err error, server string) error {
	var ae *syncproto.APIError
	if errors.As(err, &ae) {
		switch {
		case ae.Status == http.StatusUnauthorized:
			return apperr.Wrap(err, apperr.Unauthorized, "The email or password is wrong")
		case ae.Status == http.StatusTooManyRequests:
			return apperr.Wrap(err, apperr.Unavailable, "Too many sign-in attempts; try again in a few minutes")
		case ae.Status == http.StatusNotFound:
			return apperr.Wrap(err, apperr.Unavailable, "%s does not look like a BookBag server", server)
		}
		return userError(err)
	}
	if errors.Is(err, context.Canceled) {
		return apperr.Wrap(err, apperr.Canceled, "canceled")
	}
	return apperr.Wrap(err, apperr.Unavailable, "Cannot reach a BookBag server at %s", server)
}

func newHandle() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// SignIn signs in to a server. The session waits (for a few minutes) to be
// used by CreateShared or Join; the result lists the user's invitations and
// the shared workspaces they already belong to.
func (s *Service) SignIn(ctx context.Context, in SignInInput) (SignInResult, error) {
	server, err := normalizeURL(in.ServerURL)
	if err != nil {
		return SignInResult{}, err
	}
	email := strings.TrimSpace(in.Email)
	if email == "" || in.Password == "" {
		return SignInResult{}, apperr.New(apperr.Invalid, "enter your email and password")
	}
	c := s.newClient(server)
	t, err := c.Login(ctx, syncproto.LoginRequest{Email: email, Password: in.Password,
		DeviceID: s.d.DB.Identity().DeviceID, DeviceName: s.d.DeviceName})
	if err != nil {
		return SignInResult{}, signInError(err, server)
	}
	res := SignInResult{ServerURL: server, Account: account(t.User), Invitations: []Invitation{}, Workspaces: []RemoteWorkspace{}}
	invs, err := c.MyInvitations(ctx)
	if err != nil {
		return SignInResult{}, userError(err)
	}
	for _, i := range invs {
		res.Invitations = append(res.Invitations, invitation(i))
	}
	wss, err := c.Workspaces(ctx)
	if err != nil {
		return SignInResult{}, userError(err)
	}
	for _, w := range wss {
		res.Workspaces = append(res.Workspaces, RemoteWorkspace{ID: w.ID, Name: w.Name, Role: w.Role, Linked: s.link(w.ID) != nil})
	}
	res.Session = newHandle()
	s.mu.Lock()
	s.pruneSessions()
	s.sessions[res.Session] = &pendingSession{client: c, url: server, user: t.User, expires: time.Now().Add(sessionTTL)}
	s.mu.Unlock()
	return res, nil
}

// pruneSessions signs out sign-ins nobody used (caller holds s.mu).
func (s *Service) pruneSessions() {
	now := time.Now()
	for h, ps := range s.sessions {
		if now.After(ps.expires) {
			delete(s.sessions, h)
			go logoutQuietly(ps.client)
		}
	}
}

func logoutQuietly(c *syncproto.Client) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = c.Logout(ctx)
}

func (s *Service) session(handle string) (*pendingSession, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ps := s.sessions[handle]
	if ps == nil || time.Now().After(ps.expires) {
		return nil, apperr.New(apperr.Unauthorized, "The sign-in has expired; sign in again")
	}
	return ps, nil
}

func (s *Service) dropSession(handle string) {
	s.mu.Lock()
	delete(s.sessions, handle)
	s.mu.Unlock()
}

// ListInvitations lists the invitations of a pending sign-in.
func (s *Service) ListInvitations(ctx context.Context, handle string) ([]Invitation, error) {
	ps, err := s.session(handle)
	if err != nil {
		return nil, err
	}
	invs, err := ps.client.MyInvitations(ctx)
	if err != nil {
		return nil, userError(err)
	}
	out := make([]Invitation, 0, len(invs))
	for _, i := range invs {
		out = append(out, invitation(i))
	}
	return out, nil
}

const msgNotMember = "This workspace is already on the server and you are not a member; ask its admin to invite you"

// CreateShared uploads a local workspace as a new shared workspace on the
// server of a pending sign-in; the caller becomes its admin.
func (s *Service) CreateShared(ctx context.Context, handle, ws string) (Status, error) {
	ps, err := s.session(handle)
	if err != nil {
		return Status{}, err
	}
	if s.link(ws) != nil {
		return Status{}, apperr.New(apperr.Conflict, "This workspace is already shared with a server")
	}
	var name string
	err = s.d.DB.R.QueryRowContext(ctx, `SELECT name FROM workspaces WHERE id = ? AND deleted_at IS NULL`, ws).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return Status{}, apperr.New(apperr.NotFound, "workspace %s not found", ws)
	}
	if err != nil {
		return Status{}, fmt.Errorf("read workspace: %w", err)
	}
	rw, err := ps.client.CreateWorkspace(ctx, syncproto.CreateWorkspaceRequest{ID: ws, Name: name})
	switch {
	case syncproto.IsStatus(err, http.StatusConflict):
		// Shared before (then unlinked here): link again if still a member.
		if rw, err = ps.client.Workspace(ctx, ws); err != nil {
			return Status{}, apperr.New(apperr.Conflict, msgNotMember)
		}
	case syncproto.IsStatus(err, http.StatusBadRequest):
		// The server answers a stranger's taken id as an unusable one; a
		// local id is always well formed, so it is taken.
		return Status{}, apperr.Wrap(err, apperr.Conflict, msgNotMember)
	}
	if err != nil {
		return Status{}, userError(err)
	}
	if s.d.Documents != nil {
		if err := s.d.Documents.PublishEmbeddings(ctx, ws); err != nil {
			s.log.Warn("share embeddings", "workspace", ws, "err", err) // members embed themselves
		}
	}
	if err := s.relog(ctx, ws); err != nil {
		return Status{}, err
	}
	return s.attach(ctx, handle, ps, rw)
}

// Join accepts an invitation (or, with an empty invitationID, links a shared
// workspace the user already belongs to) and starts syncing it: the first
// pull brings the workspace and its content.
func (s *Service) Join(ctx context.Context, handle, invitationID, workspaceID string) (Status, error) {
	ps, err := s.session(handle)
	if err != nil {
		return Status{}, err
	}
	var rw syncproto.Workspace
	if invitationID != "" {
		rw, err = ps.client.AcceptInvitation(ctx, invitationID)
	} else {
		rw, err = ps.client.Workspace(ctx, workspaceID)
	}
	if err != nil {
		return Status{}, userError(err)
	}
	if s.link(rw.ID) != nil {
		return Status{}, apperr.New(apperr.Conflict, "This workspace is already linked on this device")
	}
	var other string
	err = s.d.DB.R.QueryRowContext(ctx, `SELECT 1 FROM workspaces WHERE id = ? AND deleted_at IS NOT NULL`, rw.ID).Scan(&other)
	if err == nil {
		// A local copy deleted here would hide the shared one: restore it.
		if err := s.d.DB.Tx(ctx, func(tx *store.Tx) error { return tx.Unstamp(ctx, "workspaces", rw.ID) }); err != nil {
			return Status{}, err
		}
	}
	return s.attach(ctx, handle, ps, rw)
}

// attach records the link, keeps the session's refresh token and starts the
// loop.
func (s *Service) attach(ctx context.Context, handle string, ps *pendingSession, rw syncproto.Workspace) (Status, error) {
	now := s.d.DB.Now()
	row := linkRow{WorkspaceID: rw.ID, ServerURL: ps.url, Email: ps.user.Email, UserID: ps.user.ID,
		DisplayName: ps.user.DisplayName, Role: rw.Role, Members: "[]"}
	if row.Role == "" {
		row.Role = syncproto.RoleMember
	}
	_, err := s.d.DB.W.ExecContext(ctx, `INSERT INTO sync_links (workspace_id, server_url, email, user_id, display_name, role,
		cursor, last_synced_at, members, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, 0, '[]', ?, ?)`,
		row.WorkspaceID, row.ServerURL, row.Email, row.UserID, row.DisplayName, row.Role, now, now)
	if err != nil {
		return Status{}, store.MapErr(fmt.Errorf("record sync link: %w", err))
	}
	s.dropSession(handle)
	l := s.newLink(row, ps.client)
	l.onTokens(ps.client.Tokens()) // into the keychain
	s.mu.Lock()
	s.links[row.WorkspaceID] = l
	s.mu.Unlock()
	l.start(false)
	l.kickLoop()
	return l.snapshot(ctx), nil
}

// relog makes sure every row of a workspace has an unpushed change, so that
// sharing it uploads all of it: rows that came from a pull, or whose changes
// were pushed to a server it was linked to before, are logged again as they
// are. A workspace never shared already has one for every row.
func (s *Service) relog(ctx context.Context, ws string) error {
	for _, table := range syncproto.Tables() {
		for {
			n, err := s.relogSome(ctx, ws, table, 500)
			if err != nil {
				return fmt.Errorf("prepare %s for upload: %w", table, err)
			}
			if n == 0 {
				break
			}
		}
	}
	return nil
}

func (s *Service) relogSome(ctx context.Context, ws, table string, limit int) (int, error) {
	var n int
	err := s.d.DB.Tx(ctx, func(tx *store.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT * FROM `+table+` t WHERE workspace_id = ? AND NOT EXISTS (
			SELECT 1 FROM change_log c WHERE c.table_name = ? AND c.row_id = t.id AND c.workspace_id = t.workspace_id
			AND c.pushed_at IS NULL) LIMIT ?`, ws, table, limit)
		if err != nil {
			return err
		}
		snaps, err := scanMaps(rows)
		if err != nil {
			return err
		}
		for _, snap := range snaps {
			if _, err := tx.Apply(ctx, table, snap, true); err != nil {
				return err
			}
		}
		n = len(snaps)
		return nil
	})
	return n, err
}

// scanMaps reads rows as column -> value maps and closes them.
func scanMaps(rows *sql.Rows) ([]map[string]any, error) {
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out []map[string]any
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		m := make(map[string]any, len(cols))
		for i, c := range cols {
			if b, ok := vals[i].([]byte); ok {
				m[c] = string(b)
			} else {
				m[c] = vals[i]
			}
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// Reconnect signs in again for a linked workspace whose session ended (sign
// out, revoked, no keychain after a restart) and resumes syncing.
func (s *Service) Reconnect(ctx context.Context, ws, password string) (Status, error) {
	l, err := s.mustLink(ws)
	if err != nil {
		return Status{}, err
	}
	l.mu.Lock()
	email, server, userID := l.row.Email, l.row.ServerURL, l.row.UserID
	l.mu.Unlock()
	t, err := l.client.Login(ctx, syncproto.LoginRequest{Email: email, Password: password,
		DeviceID: s.d.DB.Identity().DeviceID, DeviceName: s.d.DeviceName})
	if err != nil {
		return l.snapshot(ctx), signInError(err, server)
	}
	if t.User.ID != userID {
		l.s.log.Warn("the account's id changed on the server", "workspace", ws)
	}
	l.mu.Lock()
	l.signOutCause = ""
	l.mu.Unlock()
	l.setState(StateSyncing, "", "")
	l.kickLoop()
	return l.snapshot(ctx), nil
}

// SignOut ends the link's session on the server and forgets its token; the
// link stays (Reconnect resumes it).
func (s *Service) SignOut(ctx context.Context, ws string) (Status, error) {
	l, err := s.mustLink(ws)
	if err != nil {
		return Status{}, err
	}
	l.endSession(ctx)
	if err := s.d.Secrets.Delete(ctx, keychainAccount(ws)); err != nil {
		s.log.Warn("forget sync token", "workspace", ws, "err", err)
	}
	l.signOut("Signed out. Sign in again to keep this workspace in sync.")
	return l.snapshot(ctx), nil
}

// Unlink stops syncing a workspace and forgets the link; the local copy
// stays, and the membership on the server too.
func (s *Service) Unlink(ctx context.Context, ws string) error {
	l, err := s.mustLink(ws)
	if err != nil {
		return err
	}
	s.mu.Lock()
	delete(s.links, ws)
	s.mu.Unlock()
	l.halt() // nothing of the link is written once its rows go
	if l.hasSession() {
		l.endSession(ctx)
	}
	if err := s.d.Secrets.Delete(ctx, keychainAccount(ws)); err != nil {
		s.log.Warn("forget sync token", "workspace", ws, "err", err)
	}
	err = s.d.DB.Tx(ctx, func(tx *store.Tx) error {
		for _, q := range []string{`DELETE FROM sync_links WHERE workspace_id = ?`, `DELETE FROM sync_parked WHERE workspace_id = ?`,
			`DELETE FROM sync_base WHERE workspace_id = ?`} {
			if _, err := tx.ExecContext(ctx, q, ws); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("unlink: %w", err)
	}
	s.d.Events.Emit(events.SyncStatus, events.SyncStatusPayload{WorkspaceID: ws, State: StateUnlinked})
	return nil
}

func account(u syncproto.User) Account {
	return Account{ID: u.ID, Email: u.Email, DisplayName: u.DisplayName}
}

func invitation(i syncproto.Invitation) Invitation {
	return Invitation{ID: i.ID, WorkspaceID: i.WorkspaceID, WorkspaceName: i.WorkspaceName, Email: i.Email, Role: i.Role,
		InvitedBy: i.InvitedBy, CreatedAt: i.CreatedAt, ExpiresAt: i.ExpiresAt}
}
