package server

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

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
		head, err := s.streamHead(ctx, c)
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

// streamHead reads the head again, in one query that also checks that the
// caller is still a member with a live session: a stream outlives its
// first check, and every wake-up of every stream runs this.
func (s *Server) streamHead(ctx context.Context, c *call) (int64, error) {
	var head int64
	err := s.db.Reader().QueryRowContext(ctx, `SELECT w.seq FROM workspaces w
		JOIN members m ON m.workspace_id = w.id AND m.user_id = $2
		JOIN users u ON u.id = m.user_id AND u.disabled = 0
		JOIN sessions s ON s.user_id = u.id AND s.id = $3 AND s.revoked_at IS NULL AND s.expires_at > $4
		WHERE w.id = $1 AND w.deleted_at IS NULL`, c.ws, c.user.ID, c.sessionID, s.nowMs()).Scan(&head)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, errNotFound("the workspace, the membership or the session is gone")
	}
	if err != nil {
		return 0, fmt.Errorf("read head: %w", err)
	}
	return head, nil
}

// EventStreams is the number of open event streams (for monitoring, and
// for tests that check a gone client frees its stream).
func (s *Server) EventStreams() int64 { return s.streams.Load() }
