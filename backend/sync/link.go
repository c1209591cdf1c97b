package sync

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"bookbag/backend/events"
	"bookbag/backend/secrets"
	"bookbag/backend/sqlkit"
	"bookbag/backend/syncproto"
)

// maxRejections bounds the refused changes a status remembers.
const maxRejections = 20

// link is one linked workspace: its client, its loop and its state.
type link struct {
	s      *Service
	ws     string
	client *syncproto.Client

	kick  chan struct{} // wake the loop now (sign-in, SyncNow)
	local chan struct{} // a local change (debounced)
	news  chan struct{} // the event stream heard of changes (or closed)

	streaming atomic.Bool // an event stream is open: no long poll needed

	cycleMu    sync.Mutex // one push+pull at a time (loop and SyncNow)
	pushBudget int        // bytes of snapshots a push may carry (under cycleMu)

	mu           sync.Mutex
	row          linkRow // server, account and role (the cursor's truth is the database)
	state        string
	errText      string
	errCode      string
	signedIn     bool
	keychainOK   bool
	head         int64 // newest server sequence seen
	rejections   []Rejection
	retryable    int // changes refused in the last cycle that may pass later
	lastEmitted  events.SyncStatusPayload
	life         context.Context // ends when the link stops (unlink, quit): SyncNow's cycle too
	stop         context.CancelFunc
	done         chan struct{}
	signOutCause string // why the session ended, for the status
	ending       bool   // this device is ending the session (SignOut, Unlink), not the server
}

func (s *Service) newLink(r linkRow, client *syncproto.Client) *link {
	if client == nil {
		client = s.newClient(r.ServerURL)
	}
	l := &link{s: s, ws: r.WorkspaceID, client: client, row: r, state: StateSyncing, keychainOK: true, pushBudget: maxPushBytes,
		kick: make(chan struct{}, 1), local: make(chan struct{}, 1), news: make(chan struct{}, 1)}
	client.OnTokens(l.onTokens)
	return l
}

// start runs the loop (unless the service is manual). With loadToken the
// refresh token is read from the keychain first.
func (l *link) start(loadToken bool) {
	ctx, cancel := context.WithCancel(l.s.ctx)
	l.mu.Lock()
	l.life, l.stop = ctx, cancel
	l.done = make(chan struct{})
	done := l.done
	l.mu.Unlock()
	if l.s.d.Manual {
		if loadToken {
			l.loadToken(ctx)
		}
		close(done)
		l.emit()
		return
	}
	l.s.wg.Add(1)
	go func() {
		defer l.s.wg.Done()
		defer close(done)
		if loadToken {
			l.loadToken(ctx)
		}
		var listening sync.WaitGroup
		listening.Add(1)
		go func() {
			defer listening.Done()
			l.listen(ctx)
		}()
		l.run(ctx)
		listening.Wait()
	}()
}

// halt stops the loop and a running SyncNow, and waits for both.
func (l *link) halt() {
	l.mu.Lock()
	stop, done := l.stop, l.done
	l.mu.Unlock()
	if stop != nil {
		stop()
		<-done
	}
	l.cycleMu.Lock() // SyncNow's cycle returns once it sees the end
	l.cycleMu.Unlock()
}

// bound returns ctx, also ended when the link stops.
func (l *link) bound(ctx context.Context) (context.Context, context.CancelFunc) {
	l.mu.Lock()
	life := l.life
	l.mu.Unlock()
	ctx, cancel := context.WithCancel(ctx)
	if life == nil {
		return ctx, cancel
	}
	stop := context.AfterFunc(life, cancel)
	return ctx, func() { stop(); cancel() }
}

// loadToken reads the refresh token from the keychain.
func (l *link) loadToken(ctx context.Context) {
	tok, err := l.s.d.Secrets.Get(ctx, keychainAccount(l.ws))
	switch {
	case err == nil && tok != "":
		l.client.SetTokens(syncproto.Tokens{RefreshToken: tok})
		l.mu.Lock()
		l.signedIn = true
		l.mu.Unlock()
	case errors.Is(err, secrets.ErrNotFound) || err == nil:
		l.signOut("Signed out. Sign in again to keep this workspace in sync.")
	default:
		l.mu.Lock()
		l.keychainOK = false
		l.mu.Unlock()
		l.signOut("The system keychain is not available, so the session was not kept after the restart. Sign in again to keep this workspace in sync.")
	}
}

// onTokens keeps the refresh token in the keychain (the client calls it
// after every sign-in and refresh, and with empty tokens when the session ends).
func (l *link) onTokens(t syncproto.Tokens) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*secrets.DefaultTimeout)
	defer cancel()
	account := keychainAccount(l.ws)
	if t.RefreshToken == "" {
		l.mu.Lock()
		own := l.ending
		l.mu.Unlock()
		if own {
			return // SignOut and Unlink forget the token and say so themselves
		}
		if err := l.s.d.Secrets.Delete(ctx, account); err != nil && !errors.Is(err, secrets.ErrUnavailable) {
			l.s.log.Warn("forget sync token", "workspace", l.ws, "err", err)
		}
		l.signOut("The server ended this session (signed out everywhere, a password change or an admin reset). Sign in again to keep this workspace in sync.")
		return
	}
	err := l.s.d.Secrets.Set(ctx, account, t.RefreshToken)
	if err != nil {
		// Kept in memory by the client: works until the app quits.
		l.s.log.Warn("keep sync token in the keychain", "workspace", l.ws, "err", err)
	}
	l.mu.Lock()
	l.keychainOK = err == nil
	l.signedIn = true
	l.mu.Unlock()
}

// endSession logs the link's session out on the server (at most 5 s) as
// this device's own doing; the tokens are forgotten either way.
func (l *link) endSession(ctx context.Context) {
	l.mu.Lock()
	l.ending = true
	l.mu.Unlock()
	lctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := l.client.Logout(lctx); err != nil {
		l.s.log.Info("sign out on the server failed; forgetting the session here", "workspace", l.ws, "err", err)
	}
	l.mu.Lock()
	l.ending = false
	l.mu.Unlock()
}

// hasSession reports whether the link has a session.
func (l *link) hasSession() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.signedIn
}

// signOut marks the link signed out with a reason.
func (l *link) signOut(reason string) {
	l.mu.Lock()
	l.signedIn = false
	l.signOutCause = reason
	l.state, l.errText, l.errCode = StateError, reason, CodeSignedOut
	l.mu.Unlock()
	l.emit()
}

func (l *link) kickLoop() {
	select {
	case l.kick <- struct{}{}:
	default:
	}
}

func (l *link) kickLocal() {
	select {
	case l.local <- struct{}{}:
	default:
	}
}

// run is the background loop: sync, then wait for a local change, the
// server's notification or a kick; back off while failing.
func (l *link) run(ctx context.Context) {
	var backoff time.Duration
	for ctx.Err() == nil {
		if !l.hasSession() {
			l.emit()
			if !l.sleep(ctx, 0) {
				return
			}
			continue
		}
		err := l.cycle(ctx)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			var d time.Duration
			switch classify(err) {
			case CodeSignedOut:
				d = 0 // until signed in again
			case CodeRemoved:
				d = 5 * time.Minute
			default:
				backoff = nextBackoff(backoff, l.s.d.MinBackoff, l.s.d.MaxBackoff)
				d = backoff
			}
			l.s.log.Info("sync failed", "workspace", l.ws, "err", err, "retry_in", d)
			if !l.sleep(ctx, d) {
				return
			}
			continue
		}
		backoff = 0
		if err := l.waitForNews(ctx); err != nil && ctx.Err() == nil {
			// The long poll failed (the next cycle says why): do not spin.
			backoff = nextBackoff(backoff, l.s.d.MinBackoff, l.s.d.MaxBackoff)
			if !l.sleep(ctx, backoff) {
				return
			}
		}
	}
}

// nextBackoff doubles the delay within [lo, hi], with jitter.
func nextBackoff(cur, lo, hi time.Duration) time.Duration {
	if cur <= 0 {
		cur = lo
	} else {
		cur *= 2
	}
	if cur > hi {
		cur = hi
	}
	return cur/2 + rand.N(cur/2+1)
}

// sleep waits d (0: until woken) or until a kick or local change; false
// when ctx ended.
func (l *link) sleep(ctx context.Context, d time.Duration) bool {
	var timer <-chan time.Time
	if d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		timer = t.C
	}
	select {
	case <-ctx.Done():
		return false
	case <-l.kick:
	case <-l.local:
		l.debounce(ctx)
	case <-timer:
	}
	return ctx.Err() == nil
}

// debounce lets a burst of local writes (a streamed answer's saves, an
// import) settle before pushing.
func (l *link) debounce(ctx context.Context) {
	t := time.NewTimer(150 * time.Millisecond)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
	select {
	case <-l.local:
	default:
	}
}

// waitForNews waits until something arrives after the cursor (the event
// stream says so, or else a long poll), a local change, or a kick. An error
// is the long poll's failure.
func (l *link) waitForNews(ctx context.Context) error {
	type result struct {
		head int64
		err  error
	}
	for ctx.Err() == nil {
		if l.streaming.Load() {
			select {
			case <-ctx.Done():
			case <-l.kick:
			case <-l.news:
			case <-l.local:
				l.debounce(ctx)
			}
			return nil
		}
		cursor, err := l.cursor(ctx)
		if err != nil {
			return err
		}
		wctx, cancel := context.WithCancel(ctx)
		ch := make(chan result, 1)
		go func() {
			h, err := l.client.Wait(wctx, l.ws, cursor, l.s.d.WaitTimeout)
			ch <- result{h, err}
		}()
		select {
		case <-ctx.Done():
			cancel()
			return nil
		case <-l.kick:
			cancel()
			return nil
		case <-l.news:
			cancel()
			return nil
		case <-l.local:
			cancel()
			l.debounce(ctx)
			return nil
		case r := <-ch:
			cancel()
			if r.err != nil {
				return r.err
			}
			if r.head <= cursor {
				continue // timed out: wait again
			}
			l.mu.Lock()
			l.head = max(l.head, r.head)
			l.mu.Unlock()
			return nil
		}
	}
	return nil
}

// cycle pushes every pending change, then pulls everything new.
func (l *link) cycle(ctx context.Context) error {
	l.cycleMu.Lock()
	defer l.cycleMu.Unlock()
	if err := ctx.Err(); err != nil {
		return err // the link stopped while this waited for the last cycle
	}
	// Say "syncing" when there is something to move (or the last attempt
	// failed); a wake-up that finds nothing new does not flicker.
	cursor, _ := l.cursor(ctx)
	l.mu.Lock()
	quiet := l.state == StateSynced && l.head <= cursor
	l.mu.Unlock()
	if !quiet || l.pendingCount(ctx) > 0 {
		l.setState(StateSyncing, "", "")
	}
	rej, err := l.pushAll(ctx)
	if err == nil {
		// Usage is bookkeeping: its failure (a batch the server refuses)
		// must not stop the workspace's content from syncing.
		if uerr := l.pushUsage(ctx); uerr != nil && ctx.Err() == nil {
			l.s.log.Warn("send usage", "workspace", l.ws, "err", uerr)
		}
		err = l.pullAll(ctx)
	}
	if err == nil {
		err = l.fetchMissing(ctx)
	}
	l.mu.Lock()
	l.retryable = rej
	l.mu.Unlock()
	if err != nil {
		if ctx.Err() == nil {
			l.failed(err)
		}
		return err
	}
	now := l.s.d.DB.Now()
	if _, err := l.s.d.DB.W.ExecContext(ctx, `UPDATE sync_links SET last_synced_at = ?, updated_at = ? WHERE workspace_id = ?`,
		now, now, l.ws); err != nil {
		return fmt.Errorf("record sync time: %w", err)
	}
	l.mu.Lock()
	l.row.LastSyncedAt = now
	l.mu.Unlock()
	if rej > 0 {
		l.setState(StateError, fmt.Sprintf("%d change(s) could not be synced yet: %s", rej, l.lastReason()), CodeRejected)
	} else {
		l.setState(StateSynced, "", "")
	}
	return nil
}

func (l *link) lastReason() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if n := len(l.rejections); n > 0 {
		return l.rejections[n-1].Reason
	}
	return "refused by the server"
}

// failed records why a cycle failed.
func (l *link) failed(err error) {
	code := classify(err)
	switch code {
	case CodeSignedOut:
		l.mu.Lock()
		cause := l.signOutCause
		l.mu.Unlock()
		if cause == "" {
			cause = "Signed out. Sign in again to keep this workspace in sync."
		}
		l.signOut(cause)
	case CodeRemoved:
		l.setState(StateError, "You are no longer a member of this shared workspace, or it was removed from the server. Your local copy is kept.", CodeRemoved)
	case CodeOffline:
		l.setState(StateOffline, "Cannot reach "+l.row.ServerURL+"; retrying.", CodeOffline)
	default:
		l.setState(StateError, userError(err).Error(), CodeServer)
	}
}

func (l *link) setState(state, msg, code string) {
	l.mu.Lock()
	l.state, l.errText, l.errCode = state, msg, code
	l.mu.Unlock()
	l.emit()
}

// reject remembers a refused change.
func (l *link) reject(r Rejection) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i, old := range l.rejections {
		if old.Table == r.Table && old.RowID == r.RowID {
			l.rejections = append(l.rejections[:i], l.rejections[i+1:]...)
			break
		}
	}
	l.rejections = append(l.rejections, r)
	if len(l.rejections) > maxRejections {
		l.rejections = l.rejections[len(l.rejections)-maxRejections:]
	}
}

// cursor is the last server sequence applied.
func (l *link) cursor(ctx context.Context) (int64, error) {
	var c int64
	err := l.s.d.DB.R.QueryRowContext(ctx, `SELECT cursor FROM sync_links WHERE workspace_id = ?`, l.ws).Scan(&c)
	if err != nil {
		return 0, fmt.Errorf("read sync cursor: %w", err)
	}
	return c, nil
}

// pendingCount counts local changes waiting to be pushed.
func (l *link) pendingCount(ctx context.Context) int {
	var n int
	_ = l.s.d.DB.R.QueryRowContext(ctx, `SELECT count(*) FROM change_log WHERE workspace_id = ? AND pushed_at IS NULL`+heldBack,
		l.ws).Scan(&n)
	return n
}

// snapshot is the link's current Status.
func (l *link) snapshot(ctx context.Context) Status {
	pending := l.pendingCount(ctx)
	cursor, _ := l.cursor(ctx)
	l.mu.Lock()
	defer l.mu.Unlock()
	st := Status{WorkspaceID: l.ws, Linked: true, ServerURL: l.row.ServerURL, Email: l.row.Email, UserID: l.row.UserID,
		DisplayName: l.row.DisplayName, Role: l.row.Role, State: l.state, Pending: pending, LastSyncedAt: l.row.LastSyncedAt,
		Error: l.errText, ErrorCode: l.errCode, SignedIn: l.signedIn, KeychainAvailable: l.keychainOK,
		Rejections: append([]Rejection{}, l.rejections...)}
	if st.State == StateSyncing && l.head > cursor {
		st.Pending += int(l.head - cursor)
	}
	if st.State == StateSynced && len(l.rejections) > 0 {
		st.ErrorCode = CodeRejected
		st.Error = fmt.Sprintf("%d change(s) were refused by the server: %s", len(l.rejections), l.rejections[len(l.rejections)-1].Reason)
	}
	return st
}

// emit publishes the state as a sync:status event (when it changed).
func (l *link) emit() {
	st := l.snapshot(l.s.ctx)
	p := events.SyncStatusPayload{WorkspaceID: st.WorkspaceID, State: st.State, Pending: st.Pending,
		LastSyncedAt: st.LastSyncedAt, Error: st.Error}
	l.mu.Lock()
	same := p == l.lastEmitted
	l.lastEmitted = p
	l.mu.Unlock()
	if !same {
		l.s.d.Events.Emit(events.SyncStatus, p)
	}
}

// userID is the server account of the link.
func (l *link) userID() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.row.UserID
}

// EverShared reports whether anything of a workspace ever reached a server
// from this device or came from one: a link, a row last pushed or pulled
// (sync_base), or a pushed change. The workspace service keeps such a
// workspace as a tombstone when it is deleted, so that the delete travels.
func EverShared(ctx context.Context, q sqlkit.Queryer, workspaceID string) (bool, error) {
	var shared int
	err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM sync_links WHERE workspace_id = ?1)
		OR EXISTS (SELECT 1 FROM sync_base WHERE workspace_id = ?1)
		OR EXISTS (SELECT 1 FROM change_log WHERE workspace_id = ?1 AND pushed_at IS NOT NULL)`, workspaceID).Scan(&shared)
	if err != nil {
		return false, fmt.Errorf("check sync link: %w", err)
	}
	return shared == 1, nil
}

// EverShared reports whether anything of a workspace ever reached a server
// (see the function EverShared).
func (s *Service) EverShared(ctx context.Context, workspaceID string) (bool, error) {
	return EverShared(ctx, s.d.DB.R, workspaceID)
}
