package server

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"bookbag/backend/sqlkit"
	"bookbag/backend/syncproto"
)

// handleEvents streams the workspace's head as server-sent events: one
// "change" event on connect and one whenever the head moves (the hub that
// wakes long polls wakes streams too), a comment every heartbeat so that
// proxies and clients see a live connection, each flushed at once. A
// proxy must not buffer it: X-Accel-Buffering tells nginx so.
func (s *Server) handleEvents(ctx context.Context, c *call) error {
	fl, ok := c.w.(http.Flusher)
	if !ok {
		return errf(http.StatusNotImplemented, syncproto.CodeUnavailable, "streaming is not supported here; use /wait")
	}
	s.streams.Add(1)
	defer s.streams.Add(-1)
	h := c.w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no")
	c.w.WriteHeader(http.StatusOK)
	if _, err := fmt.Fprintf(c.w, "retry: %d\n\n", s.cfg.EventsRetry.Milliseconds()); err != nil {
		return nil
	}
	fl.Flush()
	beat := time.NewTicker(s.cfg.EventsHeartbeat)
	defer beat.Stop()
	last := int64(-1)
	for {
		woken := s.hub.subscribe(c.ws)
		head, err := s.liveHead(ctx, c)
		if err != nil {
			// The answer has started: the stream ends, and the client's
			// next request (a pull, a wait) hears why.
			if !errors.Is(err, context.Canceled) && ctx.Err() == nil {
				s.log.Info("event stream ended", "workspace", c.ws, "err", err)
			}
			return nil
		}
		if head != last {
			data, _ := json.Marshal(syncproto.ChangeEvent{Head: head})
			if _, err := fmt.Fprintf(c.w, "event: change\ndata: %s\n\n", data); err != nil {
				return nil
			}
			fl.Flush()
			last = head
		}
		// Both a wake and a heartbeat read the head again, which checks
		// that the caller may still see it.
		select {
		case <-woken:
		case <-beat.C:
			if _, err := fmt.Fprint(c.w, ": ping\n\n"); err != nil {
				return nil
			}
			fl.Flush()
		case <-ctx.Done():
			return nil
		case <-s.ctx.Done():
			return nil
		}
	}
}

// liveHead reads the head again and checks that the caller still has a
// live session of an enabled account (else 401) and is still a member of
// the live workspace (else 404): a stream or long poll outlives its first
// check, and every wake-up of every one runs this.
func (s *Server) liveHead(ctx context.Context, c *call) (int64, error) {
	var head int64
	var session, member int
	err := s.db.Reader().QueryRowContext(ctx, `SELECT w.seq,
			(SELECT COUNT(*) FROM sessions s JOIN users u ON u.id = s.user_id
				WHERE s.id = $3 AND s.user_id = $2 AND u.disabled = 0 AND s.revoked_at IS NULL AND s.expires_at > $4),
			(SELECT COUNT(*) FROM members m WHERE m.workspace_id = w.id AND m.user_id = $2)
		FROM workspaces w WHERE w.id = $1 AND w.deleted_at IS NULL`, c.ws, c.user.ID, c.sessionID, s.nowMs()).Scan(&head, &session, &member)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return 0, errNotFound(msgNoWorkspace)
	case err != nil:
		return 0, fmt.Errorf("read head: %w", err)
	case session == 0:
		return 0, errUnauthorized("invalid or expired token")
	case member == 0:
		return 0, errNotFound(msgNoWorkspace)
	}
	return head, nil
}

// wake wakes the event streams and long polls of workspaces wss in every
// server process, after a committed change that may end a caller's access
// there (a member removed, a session ended, an account disabled, the
// workspace deleted): each checks again now (liveHead) and ends, instead of
// at its next heartbeat or timeout. Best effort: if the notification fails,
// the heartbeat still ends them.
func (s *Server) wake(ctx context.Context, wss ...string) {
	if len(wss) == 0 {
		return
	}
	ctx = context.WithoutCancel(ctx) // the change is made: the caller may go
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		for _, ws := range wss {
			if err := s.db.Notify(ctx, tx, ws, 0); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		s.log.Warn("wake event streams", "err", err)
	}
	for _, ws := range wss {
		s.hub.publish(ws, 0)
	}
}

// wakeUser wakes the streams and long polls of every workspace userID
// belongs to (see wake), after their sessions ended.
func (s *Server) wakeUser(ctx context.Context, userID string) {
	wss, err := sqlkit.Strings(ctx, s.db.Reader(), `SELECT workspace_id FROM members WHERE user_id = $1`, userID)
	if err != nil {
		s.log.Warn("wake event streams", "err", err)
		return
	}
	s.wake(ctx, wss...)
}

// EventStreams is the number of open event streams (for monitoring, and
// for tests that check a gone client frees its stream).
func (s *Server) EventStreams() int64 { return s.streams.Load() }
