// Package sync links workspaces to a BookBag server (docs/SYNC.md) and keeps
// them in step: a background loop per linked workspace pushes the change log,
// pulls what others changed and applies it last-writer-wins, moves document
// files content-addressed, and reports its state as sync:status events.
//
// Nothing here stores a token in SQLite: the refresh token of each link lives
// in the keychain (account "sync/<workspace id>"), or only in memory where no
// keychain answers.
package sync

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"sync"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/blob"
	"bookbag/backend/events"
	"bookbag/backend/secrets"
	"bookbag/backend/store"
	"bookbag/backend/syncproto"
)

// Deps are the collaborators of Service. DB, Blobs and Secrets are required.
type Deps struct {
	DB        *store.DB
	Blobs     *blob.Store
	Secrets   secrets.Store
	Events    events.Emitter // default: discard
	Documents Documents      // nil: documents are not indexed after a pull
	// Chats forgets chats a member may no longer see; Workspaces keeps one
	// settings row per workspace and tells its embedding model.
	Chats      Chats
	Workspaces Workspaces
	// FilesInUse says whether any domain still names a stored file before
	// a pulled delete removes it (nil: files are kept).
	FilesInUse blob.InUse
	// Usage gives the model calls to send to the server (nil: none are).
	Usage Usage
	Log   *slog.Logger
	// HTTP is the client used to talk to servers (nil: syncproto's default).
	HTTP *http.Client
	// DeviceName names this device's sessions on the server (default: host name).
	DeviceName string
	// Manual disables the background loops: nothing syncs until SyncNow
	// (tests that make offline edits).
	Manual bool
	// Backoff bounds the delay between failed attempts (default 1 s to 60 s).
	MinBackoff, MaxBackoff time.Duration
	// WaitTimeout is how long one long poll waits for news (default 25 s).
	WaitTimeout time.Duration
	// EventsIdle ends an event stream on which nothing, not even a
	// heartbeat, arrived for this long (default 2 min; the server beats
	// every 15 s).
	EventsIdle time.Duration
	// PageSize is the number of changes asked per pull (default 1000).
	PageSize int
}

// Service manages every linked workspace.
type Service struct {
	d   Deps
	log *slog.Logger

	ctx    context.Context // lives until Close
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu       sync.Mutex
	links    map[string]*link // by workspace id
	sessions map[string]*pendingSession
	started  bool
}

// NewService builds the service; Start loads the links and starts syncing.
func NewService(d Deps) *Service {
	if d.Events == nil {
		d.Events = events.Discard{}
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	if d.DeviceName == "" {
		d.DeviceName, _ = os.Hostname()
		if d.DeviceName == "" {
			d.DeviceName = "BookBag Desktop"
		}
	}
	if d.MinBackoff <= 0 {
		d.MinBackoff = time.Second
	}
	if d.MaxBackoff <= 0 {
		d.MaxBackoff = time.Minute
	}
	if d.WaitTimeout <= 0 {
		d.WaitTimeout = 25 * time.Second
	}
	if d.EventsIdle <= 0 {
		d.EventsIdle = 2 * time.Minute
	}
	if d.PageSize <= 0 {
		d.PageSize = 1000
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Service{d: d, log: d.Log, ctx: ctx, cancel: cancel, links: map[string]*link{}, sessions: map[string]*pendingSession{}}
	d.DB.OnLogged(s.localChange)
	return s
}

// Start loads the linked workspaces and starts their loops. Each loop reads
// its refresh token from the keychain first (off the caller's path: an
// unlock prompt may take a while).
func (s *Service) Start(ctx context.Context) error {
	rows, err := loadLinks(ctx, s.d.DB)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.started {
		return nil
	}
	s.started = true
	for _, r := range rows {
		l := s.newLink(r, nil)
		s.links[r.WorkspaceID] = l
		l.start(true)
	}
	return nil
}

// Close stops every loop and waits for them. Pending sign-ins are dropped.
func (s *Service) Close() {
	s.cancel()
	s.wg.Wait()
}

// localChange is the store's OnLogged hook: a local write to a linked
// workspace wakes its loop.
func (s *Service) localChange(workspaceIDs []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, ws := range workspaceIDs {
		if l := s.links[ws]; l != nil {
			l.kickLocal()
		}
	}
}

func (s *Service) link(ws string) *link {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.links[ws]
}

// Linked reports whether a workspace is shared with a server from here.
// Before Start has loaded the links it reads them from the database: the
// documents service starts first, and a document it finishes then must
// still publish its vectors.
func (s *Service) Linked(ws string) bool {
	if l, started := s.loaded(ws); l != nil || started {
		return l != nil
	}
	_, linked := s.storedRole(ws)
	return linked
}

// Role returns this user's role in a linked workspace ("" when not linked).
// Before Start it reads the stored link, as Linked does, so a member's
// workspace is never taken for an unshared one at startup.
func (s *Service) Role(ws string) string {
	l, started := s.loaded(ws)
	if l == nil {
		if started {
			return ""
		}
		role, _ := s.storedRole(ws)
		return role
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.row.Role
}

// loaded returns a workspace's running link and whether Start has run.
func (s *Service) loaded(ws string) (*link, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.links[ws], s.started
}

// storedRole reads a workspace's link row before Start has loaded the links.
func (s *Service) storedRole(ws string) (role string, linked bool) {
	err := s.d.DB.R.QueryRowContext(context.Background(), `SELECT role FROM sync_links WHERE workspace_id = ?`, ws).Scan(&role)
	if err != nil {
		if !errors.Is(err, sql.ErrNoRows) {
			s.log.Warn("read sync link", "workspace", ws, "err", err)
		}
		return "", false
	}
	return role, true
}

func (s *Service) mustLink(ws string) (*link, error) {
	if l := s.link(ws); l != nil {
		return l, nil
	}
	return nil, apperr.New(apperr.NotFound, "this workspace is not shared with a server")
}

// Status returns a workspace's sync state (StateUnlinked when not linked).
func (s *Service) Status(ctx context.Context, ws string) (Status, error) {
	l := s.link(ws)
	if l == nil {
		return Status{WorkspaceID: ws, State: StateUnlinked, Rejections: []Rejection{}}, nil
	}
	return l.snapshot(ctx), nil
}

// Statuses returns the state of every linked workspace.
func (s *Service) Statuses(ctx context.Context) []Status {
	s.mu.Lock()
	ls := make([]*link, 0, len(s.links))
	for _, l := range s.links {
		ls = append(ls, l)
	}
	s.mu.Unlock()
	out := make([]Status, 0, len(ls))
	for _, l := range ls {
		out = append(out, l.snapshot(ctx))
	}
	return out
}

// SyncNow runs one push and pull for the workspace at once, in the caller's
// goroutine, and returns the state it ends in. A failure is in the state
// (and the error).
func (s *Service) SyncNow(ctx context.Context, ws string) (Status, error) {
	l, err := s.mustLink(ws)
	if err != nil {
		return Status{}, err
	}
	if !l.hasSession() {
		st := l.snapshot(ctx)
		return st, apperr.New(apperr.Unauthorized, "%s", st.Error)
	}
	cctx, cancel := l.bound(ctx) // Unlink and quitting stop it, as they stop the loop
	err = l.cycle(cctx)
	cancel()
	st := l.snapshot(ctx)
	if err != nil {
		return st, userError(err)
	}
	l.kickLoop() // let the loop go back to waiting with the new cursor
	return st, nil
}

// LinkedAccounts lists the server accounts of the shared workspaces (from the
// links on disk, so it holds before Start), for a backup to name the
// sign-ins a restore elsewhere needs again.
func (s *Service) LinkedAccounts(ctx context.Context) ([]LinkedAccount, error) {
	rows, err := loadLinks(ctx, s.d.DB)
	if err != nil {
		return nil, err
	}
	out := make([]LinkedAccount, 0, len(rows))
	for _, r := range rows {
		out = append(out, LinkedAccount{WorkspaceID: r.WorkspaceID, ServerURL: r.ServerURL, Email: r.Email})
	}
	return out, nil
}

// linkRow is a sync_links row.
type linkRow struct {
	WorkspaceID  string
	ServerURL    string
	Email        string
	UserID       string
	DisplayName  string
	Role         string
	Cursor       int64
	LastSyncedAt int64
	Members      string
}

func loadLinks(ctx context.Context, db *store.DB) ([]linkRow, error) {
	rows, err := db.R.QueryContext(ctx, `SELECT workspace_id, server_url, email, user_id, display_name, role, cursor,
		last_synced_at, members FROM sync_links ORDER BY created_at`)
	if err != nil {
		return nil, fmt.Errorf("read sync links: %w", err)
	}
	defer rows.Close()
	var out []linkRow
	for rows.Next() {
		var r linkRow
		if err := rows.Scan(&r.WorkspaceID, &r.ServerURL, &r.Email, &r.UserID, &r.DisplayName, &r.Role, &r.Cursor,
			&r.LastSyncedAt, &r.Members); err != nil {
			return nil, fmt.Errorf("read sync links: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func loadLink(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, ws string) (linkRow, error) {
	var r linkRow
	err := q.QueryRowContext(ctx, `SELECT workspace_id, server_url, email, user_id, display_name, role, cursor,
		last_synced_at, members FROM sync_links WHERE workspace_id = ?`, ws).
		Scan(&r.WorkspaceID, &r.ServerURL, &r.Email, &r.UserID, &r.DisplayName, &r.Role, &r.Cursor, &r.LastSyncedAt, &r.Members)
	if errors.Is(err, sql.ErrNoRows) {
		return r, apperr.New(apperr.NotFound, "this workspace is not shared with a server")
	}
	if err != nil {
		return r, fmt.Errorf("read sync link: %w", err)
	}
	return r, nil
}

// keychainAccount is where a link's refresh token is kept.
func keychainAccount(ws string) string { return "sync/" + ws }

// newClient builds a protocol client for a server.
func (s *Service) newClient(url string) *syncproto.Client {
	return syncproto.NewClient(url, s.d.HTTP)
}

// ClearRejections forgets the refused changes a status shows.
func (s *Service) ClearRejections(ctx context.Context, ws string) (Status, error) {
	l, err := s.mustLink(ws)
	if err != nil {
		return Status{}, err
	}
	l.mu.Lock()
	l.rejections = nil
	if l.errCode == CodeRejected && l.retryable == 0 {
		l.state, l.errText, l.errCode = StateSynced, "", ""
	}
	l.mu.Unlock()
	l.emit()
	return l.snapshot(ctx), nil
}
