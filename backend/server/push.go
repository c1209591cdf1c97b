package server

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"time"

	"bookbag/backend/syncproto"
)

func (s *Server) handlePush(ctx context.Context, c *call) error {
	var req syncproto.PushRequest
	if err := c.decode(&req); err != nil {
		return err
	}
	if len(req.Changes) > s.cfg.MaxChanges {
		// too_large, like a body past its size: the client sends it again
		// in smaller pushes.
		return errf(http.StatusRequestEntityTooLarge, syncproto.CodeTooLarge, "a push holds at most %d changes", s.cfg.MaxChanges)
	}
	out, err := s.push(ctx, c, req.Changes)
	if err != nil {
		return err
	}
	return c.ok(out)
}

// push applies a batch in one transaction under the workspace's lock:
// parents before children (Tables order), last writer wins by stamp, one
// new sequence per applied change. Results keep the request's order.
func (s *Server) push(ctx context.Context, c *call, changes []syncproto.Change) (syncproto.PushResponse, error) {
	now := s.now()
	results := make([]syncproto.PushResult, len(changes))
	order := make([]int, len(changes))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		ra, _ := syncproto.TableRank(changes[order[a]].Table)
		rb, _ := syncproto.TableRank(changes[order[b]].Table)
		return ra < rb
	})
	var head int64
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		// The role is read again under the lock: a member demoted or
		// removed a moment ago pushes nothing more.
		lock, err := s.lockWorkspace(ctx, tx, c.ws)
		if err != nil {
			return err
		}
		role, err := s.memberRole(ctx, tx, c.ws, c.user.ID)
		if err != nil {
			return err
		}
		st := &pushState{tx: tx, ws: c.ws, user: c.user.ID, role: role, lock: lock, addr: c.addr}
		// Prepared once per push: a batch runs these for every change.
		if st.load, err = tx.PrepareContext(ctx, loadRowSQL); err != nil {
			return fmt.Errorf("prepare: %w", err)
		}
		defer st.load.Close()
		if st.upsert, err = tx.PrepareContext(ctx, upsertRowSQL); err != nil {
			return fmt.Errorf("prepare: %w", err)
		}
		defer st.upsert.Close()
		for _, i := range order {
			results[i] = s.applyChange(ctx, st, changes[i], now)
			if st.err != nil {
				return st.err
			}
		}
		if st.lock.seq != lock.seq {
			if _, err := tx.ExecContext(ctx, `UPDATE workspaces SET seq = $2 WHERE id = $1`, c.ws, st.lock.seq); err != nil {
				return fmt.Errorf("advance sequence: %w", err)
			}
			if err := s.db.Notify(ctx, tx, c.ws, st.lock.seq); err != nil {
				return err
			}
		}
		head = st.lock.seq
		return nil
	})
	if err != nil {
		return syncproto.PushResponse{}, err
	}
	s.hub.publish(c.ws, head)
	return syncproto.PushResponse{Results: results, Head: head, ServerTime: s.nowMs()}, nil
}

type pushState struct {
	tx         *sql.Tx
	ws, user   string
	role, addr string
	lock       wsLock // seq advances as changes apply
	usage      int64  // storage used, summed at the first change that grows it (quotaRead)
	quota      int64
	quotaRead  bool
	err        error // a database failure: the whole push rolls back
	load       *sql.Stmt
	upsert     *sql.Stmt
}

const loadRowSQL = `SELECT hlc, owner_id, chat_id, shared, was_shared, deleted, complete, size
	FROM sync_rows WHERE workspace_id = $1 AND tbl = $2 AND row_id = $3`

const upsertRowSQL = `INSERT INTO sync_rows (workspace_id, tbl, row_id, seq, hlc, device_id, author_id, owner_id,
		chat_id, shared, was_shared, deleted, complete, op, snapshot, size, updated_at)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
	ON CONFLICT (workspace_id, tbl, row_id) DO UPDATE SET seq = excluded.seq, hlc = excluded.hlc,
		device_id = excluded.device_id, author_id = excluded.author_id, chat_id = excluded.chat_id,
		shared = excluded.shared, was_shared = excluded.was_shared, deleted = excluded.deleted,
		complete = excluded.complete, op = excluded.op, snapshot = excluded.snapshot, size = excluded.size,
		updated_at = excluded.updated_at`

func (s *Server) applyChange(ctx context.Context, st *pushState, ch syncproto.Change, now time.Time) syncproto.PushResult {
	res := syncproto.PushResult{Table: ch.Table, RowID: ch.RowID, HLC: ch.HLC}
	rejected := func(r *rejection) syncproto.PushResult {
		res.Status, res.Code, res.Reason = syncproto.Rejected, r.code, r.reason
		return res
	}
	in, rj := s.parseChange(st.ws, st.user, ch, now)
	if rj != nil {
		return rejected(rj)
	}
	old, err := loadRow(ctx, st.load, st.ws, in.Table, in.RowID)
	if err != nil {
		st.err = err
		return res
	}
	var chat *storedRow
	if in.chatID != "" && in.Table != syncproto.TableChats {
		if chat, err = loadRow(ctx, st.load, st.ws, syncproto.TableChats, in.chatID); err != nil {
			st.err = err
			return res
		}
		if !chat.readableBy(st.user) {
			chat = nil // answered as for a chat that does not exist
		}
	}
	if old != nil {
		// A row the pusher may not read is refused before its stamp is
		// compared, and without its current version: an answer must not
		// tell its owner, its stamp or its chat.
		readable, err := s.rowReadable(ctx, st, old, in, chat)
		if err != nil {
			st.err = err
			return res
		}
		if !readable {
			return rejected(reject(syncproto.RejectForbidden, msgUnreadableRow))
		}
	}
	if rj := authorizeChange(st.role, st.user, in, old, chat); rj != nil {
		return s.withCurrent(ctx, st, rejected(rj))
	}
	if old != nil {
		// Last writer wins: the stamp orders every version of a row.
		switch {
		case in.HLC == old.hlc:
			res.Status = syncproto.Duplicate
			return res
		case in.HLC < old.hlc:
			res.Status = syncproto.Stale
			return res
		}
		if old.chatID != in.chatID {
			return rejected(reject(syncproto.RejectInvalid, "chat_id cannot change"))
		}
		if in.Table == syncproto.TableMessages && old.complete && !old.deleted && !in.deleted {
			return s.withCurrent(ctx, st, rejected(reject(syncproto.RejectImmutable, "a complete message can only be deleted")))
		}
	}
	size := int64(len(in.body))
	delta := size
	if old != nil {
		delta -= old.size
	}
	if delta > 0 {
		if err := s.readQuota(ctx, st); err != nil {
			st.err = err
			return res
		}
		if st.usage+delta > st.quota {
			return rejected(reject(syncproto.RejectQuota, "the workspace's storage quota is full"))
		}
	}
	st.lock.seq++
	seq := st.lock.seq
	owner := st.user
	wasShared := in.shared
	if old != nil {
		owner = old.ownerID
		wasShared = wasShared || old.wasShared
	}
	var chatID any
	if in.chatID != "" {
		chatID = in.chatID
	}
	if _, err := st.upsert.ExecContext(ctx,
		st.ws, in.Table, in.RowID, seq, in.HLC, in.DeviceID, st.user, owner, chatID, flag(in.shared), flag(wasShared),
		flag(in.deleted), flag(in.complete), string(in.Op), string(in.body), size, now.UnixMilli()); err != nil {
		st.err = fmt.Errorf("store row: %w", err)
		return res
	}
	st.usage += delta
	if !in.deleted && bytes.Contains(in.body, []byte("sha256")) {
		// The files a live row names are in use again (see CollectFiles).
		var snap map[string]any
		if json.Unmarshal(in.body, &snap) == nil {
			if err := unmarkFiles(ctx, st.tx, st.ws, syncproto.FileRefs(in.Table, snap)); err != nil {
				st.err = err
				return res
			}
		}
	}
	if in.Table == syncproto.TableChats && in.shared && (old == nil || !old.shared) {
		// Members who could not see this chat before have cursors past its
		// messages: give them new sequences so every puller gets them.
		if err := s.reissueChildren(ctx, st, in.RowID); err != nil {
			st.err = err
			return res
		}
	}
	if in.deleted && old != nil && !old.deleted {
		if err := s.audit(ctx, st.tx, auditEntry{actor: st.user, action: auditRowDelete, ws: st.ws, target: in.RowID, addr: st.addr,
			detail: map[string]string{"table": in.Table}}); err != nil {
			st.err = err
			return res
		}
	}
	res.Status, res.Seq = syncproto.Applied, seq
	return res
}

// msgUnreadableRow refuses a change to a row of a chat the pusher cannot
// see. Row ids are random UUIDv7s: that the id is taken is all it tells.
const msgUnreadableRow = "this row id is taken by a row you cannot see"

// rowReadable reports whether the pusher may read the stored row old: rows
// outside chats always, a chat's rows when the pusher owns the chat or it
// is shared. chat is in's chat, already checked, when it is old's too.
func (s *Server) rowReadable(ctx context.Context, st *pushState, old *storedRow, in *incoming, chat *storedRow) (bool, error) {
	switch {
	case old.chatID == "":
		return true, nil
	case in.Table == syncproto.TableChats:
		return old.readableBy(st.user), nil
	case old.chatID == in.chatID:
		return chat != nil, nil
	}
	oc, err := loadRow(ctx, st.load, st.ws, syncproto.TableChats, old.chatID)
	if err != nil {
		return false, err
	}
	return oc.readableBy(st.user), nil
}

// withCurrent attaches the server's version of a refused row, so the
// client can put its local copy back. Only rows the pusher may read reach
// here (see rowReadable).
func (s *Server) withCurrent(ctx context.Context, st *pushState, res syncproto.PushResult) syncproto.PushResult {
	cur, err := s.rowAsSeen(ctx, st.tx, st.ws, st.user, res.Table, res.RowID)
	if err != nil {
		st.err = err
		return res
	}
	res.Current = cur
	return res
}

func flag(b bool) int {
	if b {
		return 1
	}
	return 0
}

// reissueChildren moves a chat's messages and documents to new sequences
// after the chat's own.
func (s *Server) reissueChildren(ctx context.Context, st *pushState, chatID string) error {
	rows, err := st.tx.QueryContext(ctx, `SELECT tbl, row_id FROM sync_rows WHERE workspace_id = $1 AND chat_id = $2 AND tbl <> 'chats'
		ORDER BY seq`, st.ws, chatID)
	if err != nil {
		return fmt.Errorf("list chat rows: %w", err)
	}
	type key struct{ tbl, id string }
	var keys []key
	for rows.Next() {
		var k key
		if err := rows.Scan(&k.tbl, &k.id); err != nil {
			rows.Close()
			return fmt.Errorf("list chat rows: %w", err)
		}
		keys = append(keys, k)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("list chat rows: %w", err)
	}
	for _, k := range keys {
		st.lock.seq++
		if _, err := st.tx.ExecContext(ctx, `UPDATE sync_rows SET seq = $4 WHERE workspace_id = $1 AND tbl = $2 AND row_id = $3`,
			st.ws, k.tbl, k.id, st.lock.seq); err != nil {
			return fmt.Errorf("reissue chat row: %w", err)
		}
	}
	return nil
}

func loadRow(ctx context.Context, q *sql.Stmt, ws, table, id string) (*storedRow, error) {
	var (
		r                                    storedRow
		chatID                               sql.NullString
		shared, wasShared, deleted, complete int
	)
	err := q.QueryRowContext(ctx, ws, table, id).
		Scan(&r.hlc, &r.ownerID, &chatID, &shared, &wasShared, &deleted, &complete, &r.size)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load row: %w", err)
	}
	r.chatID = chatID.String
	r.shared, r.wasShared, r.deleted, r.complete = shared != 0, wasShared != 0, deleted != 0, complete != 0
	return &r, nil
}

// readQuota sums the workspace's storage and reads its quota once per
// push, under the workspace's lock; applied changes then move st.usage.
func (s *Server) readQuota(ctx context.Context, st *pushState) error {
	if st.quotaRead {
		return nil
	}
	use, err := s.storage(ctx, st.tx, st.ws)
	if err != nil {
		return err
	}
	q, err := s.quota(ctx, st.tx, st.lock.quota)
	if err != nil {
		return err
	}
	st.usage, st.quota, st.quotaRead = use.bytes, q, true
	return nil
}
