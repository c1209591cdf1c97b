package sync

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"bookbag/backend/events"
	"bookbag/backend/store"
	"bookbag/backend/syncproto"
)

// tableSet collects the tables a transaction changed (for data:changed).
type tableSet map[string]bool

func (t tableSet) list() []string {
	out := make([]string, 0, len(t))
	for k := range t {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// afterApply is work for after the commit: documents to index locally and
// documents whose chunks were dropped.
type afterApply struct {
	index   []string
	forget  []string
	reembed bool     // the workspace's embedding model changed
	unused  []string // stored files rows no longer name here (deleted there if nothing else does)
}

// pullAll pulls and applies pages until the server has nothing newer.
func (l *link) pullAll(ctx context.Context) error {
	for {
		cursor, err := l.cursor(ctx)
		if err != nil {
			return err
		}
		page, err := l.client.Pull(ctx, l.ws, cursor, l.s.d.PageSize)
		if err != nil {
			return err
		}
		l.mu.Lock()
		l.head = max(l.head, page.Head)
		l.mu.Unlock()
		if err := l.applyPage(ctx, cursor, page); err != nil {
			return err
		}
		l.emit()
		if !page.More || page.Next <= cursor {
			return nil
		}
	}
}

// fileMissing marks a document whose file the server could not give yet;
// fetchMissing tries again on later syncs.
const fileMissing = "The file is not available on the server yet"

// fetchMissing downloads the files of documents that arrived without one
// (the uploader's device had not sent it yet) and queues them for indexing.
func (l *link) fetchMissing(ctx context.Context) error {
	docs := l.s.d.Documents
	if docs == nil {
		return nil
	}
	waiting, err := docs.AwaitingFile(ctx, l.ws, fileMissing)
	if err != nil {
		return err
	}
	var ready []string
	for id, sha := range waiting {
		if ok, _ := l.s.d.Blobs.Has(sha); !ok {
			if err := l.downloadFile(ctx, sha); err != nil {
				if isNotFound(err) {
					continue
				}
				return err
			}
		}
		ready = append(ready, id)
	}
	if len(ready) == 0 {
		return nil
	}
	sort.Strings(ready)
	if err := docs.QueueFetched(ctx, ready, fileMissing); err != nil {
		return err
	}
	l.afterCommit(ctx, tableSet{"documents": true}, afterApply{index: ready})
	return nil
}

func isNotFound(err error) bool {
	var ae *syncproto.APIError
	return errors.As(err, &ae) && ae.Status == 404
}

// applyPage fetches the files a page refers to, then applies its changes and
// moves the cursor in one transaction: an interrupted sync resumes at the
// first page not applied.
func (l *link) applyPage(ctx context.Context, cursor int64, page syncproto.PullResponse) error {
	missing, err := l.downloadFiles(ctx, page.Changes)
	if err != nil {
		return err
	}
	changes := append([]syncproto.Change(nil), page.Changes...)
	sort.SliceStable(changes, func(i, j int) bool {
		ri, _ := syncproto.TableRank(changes[i].Table)
		rj, _ := syncproto.TableRank(changes[j].Table)
		return ri < rj
	})
	var a *applier
	err = l.s.d.DB.Tx(ctx, func(tx *store.Tx) error {
		a = l.newApplier(tx, missing)
		defer a.close()
		var arrived []string
		for _, c := range changes {
			ok, err := a.apply(ctx, c)
			if err != nil {
				return err
			}
			if ok && (c.Table == syncproto.TableWorkspaces || c.Table == syncproto.TableChats) {
				arrived = append(arrived, c.RowID)
			}
		}
		if err := a.unpark(ctx, arrived); err != nil {
			return err
		}
		if err := a.retryMoved(ctx); err != nil {
			return err
		}
		next := max(page.Next, cursor)
		if _, err := tx.ExecContext(ctx, `UPDATE sync_links SET cursor = ?, updated_at = ? WHERE workspace_id = ?`,
			next, tx.Now(), l.ws); err != nil {
			return fmt.Errorf("advance sync cursor: %w", err)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("apply pulled changes: %w", err)
	}
	l.afterCommit(ctx, a.touched, a.after)
	return nil
}

// afterCommit tells the UI what changed and the documents domain what to
// index.
func (l *link) afterCommit(ctx context.Context, touched tableSet, after afterApply) {
	if len(touched) > 0 {
		l.s.d.Events.Emit(events.DataChanged, events.DataChangedPayload{WorkspaceID: l.ws, Tables: touched.list()})
	}
	if docs := l.s.d.Documents; docs != nil {
		if len(after.forget) > 0 {
			docs.Forget(ctx, l.ws, after.forget)
		}
		if len(after.index) > 0 {
			docs.Index(ctx, l.ws, after.index)
		}
		if after.reembed {
			docs.Reembed(ctx, l.ws)
		}
	}
	if inUse := l.s.d.FilesInUse; inUse != nil {
		if err := l.s.d.Blobs.RemoveUnused(ctx, after.unused, inUse); err != nil {
			l.s.log.Warn("delete unused files", "err", err)
		}
	}
}

// applyChange applies one change from the server in tx (a forced refusal's
// current version goes through here too).
func (l *link) applyChange(ctx context.Context, tx *store.Tx, c syncproto.Change, touched tableSet, after *afterApply) (bool, error) {
	a := l.newApplier(tx, nil)
	defer a.close()
	a.touched = touched
	ok, err := a.apply(ctx, c)
	after.index = append(after.index, a.after.index...)
	after.forget = append(after.forget, a.after.forget...)
	after.reembed = after.reembed || a.after.reembed
	after.unused = append(after.unused, a.after.unused...)
	return ok, err
}

// applier applies pulled changes inside one transaction.
type applier struct {
	l        *link
	tx       *store.Tx
	touched  tableSet
	after    afterApply
	missing  map[string]bool // files the server could not give
	wsExists bool
	chats    map[string]bool // chats known to exist here
	parked   int             // -1: unknown; 0: nothing parked for the workspace
	stmts    map[string]*sql.Stmt
}

func (l *link) newApplier(tx *store.Tx, missing map[string]bool) *applier {
	return &applier{l: l, tx: tx, touched: tableSet{}, missing: missing, chats: map[string]bool{}, parked: -1,
		stmts: map[string]*sql.Stmt{}}
}

// stmt prepares a query once per transaction (a page applies thousands of
// rows with the same few statements).
func (a *applier) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if st, ok := a.stmts[q]; ok {
		return st, nil
	}
	st, err := a.tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	a.stmts[q] = st
	return st, nil
}

// close releases the prepared statements.
func (a *applier) close() {
	for _, st := range a.stmts {
		st.Close()
	}
	a.stmts = map[string]*sql.Stmt{}
}

// localRow is what apply needs to know about the local copy of a row.
type localRow struct {
	exists  bool
	ws      string
	hlc     string
	deleted bool
	sha     string         // documents
	cols    map[string]any // device-local columns
}

func (a *applier) local(ctx context.Context, table, id string) (localRow, error) {
	lc := localColumns[table]
	sel := []string{"COALESCE(workspace_id, '')", "hlc", "deleted_at IS NOT NULL"}
	if table == syncproto.TableDocuments {
		sel = append(sel, "sha256")
	}
	sel = append(sel, lc...)
	var r localRow
	dest := []any{&r.ws, &r.hlc, &r.deleted}
	if table == syncproto.TableDocuments {
		dest = append(dest, &r.sha)
	}
	vals := make([]any, len(lc))
	for i := range vals {
		dest = append(dest, &vals[i])
	}
	st, err := a.stmt(ctx, "SELECT "+strings.Join(sel, ", ")+" FROM "+table+" WHERE id = ?")
	if err != nil {
		return r, fmt.Errorf("read local %s: %w", table, err)
	}
	err = st.QueryRowContext(ctx, id).Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return r, nil
	}
	if err != nil {
		return r, fmt.Errorf("read local %s: %w", table, err)
	}
	r.exists = true
	r.cols = map[string]any{}
	for i, c := range lc {
		r.cols[c] = vals[i]
	}
	return r, nil
}

// apply applies one change: it reports whether the local row changed.
// Changes whose parent row is not here yet are parked until it arrives.
func (a *applier) apply(ctx context.Context, c syncproto.Change) (bool, error) {
	l := a.l
	if st, err := syncproto.ParseStamp(c.HLC); err == nil {
		l.s.d.DB.HLC().Observe(st)
	}
	if _, ok := syncproto.TableRank(c.Table); !ok || !store.IsSynced(c.Table) {
		l.s.log.Warn("pulled change for an unknown table", "table", c.Table)
		return false, nil
	}
	if c.Op == syncproto.OpHide {
		return false, a.hide(ctx, c.Table, c.RowID)
	}
	snap, err := decodeSnapshot(c.Snapshot)
	if err != nil {
		l.s.log.Warn("pulled change with a bad snapshot", "table", c.Table, "row", c.RowID, "err", err)
		return false, nil
	}
	if id, _ := snap["id"].(string); id != c.RowID {
		return false, nil
	}
	if ws, _ := snap["workspace_id"].(string); ws != l.ws {
		l.s.log.Warn("pulled change for another workspace", "table", c.Table, "row", c.RowID)
		return false, nil
	}
	if h, _ := snap["hlc"].(string); h != c.HLC {
		return false, nil
	}
	loc, err := a.local(ctx, c.Table, c.RowID)
	if err != nil {
		return false, err
	}
	if loc.exists && loc.ws != l.ws {
		// The row lives in another workspace here. Never let a shared
		// workspace take a live row of another one; but a chat moved between
		// two shared workspaces arrives live in the new one and as tombstones
		// in the old: it moves here once its copy there is deleted (a
		// tombstone holds nothing to take), and waits parked until then.
		live := snap["deleted_at"] == nil
		switch {
		case live && loc.deleted:
		case live:
			return false, a.park(ctx, c, c.RowID)
		default:
			l.s.log.Debug("pulled tombstone of a row that lives in another workspace", "table", c.Table, "row", c.RowID)
			return false, nil
		}
	}
	if parent, err := a.missingParent(ctx, c.Table, snap); err != nil {
		return false, err
	} else if parent != "" {
		return false, a.park(ctx, c, parent)
	}
	if err := a.dropParked(ctx, c.Table, c.RowID); err != nil {
		return false, err
	}
	if loc.exists && loc.hlc > c.HLC {
		return false, nil // ours is newer: it is pushed, and wins there too
	}
	if err := a.localize(ctx, c, snap, loc); err != nil {
		return false, err
	}
	if c.Table == syncproto.TableWorkspaceSettings {
		if err := a.oneSettingsRow(ctx, c.RowID); err != nil {
			return false, err
		}
	}
	ok, err := a.tx.Apply(ctx, c.Table, snap, false)
	if err != nil || !ok {
		return false, err
	}
	if _, has := localColumns[c.Table]; has {
		author, _ := snap["author_id"].(string)
		device, _ := snap["device_id"].(string)
		if err := setBase(ctx, a.tx, l.ws, c.Table, c.RowID, baseOf(c.Table, snap, c.HLC, author, device)); err != nil {
			return false, err
		}
	}
	a.touched[c.Table] = true
	return true, nil
}

// missingParent returns the id of the row a change needs first, if absent:
// the workspace, or the chat of a message or chat document.
func (a *applier) missingParent(ctx context.Context, table string, snap map[string]any) (string, error) {
	if table != syncproto.TableWorkspaces && !a.wsExists {
		ok, err := a.exists(ctx, "workspaces", a.l.ws)
		if err != nil {
			return "", err
		}
		if !ok {
			return a.l.ws, nil
		}
		a.wsExists = true
	}
	if table == syncproto.TableMessages || table == syncproto.TableDocuments {
		if chat, _ := snap["chat_id"].(string); chat != "" && !a.chats[chat] {
			ok, err := a.exists(ctx, "chats", chat)
			if err != nil {
				return "", err
			}
			if !ok {
				return chat, nil
			}
			a.chats[chat] = true
		}
	}
	return "", nil
}

func (a *applier) exists(ctx context.Context, table, id string) (bool, error) {
	var one int
	st, err := a.stmt(ctx, "SELECT 1 FROM "+table+" WHERE id = ?")
	if err != nil {
		return false, fmt.Errorf("look up %s: %w", table, err)
	}
	err = st.QueryRowContext(ctx, id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("look up %s: %w", table, err)
	}
	return true, nil
}

// dropParked forgets a parked older version of a row being applied.
func (a *applier) dropParked(ctx context.Context, table, id string) error {
	if a.parked < 0 {
		var n int
		if err := a.tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM sync_parked WHERE workspace_id = ?)`, a.l.ws).Scan(&n); err != nil {
			return fmt.Errorf("unpark: %w", err)
		}
		a.parked = n
	}
	if a.parked == 0 {
		return nil
	}
	st, err := a.stmt(ctx, `DELETE FROM sync_parked WHERE workspace_id = ? AND table_name = ? AND row_id = ?`)
	if err == nil {
		_, err = st.ExecContext(ctx, a.l.ws, table, id)
	}
	if err != nil {
		return fmt.Errorf("unpark: %w", err)
	}
	return nil
}

// park keeps a change until its parent arrives.
func (a *applier) park(ctx context.Context, c syncproto.Change, parent string) error {
	b, err := json.Marshal(c)
	if err != nil {
		return fmt.Errorf("park change: %w", err)
	}
	a.parked = 1
	_, err = a.tx.ExecContext(ctx, `INSERT INTO sync_parked (workspace_id, table_name, row_id, seq, parent_id, change)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (workspace_id, table_name, row_id) DO UPDATE SET seq = excluded.seq,
		parent_id = excluded.parent_id, change = excluded.change WHERE excluded.seq >= sync_parked.seq`,
		a.l.ws, c.Table, c.RowID, c.Seq, parent, string(b))
	if err != nil {
		return fmt.Errorf("park change: %w", err)
	}
	return nil
}

// unpark applies parked changes whose parents arrived, and theirs in turn.
func (a *applier) unpark(ctx context.Context, parents []string) error {
	for len(parents) > 0 {
		var found []syncproto.Change
		for start := 0; start < len(parents); start += 500 {
			part := parents[start:min(start+500, len(parents))]
			args := []any{a.l.ws}
			for _, p := range part {
				args = append(args, p)
			}
			rows, err := a.tx.QueryContext(ctx, `DELETE FROM sync_parked WHERE workspace_id = ? AND parent_id IN (`+
				strings.TrimSuffix(strings.Repeat("?,", len(part)), ",")+`) RETURNING change`, args...)
			more, err := scanParked(rows, err)
			if err != nil {
				return fmt.Errorf("unpark: %w", err)
			}
			found = append(found, more...)
		}
		sortParked(found)
		parents = parents[:0:0]
		for _, c := range found {
			ok, err := a.apply(ctx, c)
			if err != nil {
				return err
			}
			if ok && c.Table == syncproto.TableChats {
				parents = append(parents, c.RowID)
			}
		}
	}
	return nil
}

// scanParked reads parked changes (a change that no longer decodes is dropped).
func scanParked(rows *sql.Rows, err error) ([]syncproto.Change, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []syncproto.Change
	for rows.Next() {
		var s string
		var c syncproto.Change
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		if json.Unmarshal([]byte(s), &c) == nil {
			out = append(out, c)
		}
	}
	return out, rows.Err()
}

// sortParked orders parked changes parents first, then as the server did.
func sortParked(cs []syncproto.Change) {
	sort.SliceStable(cs, func(i, j int) bool {
		ri, _ := syncproto.TableRank(cs[i].Table)
		rj, _ := syncproto.TableRank(cs[j].Table)
		if ri != rj {
			return ri < rj
		}
		return cs[i].Seq < cs[j].Seq
	})
}

// retryMoved applies the rows parked until their copy in another workspace
// here is gone (parked with themselves as parent; see apply).
func (a *applier) retryMoved(ctx context.Context) error {
	found, err := scanParked(a.tx.QueryContext(ctx, `SELECT change FROM sync_parked WHERE workspace_id = ? AND parent_id = row_id`, a.l.ws))
	if err != nil {
		return fmt.Errorf("read parked rows: %w", err)
	}
	sortParked(found)
	for _, c := range found {
		if _, ok := syncproto.TableRank(c.Table); !ok || !store.IsSynced(c.Table) {
			continue
		}
		loc, err := a.local(ctx, c.Table, c.RowID)
		if err != nil {
			return err
		}
		if loc.exists && !loc.deleted && loc.ws != a.l.ws {
			continue // still there
		}
		if _, err := a.tx.ExecContext(ctx, `DELETE FROM sync_parked WHERE workspace_id = ? AND table_name = ? AND row_id = ?`,
			a.l.ws, c.Table, c.RowID); err != nil {
			return fmt.Errorf("unpark: %w", err)
		}
		if _, err := a.apply(ctx, c); err != nil {
			return err
		}
	}
	return nil
}

// localize sets the device-local columns of a pulled snapshot: kept from the
// local row when there is one, else this device's defaults. A document that
// is new here (or whose content changed) is set to be indexed locally.
func (a *applier) localize(ctx context.Context, c syncproto.Change, snap map[string]any, loc localRow) error {
	switch c.Table {
	case syncproto.TableWorkspaces:
		if loc.exists {
			for k, v := range loc.cols {
				snap[k] = v
			}
		} else {
			snap["is_default"], snap["archived_at"] = 0, nil
		}
	case syncproto.TableChats:
		if loc.exists {
			for k, v := range loc.cols {
				snap[k] = v
			}
		} else if c.OwnerID != "" && c.OwnerID != a.l.userID() {
			snap["pinned"], snap["archived_at"] = 0, nil // someone else's shared chat
		}
	case syncproto.TableDocuments:
		return a.localizeDocument(ctx, c, snap, loc)
	case syncproto.TableWorkspaceSettings:
		// Another embedding model: this device embeds its chunks again (or
		// takes the vectors members publish for that model).
		// Compared with the workspace's settings as they are here, whichever
		// row holds them (on a first join documents may arrive first and be
		// indexed with this device's defaults).
		if ref, ok := snap["embedding_model_ref"].(string); ok && a.l.s.d.Workspaces != nil {
			cur, err := a.l.s.d.Workspaces.EmbeddingModel(ctx, a.tx, a.l.ws)
			if err != nil {
				return err
			}
			a.after.reembed = a.after.reembed || cur != ref
		}
	}
	return nil
}

func (a *applier) localizeDocument(ctx context.Context, c syncproto.Change, snap map[string]any, loc localRow) error {
	sha, _ := snap["sha256"].(string)
	live := loc.exists && !loc.deleted
	if snap["deleted_at"] != nil {
		if live {
			if err := a.dropChunks(ctx, c.RowID); err != nil {
				return err
			}
			a.after.unused = append(a.after.unused, loc.sha)
			if vecs, err := a.vectorsFile(ctx, c.RowID); err != nil {
				return err
			} else if vecs != "" {
				a.after.unused = append(a.after.unused, vecs)
			}
		}
		if loc.exists {
			for k, v := range loc.cols {
				snap[k] = v
			}
		}
		snap["chunk_count"] = 0
		return nil
	}
	if live && loc.sha == sha {
		for k, v := range loc.cols {
			snap[k] = v
		}
		// Vectors a member published since: chunks here that lack vectors of
		// the workspace's model may take them (Reembed finds which).
		if vecs, _ := snap["embeddings_sha256"].(string); vecs != "" {
			cur, err := a.vectorsFile(ctx, c.RowID)
			if err != nil {
				return err
			}
			if cur != vecs {
				a.after.reembed = true
				if cur != "" {
					a.after.unused = append(a.after.unused, cur) // the vectors it named before
				}
			}
		}
		return nil
	}
	if live {
		if err := a.dropChunks(ctx, c.RowID); err != nil {
			return err
		}
	}
	snap["chunk_count"], snap["page_count"], snap["warning"], snap["format"] = 0, 0, "", ""
	switch {
	case sha == "":
		// A file its author's device could not read: nothing to index here either.
	case a.missing[sha]:
		snap["status"], snap["error"] = "error", fileMissing
	default:
		snap["status"], snap["error"] = "pending", ""
		a.after.index = append(a.after.index, c.RowID)
	}
	return nil
}

// vectorsFile is the file of shared vectors a document names here.
func (a *applier) vectorsFile(ctx context.Context, docID string) (string, error) {
	if a.l.s.d.Documents == nil {
		return "", nil
	}
	return a.l.s.d.Documents.VectorsFile(ctx, a.tx, docID)
}

// dropChunks removes a document's locally derived chunks and remembers to
// tell the documents domain after the commit.
func (a *applier) dropChunks(ctx context.Context, docID string) error {
	if a.l.s.d.Documents == nil {
		return nil
	}
	if err := a.l.s.d.Documents.DropChunks(ctx, a.tx, docID); err != nil {
		return err
	}
	a.after.forget = append(a.after.forget, docID)
	return nil
}

// oneSettingsRow keeps a workspace's settings unique: a settings row made
// here before the shared one arrived gives way to it, with its unpushed change.
func (a *applier) oneSettingsRow(ctx context.Context, id string) error {
	if a.l.s.d.Workspaces == nil {
		return nil
	}
	other, err := a.l.s.d.Workspaces.KeepSettingsRow(ctx, a.tx, a.l.ws, id)
	if err != nil || other == "" {
		return err
	}
	a.l.s.log.Warn("replaced local workspace settings with the shared ones", "workspace", a.l.ws, "local", other, "shared", id)
	_, err = a.tx.ExecContext(ctx, `DELETE FROM change_log WHERE table_name = 'workspace_settings' AND row_id = ? AND pushed_at IS NULL`, other)
	return err
}

// hide drops a row this member may no longer see (a chat no longer shared,
// with its messages and chat documents): it is not their data, so it goes
// hard, with any unpushed change to it.
func (a *applier) hide(ctx context.Context, table, id string) error {
	tx, ws := a.tx, a.l.ws
	docs, chats := a.l.s.d.Documents, a.l.s.d.Chats
	if table != syncproto.TableChats {
		var gone bool
		switch {
		case table == syncproto.TableDocuments && docs != nil:
			n, err := docs.ForgetDocuments(ctx, tx, ws, []string{id})
			if err != nil {
				return fmt.Errorf("hide document: %w", err)
			}
			a.after.forget = append(a.after.forget, id)
			gone = n > 0
		case table == syncproto.TableMessages && chats != nil:
			var err error
			if gone, err = chats.ForgetMessage(ctx, tx, ws, id); err != nil {
				return fmt.Errorf("hide message: %w", err)
			}
		}
		if gone {
			a.touched[table] = true
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM change_log WHERE table_name = ? AND row_id = ? AND workspace_id = ? AND pushed_at IS NULL`,
			table, id, ws)
		return err
	}
	delete(a.chats, id)
	ok, err := a.exists(ctx, "chats", id)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM sync_parked WHERE workspace_id = ? AND (parent_id = ? OR row_id = ?)`, ws, id, id); err != nil {
		return fmt.Errorf("hide chat: %w", err)
	}
	if !ok || chats == nil {
		return nil
	}
	var ids []string
	if docs != nil {
		if ids, err = docs.ChatDocuments(ctx, tx, ws, id); err != nil {
			return fmt.Errorf("hide chat: %w", err)
		}
		if _, err := docs.ForgetDocuments(ctx, tx, ws, ids); err != nil {
			return fmt.Errorf("hide chat: %w", err)
		}
		a.after.forget = append(a.after.forget, ids...)
	}
	if _, err := chats.ForgetChat(ctx, tx, ws, id); err != nil {
		return fmt.Errorf("hide chat: %w", err)
	}
	for _, q := range []string{
		`DELETE FROM change_log WHERE pushed_at IS NULL AND table_name IN ('messages', 'documents')
			AND workspace_id = ? AND json_extract(snapshot, '$.chat_id') = ?`,
		`DELETE FROM sync_base WHERE workspace_id = ? AND table_name = 'chats' AND row_id = ?`,
		`DELETE FROM change_log WHERE pushed_at IS NULL AND workspace_id = ? AND table_name = 'chats' AND row_id = ?`,
	} {
		if _, err := tx.ExecContext(ctx, q, ws, id); err != nil {
			return fmt.Errorf("hide chat: %w", err)
		}
	}
	a.touched["chats"], a.touched["messages"] = true, true
	if len(ids) > 0 {
		a.touched["documents"] = true
	}
	return nil
}
