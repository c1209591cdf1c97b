package server

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"bookbag/backend/syncproto"
)

func (s *Server) handlePull(ctx context.Context, c *call) error {
	after, err := queryInt(c.r, "after", 0)
	if err != nil {
		return err
	}
	limit, err := queryInt(c.r, "limit", int64(s.cfg.PullLimit))
	if err != nil {
		return err
	}
	if limit == 0 || limit > int64(s.cfg.PullMaxLimit) {
		limit = int64(s.cfg.PullMaxLimit)
	}
	out, err := s.pull(ctx, c.ws, c.user.ID, after, int(limit))
	if err != nil {
		return err
	}
	return c.ok(out)
}

// pull reads one page on one database snapshot. Head is read in the same
// snapshot as the rows, and sequences commit in order, so every sequence up
// to head is visible here: a cursor never skips a change committed later.
//
// Visibility: rows outside chats go to every member; a chat and its
// messages and documents go to its owner, and to everyone while the chat
// is shared. A chat that was shared and no longer is reaches non-owners as
// OpHide without content.
func (s *Server) pull(ctx context.Context, ws, user string, after int64, limit int) (syncproto.PullResponse, error) {
	out := syncproto.PullResponse{Changes: []syncproto.Change{}}
	err := s.readTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT seq FROM workspaces WHERE id = $1 AND deleted_at IS NULL`, ws).Scan(&out.Head); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return errNotFound(msgNoWorkspace)
			}
			return fmt.Errorf("read head: %w", err)
		}
		rows, err := tx.QueryContext(ctx, `SELECT r.tbl, r.row_id, r.seq, r.hlc, r.device_id, r.author_id, r.owner_id, r.op,
				r.snapshot, r.shared
			FROM sync_rows r
			LEFT JOIN sync_rows c ON c.workspace_id = r.workspace_id AND c.tbl = 'chats' AND c.row_id = r.chat_id
			WHERE r.workspace_id = $1 AND r.seq > $2 AND r.seq <= $3
				AND (r.chat_id IS NULL OR c.owner_id = $4 OR c.shared = 1 OR (r.tbl = 'chats' AND r.was_shared = 1))
			ORDER BY r.seq LIMIT $5`, ws, after, out.Head, user, limit+1)
		if err != nil {
			return fmt.Errorf("pull: %w", err)
		}
		defer rows.Close()
		out.Next = out.Head
		bytes := 0
		for rows.Next() {
			var (
				ch     syncproto.Change
				snap   string
				shared int
			)
			if err := rows.Scan(&ch.Table, &ch.RowID, &ch.Seq, &ch.HLC, &ch.DeviceID, &ch.AuthorID, &ch.OwnerID, &ch.Op,
				&snap, &shared); err != nil {
				return fmt.Errorf("pull: %w", err)
			}
			if len(out.Changes) == limit || (bytes > s.cfg.PullMaxBytes && len(out.Changes) > 0) {
				out.More = true
				out.Next = out.Changes[len(out.Changes)-1].Seq
				break
			}
			ch.WorkspaceID = ws
			if ch.Table == syncproto.TableChats && ch.OwnerID != user && shared == 0 {
				ch.Op, ch.DeviceID, ch.AuthorID = syncproto.OpHide, "", ""
			} else {
				ch.Snapshot = json.RawMessage(snap)
				bytes += len(snap)
			}
			out.Changes = append(out.Changes, ch)
		}
		return rows.Err()
	})
	if err != nil {
		return syncproto.PullResponse{}, err
	}
	out.ServerTime = s.nowMs()
	return out, nil
}

// rowAsSeen is one stored row as user would pull it: nil when there is no
// such row, OpHide when the user may not see it.
func (s *Server) rowAsSeen(ctx context.Context, q queryer, ws, user, table, id string) (*syncproto.Change, error) {
	var (
		ch         syncproto.Change
		snap       string
		chatID     sql.NullString
		chatOwner  sql.NullString
		chatShared sql.NullInt64
	)
	err := q.QueryRowContext(ctx, `SELECT r.seq, r.hlc, r.device_id, r.author_id, r.owner_id, r.op, r.snapshot, r.chat_id,
			c.owner_id, c.shared
		FROM sync_rows r
		LEFT JOIN sync_rows c ON c.workspace_id = r.workspace_id AND c.tbl = 'chats' AND c.row_id = r.chat_id
		WHERE r.workspace_id = $1 AND r.tbl = $2 AND r.row_id = $3`, ws, table, id).
		Scan(&ch.Seq, &ch.HLC, &ch.DeviceID, &ch.AuthorID, &ch.OwnerID, &ch.Op, &snap, &chatID, &chatOwner, &chatShared)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load row: %w", err)
	}
	ch.Table, ch.RowID, ch.WorkspaceID = table, id, ws
	if chatID.Valid && chatOwner.String != user && chatShared.Int64 == 0 {
		ch.Op, ch.DeviceID, ch.AuthorID = syncproto.OpHide, "", ""
		return &ch, nil
	}
	ch.Snapshot = json.RawMessage(snap)
	return &ch, nil
}

func (s *Server) handleWait(ctx context.Context, c *call) error {
	after, err := queryInt(c.r, "after", 0)
	if err != nil {
		return err
	}
	secs, err := queryInt(c.r, "timeout", 25)
	if err != nil {
		return err
	}
	// Capped before it becomes a Duration, which a huge value overflows.
	secs = min(secs, int64(s.cfg.WaitMax/time.Second))
	timer := time.NewTimer(time.Duration(secs) * time.Second)
	defer timer.Stop()
	for {
		woken := s.hub.subscribe(c.ws)
		// Checked again at every wake-up: a caller removed, signed out or
		// disabled meanwhile hears so now (see wake), not the head.
		head, err := s.liveHead(ctx, c)
		if err != nil {
			return err
		}
		if head > after {
			return c.ok(syncproto.WaitResponse{Head: head, Timeout: secs})
		}
		select {
		case <-woken:
		case <-timer.C:
			return c.ok(syncproto.WaitResponse{Head: head, Timeout: secs})
		case <-s.ctx.Done():
			return c.ok(syncproto.WaitResponse{Head: head, Timeout: secs})
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
