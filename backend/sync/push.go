package sync

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"bookbag/backend/store"
	"bookbag/backend/syncproto"
)

// maxPush is the most changes one push carries (the server's limit).
const maxPush = 1000

// maxPushBytes is what a push's snapshots may add up to at first: half the
// server's default body limit (8 MiB), so 1000 long messages go in several
// pushes. A server that refuses a push as too large (an office may set a
// lower limit) halves it for the link.
const maxPushBytes = 4 << 20

// notStreaming leaves out answers still being written: they are pushed once
// they end (complete, stopped, error), so a streamed answer travels once
// instead of every two seconds.
const notStreaming = ` AND NOT (table_name = 'messages' AND json_extract(snapshot, '$.status') = 'streaming')`

// notIndexing holds back a document while this device is still indexing it
// (for ten minutes at most): it goes out once, with the vectors it then
// names (backend/rag/syncbundle.go), so members embedding with the same model
// reuse them instead of embedding it again. Its completion is a local
// change, which starts the push.
const notIndexing = ` AND NOT (table_name = 'documents' AND EXISTS (SELECT 1 FROM documents d WHERE d.id = change_log.row_id
	AND d.deleted_at IS NULL AND d.status IN ('pending', 'processing') AND d.created_at > unixepoch('subsec') * 1000 - 600000))`

// heldBack leaves out what is pushed later (notStreaming, notIndexing).
const heldBack = notStreaming + notIndexing

// rankSQL orders change_log entries parents first (syncproto.Tables), so a
// chat is pushed before its messages even when it changed after them.
const rankSQL = `CASE table_name WHEN 'workspaces' THEN 0 WHEN 'workspace_settings' THEN 1 WHEN 'model_assignments' THEN 2
	WHEN 'param_profiles' THEN 3 WHEN 'prompt_templates' THEN 4 WHEN 'chats' THEN 5 WHEN 'documents' THEN 6
	WHEN 'messages' THEN 7 ELSE 8 END`

// entry is an unpushed change_log row.
type entry struct {
	seq      int64
	rank     int
	table    string
	rowID    string
	hlc      string
	op       string
	snapshot string
}

// pending reads up to n unpushed entries after (rank, seq), parents first.
func (l *link) pending(ctx context.Context, rank int, seq int64, n int) ([]entry, error) {
	rows, err := l.s.d.DB.R.QueryContext(ctx, `SELECT seq, rank, table_name, row_id, hlc, op, snapshot FROM (
			SELECT seq, `+rankSQL+` AS rank, table_name, row_id, hlc, op, snapshot FROM change_log
			WHERE workspace_id = ? AND pushed_at IS NULL`+heldBack+`)
		WHERE (rank, seq) > (?, ?) ORDER BY rank, seq LIMIT ?`, l.ws, rank, seq, n)
	if err != nil {
		return nil, fmt.Errorf("read change log: %w", err)
	}
	defer rows.Close()
	var out []entry
	for rows.Next() {
		var e entry
		if err := rows.Scan(&e.seq, &e.rank, &e.table, &e.rowID, &e.hlc, &e.op, &e.snapshot); err != nil {
			return nil, fmt.Errorf("read change log: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// pushAll pushes every pending change once, in batches, and returns how many
// were refused for a reason that may pass later (they stay pending).
func (l *link) pushAll(ctx context.Context) (retryable int, err error) {
	rank, seq := -1, int64(0)
	for {
		batch, err := l.pending(ctx, rank, seq, maxPush)
		if err != nil {
			return retryable, err
		}
		if len(batch) == 0 {
			return retryable, nil
		}
		batch = fitBytes(batch, l.pushBudget)
		n, err := l.pushBatch(ctx, batch)
		if tooLarge(err) {
			if len(batch) > 1 {
				l.pushBudget = max(batchBytes(batch)/2, 1)
				continue
			}
			// Alone more than the server takes: it stays here, refused,
			// and the rest goes on.
			e := batch[0]
			l.reject(Rejection{Table: e.table, RowID: e.rowID, Code: syncproto.CodeTooLarge,
				Reason: fmt.Sprintf("A change to %s is larger than the server accepts", tableNoun(e.table)), At: l.s.d.DB.Now()})
			n, err = 1, nil
		}
		retryable += n
		if err != nil {
			return retryable, err
		}
		last := batch[len(batch)-1]
		rank, seq = last.rank, last.seq
		l.emit()
	}
}

// fitBytes keeps the first entries whose snapshots fit in budget bytes (at
// least one).
func fitBytes(batch []entry, budget int) []entry {
	size := 0
	for i, e := range batch {
		size += len(e.snapshot) + changeOverhead
		if size > budget && i > 0 {
			return batch[:i]
		}
	}
	return batch
}

// batchBytes is about what a batch weighs in a push's body.
func batchBytes(batch []entry) int {
	size := 0
	for _, e := range batch {
		size += len(e.snapshot) + changeOverhead
	}
	return size
}

// changeOverhead is what a change adds to its snapshot on the wire (table,
// ids, stamp, device, op).
const changeOverhead = 256

// tooLarge reports whether the server refused a request body as too large.
func tooLarge(err error) bool {
	var ae *syncproto.APIError
	return errors.As(err, &ae) && ae.Code == syncproto.CodeTooLarge
}

// pushBatch sends one batch: changes that touched only device-local columns
// are settled without sending, files go first, then the rows.
func (l *link) pushBatch(ctx context.Context, batch []entry) (retryable int, err error) {
	dev := l.s.d.DB.Identity().DeviceID
	var send []entry
	var local []entry // content the server already has
	snaps := map[int64]map[string]any{}
	for _, e := range batch {
		snap, err := decodeSnapshot([]byte(e.snapshot))
		if err != nil {
			return 0, err
		}
		snaps[e.seq] = snap
		if _, ok := localColumns[e.table]; ok && e.op != "insert" {
			if same, err := l.sameAsBase(ctx, e, snap); err != nil {
				return 0, err
			} else if same {
				local = append(local, e)
				continue
			}
		}
		send = append(send, e)
	}
	if len(local) > 0 {
		if err := l.settleLocal(ctx, local); err != nil {
			return 0, err
		}
	}
	if len(send) == 0 {
		return 0, nil
	}
	if err := l.uploadFiles(ctx, send, snaps); err != nil {
		return 0, err
	}
	changes := make([]syncproto.Change, len(send))
	for i, e := range send {
		changes[i] = syncproto.Change{Table: e.table, RowID: e.rowID, WorkspaceID: l.ws, HLC: e.hlc, DeviceID: dev,
			Op: syncproto.Op(e.op), Snapshot: json.RawMessage(e.snapshot)}
	}
	cursor, err := l.cursor(ctx)
	if err != nil {
		return 0, err
	}
	resp, err := l.client.Push(ctx, l.ws, changes)
	if err != nil {
		return 0, err
	}
	if len(resp.Results) != len(send) {
		return 0, fmt.Errorf("push: %d results for %d changes", len(resp.Results), len(send))
	}
	l.mu.Lock()
	l.head = max(l.head, resp.Head)
	l.mu.Unlock()
	var touched tableSet
	var after afterApply
	err = l.s.d.DB.Tx(ctx, func(tx *store.Tx) error {
		touched, after, retryable = tableSet{}, afterApply{}, 0
		var pushed []int64
		for i, r := range resp.Results {
			e := send[i]
			n, err := l.settle(ctx, tx, e, snaps[e.seq], r, touched, &after, &pushed)
			if err != nil {
				return err
			}
			retryable += n
		}
		if err := markPushed(ctx, tx, pushed); err != nil {
			return err
		}
		return l.skipEcho(ctx, tx, cursor, send, resp)
	})
	if err != nil {
		return 0, err
	}
	l.afterCommit(ctx, touched, after)
	return retryable, nil
}

// markPushed marks change_log entries pushed (entries replaced by a newer
// change meanwhile are gone and stay unmarked: the newer one is pushed next).
func markPushed(ctx context.Context, tx *store.Tx, seqs []int64) error {
	for start := 0; start < len(seqs); start += 500 {
		part := seqs[start:min(start+500, len(seqs))]
		args := []any{tx.Now()}
		for _, q := range part {
			args = append(args, q)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE change_log SET pushed_at = ? WHERE pushed_at IS NULL AND seq IN (`+
			strings.TrimSuffix(strings.Repeat("?,", len(part)), ",")+`)`, args...); err != nil {
			return fmt.Errorf("mark pushed: %w", err)
		}
	}
	return nil
}

// skipEcho spares the pull of our own changes: when the sequences the push
// took are exactly those after the cursor (nobody else pushed meanwhile),
// the server's copies differ from ours only by the author and device it
// stamps, so those are set here and the cursor moves past them.
func (l *link) skipEcho(ctx context.Context, tx *store.Tx, cursor int64, send []entry, resp syncproto.PushResponse) error {
	var n, lo, hi int64
	for _, r := range resp.Results {
		if r.Status != syncproto.Applied {
			continue
		}
		if n == 0 || r.Seq < lo {
			lo = r.Seq
		}
		hi = max(hi, r.Seq)
		n++
	}
	if n == 0 || lo != cursor+1 || hi != resp.Head || n != resp.Head-cursor {
		return nil
	}
	user, dev := l.userID(), l.s.d.DB.Identity().DeviceID
	stmts := map[string]*sql.Stmt{}
	defer func() {
		for _, st := range stmts {
			st.Close()
		}
	}()
	for i, r := range resp.Results {
		if r.Status != syncproto.Applied {
			continue
		}
		e := send[i]
		st := stmts[e.table]
		if st == nil {
			var err error
			if st, err = tx.PrepareContext(ctx, `UPDATE `+e.table+` SET author_id = ?, device_id = ? WHERE id = ? AND hlc = ? AND (author_id != ? OR device_id != ?)`); err != nil {
				return fmt.Errorf("stamp pushed %s: %w", e.table, err)
			}
			stmts[e.table] = st
		}
		if _, err := st.ExecContext(ctx, user, dev, e.rowID, e.hlc, user, dev); err != nil {
			return fmt.Errorf("stamp pushed %s: %w", e.table, err)
		}
	}
	_, err := tx.ExecContext(ctx, `UPDATE sync_links SET cursor = ?, updated_at = ? WHERE workspace_id = ? AND cursor = ?`,
		resp.Head, tx.Now(), l.ws, cursor)
	if err != nil {
		return fmt.Errorf("advance sync cursor: %w", err)
	}
	return nil
}

// sameAsBase reports whether an entry only changed device-local columns of
// a row whose shared content the server already has.
func (l *link) sameAsBase(ctx context.Context, e entry, snap map[string]any) (bool, error) {
	var hash string
	err := l.s.d.DB.R.QueryRowContext(ctx, `SELECT hash FROM sync_base WHERE table_name = ? AND row_id = ? AND workspace_id = ?`,
		e.table, e.rowID, l.ws).Scan(&hash)
	if err != nil {
		return false, nil // no base: send it
	}
	return hash == contentHash(e.table, snap), nil
}

// settleLocal marks entries that changed only local columns as pushed, and
// gives their rows back the stamp of the shared version, so a newer remote
// change still wins over a local index-state update.
func (l *link) settleLocal(ctx context.Context, es []entry) error {
	now := l.s.d.DB.Now()
	return l.s.d.DB.Tx(ctx, func(tx *store.Tx) error {
		for _, e := range es {
			res, err := tx.ExecContext(ctx, `UPDATE change_log SET pushed_at = ? WHERE seq = ? AND pushed_at IS NULL`, now, e.seq)
			if err != nil {
				return fmt.Errorf("mark pushed: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				continue // replaced by a newer change meanwhile
			}
			b, ok, err := getBase(ctx, tx, e.table, e.rowID)
			if err != nil || !ok {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE `+e.table+` SET hlc = ?, author_id = ?, device_id = ?, updated_at = ?
				WHERE id = ? AND hlc = ?`, b.hlc, b.author, b.device, b.updated, e.rowID, e.hlc); err != nil {
				return fmt.Errorf("restamp %s: %w", e.table, err)
			}
		}
		return nil
	})
}

// settle records one push result: pushed, kept for a retry, or refused
// (then the server's version replaces the local row where it sent one).
// It returns 1 when the change stays pending.
func (l *link) settle(ctx context.Context, tx *store.Tx, e entry, snap map[string]any, r syncproto.PushResult,
	touched tableSet, after *afterApply, pushed *[]int64) (int, error) {
	markPushed := func() error {
		*pushed = append(*pushed, e.seq)
		return nil
	}
	switch r.Status {
	case syncproto.Applied, syncproto.Duplicate, syncproto.Stale:
		if r.Status != syncproto.Stale {
			// The server keeps it with our account as author and our device.
			b := baseOf(e.table, snap, e.hlc, l.userID(), l.s.d.DB.Identity().DeviceID)
			if err := setBase(ctx, tx, l.ws, e.table, e.rowID, b); err != nil {
				return 0, err
			}
		}
		return 0, markPushed()
	case syncproto.Rejected:
	default:
		return 1, nil // an answer this client does not know: try again later
	}
	l.reject(Rejection{Table: e.table, RowID: e.rowID, Code: string(r.Code), Reason: rejectionText(r), At: tx.Now()})
	l.s.log.Warn("change refused by the server", "workspace", l.ws, "table", e.table, "row", e.rowID, "code", r.Code, "reason", r.Reason)
	switch r.Code {
	case syncproto.RejectUnknownParent, syncproto.RejectQuota, syncproto.RejectClockSkew:
		return 1, nil // may pass later: stays pending
	case syncproto.RejectForbidden, syncproto.RejectImmutable:
		if r.Current != nil {
			// The server's version replaces ours, whatever the stamps say.
			if _, err := tx.ExecContext(ctx, `UPDATE `+e.table+` SET hlc = '' WHERE id = ?`, e.rowID); err != nil {
				return 0, fmt.Errorf("replace refused %s: %w", e.table, err)
			}
			if _, err := l.applyChange(ctx, tx, *r.Current, touched, after); err != nil {
				return 0, err
			}
		}
		// Without a current version (a new row the server refused) the
		// local data stays as it is; it is not offered again.
	}
	return 0, markPushed()
}

// rejectionText says in words why a change was refused.
func rejectionText(r syncproto.PushResult) string {
	what := tableNoun(r.Table)
	switch r.Code {
	case syncproto.RejectForbidden:
		if r.Reason != "" {
			return fmt.Sprintf("Your role does not allow this change to %s: %s", what, r.Reason)
		}
		return fmt.Sprintf("Your role does not allow this change to %s", what)
	case syncproto.RejectImmutable:
		return "A finished message cannot be changed, only deleted"
	case syncproto.RejectQuota:
		return "The workspace's storage quota on the server is full"
	case syncproto.RejectUnknownParent:
		return fmt.Sprintf("The chat of this %s is not on the server yet", what)
	case syncproto.RejectClockSkew:
		return "This computer's clock is ahead of the server's; check the date and time"
	}
	if r.Reason != "" {
		return fmt.Sprintf("The server refused a change to %s: %s", what, r.Reason)
	}
	return fmt.Sprintf("The server refused a change to %s", what)
}

func tableNoun(table string) string {
	switch table {
	case "workspaces":
		return "the workspace"
	case "workspace_settings":
		return "the workspace settings"
	case "model_assignments":
		return "the workspace's models"
	case "param_profiles":
		return "a parameter profile"
	case "prompt_templates":
		return "a prompt template"
	case "chats":
		return "a chat"
	case "messages":
		return "a message"
	case "documents":
		return "a document"
	}
	return table
}
