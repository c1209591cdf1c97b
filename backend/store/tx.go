package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"bookbag/backend/apperr"
	"bookbag/backend/syncproto"
)

// Tx is a write transaction on the writer connection. Reads inside it see its
// own writes. Work registered with AfterCommit (events) runs only on commit.
type Tx struct {
	*sql.Tx
	db          *DB
	now         int64
	afterCommit []func()
	logged      map[string]struct{} // workspaces whose rows were logged (OnLogged)
}

// Now is the transaction's timestamp in Unix milliseconds: every row it stamps
// gets the same value.
func (tx *Tx) Now() int64 { return tx.now }

// DB returns the database the transaction runs on.
func (tx *Tx) DB() *DB { return tx.db }

// AfterCommit registers f to run after a successful commit (publish events
// after the data is durable, never before).
func (tx *Tx) AfterCommit(f func()) { tx.afterCommit = append(tx.afterCommit, f) }

// Tx runs fn in a write transaction (BEGIN IMMEDIATE) and commits when it
// returns nil; any error or panic rolls everything back.
func (db *DB) Tx(ctx context.Context, fn func(tx *Tx) error) (err error) {
	sqlTx, err := db.W.BeginTx(ctx, nil)
	if err != nil {
		return MapErr(fmt.Errorf("begin transaction: %w", err))
	}
	tx := &Tx{Tx: sqlTx, db: db, now: db.Now()}
	defer func() {
		if p := recover(); p != nil {
			sqlTx.Rollback()
			panic(p)
		}
	}()
	if err := fn(tx); err != nil {
		sqlTx.Rollback()
		return MapErr(err)
	}
	if err := sqlTx.Commit(); err != nil {
		return MapErr(fmt.Errorf("commit: %w", err))
	}
	for _, f := range tx.afterCommit {
		f()
	}
	db.fireLogged(tx.logged)
	return nil
}

// Values are the domain columns of a synced row, by column name.
type Values map[string]any

// clearedColumns are, for each synced table (syncproto.Tables), the
// content columns a tombstone clears (to their empty value).
func clearedColumns(table string) []string {
	switch table {
	case syncproto.TableWorkspaces:
		return []string{"name", "icon", "color"}
	case syncproto.TableWorkspaceSettings:
		return []string{"system_prompt"}
	case syncproto.TableParamProfiles:
		return []string{"name", "system_prompt"}
	case syncproto.TablePromptTemplates:
		return []string{"name", "body"}
	case syncproto.TableChats:
		return []string{"title", "system_prompt", "params"}
	case syncproto.TableMessages:
		return []string{"content", "thinking", "citations", "attachments", "error"}
	case syncproto.TableDocuments:
		return []string{"name"}
	}
	return nil
}

// IsSynced reports whether table is a synced table (syncproto.Tables): its
// rows are written through Insert, Update, Delete and Apply, stamped and
// logged.
func IsSynced(table string) bool { _, ok := syncproto.TableRank(table); return ok }

func checkTable(table string) error {
	if !IsSynced(table) {
		return fmt.Errorf("table %q is not a synced table", table)
	}
	return nil
}

// reserved columns are stamped by the helper and may not be set by callers.
var reserved = map[string]bool{"id": true, "workspace_id": true, "created_at": true, "updated_at": true,
	"deleted_at": true, "hlc": true, "device_id": true, "author_id": true}

func sortedCols(v Values) ([]string, error) {
	cols := make([]string, 0, len(v))
	for c := range v {
		if reserved[c] {
			return nil, fmt.Errorf("column %q is stamped by the store", c)
		}
		if !validIdent(c) {
			return nil, fmt.Errorf("bad column name %q", c)
		}
		cols = append(cols, c)
	}
	sort.Strings(cols)
	return cols, nil
}

func validIdent(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// Insert creates a synced row with id and workspaceID (empty workspaceID means
// NULL: personal rows such as profiles), stamps it and logs it.
func (tx *Tx) Insert(ctx context.Context, table, id, workspaceID string, v Values) error {
	if err := checkTable(table); err != nil {
		return err
	}
	cols, err := sortedCols(v)
	if err != nil {
		return err
	}
	stamp := tx.db.hlc.Now().String()
	ident := tx.db.identity
	names := append([]string{"id", "workspace_id"}, cols...)
	names = append(names, "created_at", "updated_at", "hlc", "device_id", "author_id")
	args := []any{id, nullIfEmpty(workspaceID)}
	for _, c := range cols {
		args = append(args, v[c])
	}
	args = append(args, tx.now, tx.now, stamp, ident.DeviceID, ident.UserID)
	q := fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", table, strings.Join(names, ", "),
		strings.TrimSuffix(strings.Repeat("?, ", len(names)), ", "))
	if _, err := tx.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("insert %s: %w", table, err)
	}
	return tx.logChange(ctx, table, id, "insert", stamp)
}

// Update changes the given columns of a live synced row, restamps and logs it.
// A missing or deleted row gives apperr.NotFound.
func (tx *Tx) Update(ctx context.Context, table, id string, v Values) error {
	if err := checkTable(table); err != nil {
		return err
	}
	cols, err := sortedCols(v)
	if err != nil {
		return err
	}
	stamp := tx.db.hlc.Now().String()
	ident := tx.db.identity
	sets := make([]string, 0, len(cols)+4)
	args := make([]any, 0, len(cols)+5)
	for _, c := range cols {
		sets = append(sets, c+" = ?")
		args = append(args, v[c])
	}
	sets = append(sets, "updated_at = ?", "hlc = ?", "device_id = ?", "author_id = ?")
	args = append(args, tx.now, stamp, ident.DeviceID, ident.UserID, id)
	q := fmt.Sprintf("UPDATE %s SET %s WHERE id = ? AND deleted_at IS NULL", table, strings.Join(sets, ", "))
	res, err := tx.ExecContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("update %s: %w", table, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.New(apperr.NotFound, "%s %s not found", singular(table), id)
	}
	return tx.logChange(ctx, table, id, "update", stamp)
}

// Move gives a live synced row another workspace (a chat moved between
// workspaces), restamped and logged like any change.
func (tx *Tx) Move(ctx context.Context, table, id, workspaceID string) error {
	if err := checkTable(table); err != nil {
		return err
	}
	if table == "workspaces" {
		return fmt.Errorf("a workspace cannot move")
	}
	var from string
	err := tx.QueryRowContext(ctx, "SELECT workspace_id FROM "+table+" WHERE id = ? AND deleted_at IS NULL", id).Scan(&from)
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.New(apperr.NotFound, "%s %s not found", singular(table), id)
	}
	if err != nil {
		return fmt.Errorf("move %s: %w", table, err)
	}
	stamp := tx.db.hlc.Now().String()
	ident := tx.db.identity
	if _, err := tx.ExecContext(ctx, "UPDATE "+table+` SET workspace_id = ?, updated_at = ?, hlc = ?, device_id = ?, author_id = ?
		WHERE id = ?`, workspaceID, tx.now, stamp, ident.DeviceID, ident.UserID, id); err != nil {
		return fmt.Errorf("move %s: %w", table, err)
	}
	if err := tx.logChange(ctx, table, id, "update", stamp); err != nil {
		return err
	}
	if from == workspaceID {
		return nil
	}
	return tx.logLeft(ctx, table, id, from, stamp)
}

// logLeft records, for the workspace a row moved out of, that the row is
// gone from it: a tombstone there, so members of a shared workspace stop
// seeing a chat moved to another one. A row whose insert there is still
// unpushed was never seen by a server: its entry just goes.
func (tx *Tx) logLeft(ctx context.Context, table, id, workspaceID, stamp string) error {
	var prevOp sql.NullString
	err := tx.QueryRowContext(ctx, `DELETE FROM change_log WHERE table_name = ? AND row_id = ? AND workspace_id = ? AND pushed_at IS NULL
		RETURNING op`, table, id, workspaceID).Scan(&prevOp)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("coalesce change log: %w", err)
	}
	if prevOp.String == "insert" {
		return nil
	}
	m, _, err := tx.snapshotMap(ctx, table, id)
	if err != nil {
		return err
	}
	m["workspace_id"], m["deleted_at"], m["updated_at"] = workspaceID, tx.now, tx.now
	for _, c := range clearedColumns(table) {
		m[c] = clearedValue(c)
	}
	b, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("snapshot %s: %w", table, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO change_log (table_name, row_id, workspace_id, hlc, op, snapshot, created_at)
		VALUES (?, ?, ?, ?, 'delete', ?, ?)`, table, id, workspaceID, stamp, string(b), tx.now); err != nil {
		return fmt.Errorf("append change log: %w", err)
	}
	if tx.logged == nil {
		tx.logged = map[string]struct{}{}
	}
	tx.logged[workspaceID] = struct{}{}
	return nil
}

// clearedValue is what a tombstone keeps in a content column.
func clearedValue(col string) string {
	switch col {
	case "citations", "attachments":
		return "[]"
	case "params":
		return "{}"
	}
	return ""
}

// Delete turns a synced row into a tombstone: deleted_at set, content columns
// cleared, change logged. Deleting a missing or already deleted row is NotFound.
func (tx *Tx) Delete(ctx context.Context, table, id string) error {
	if err := checkTable(table); err != nil {
		return err
	}
	stamp := tx.db.hlc.Now().String()
	ident := tx.db.identity
	sets := []string{"deleted_at = ?", "updated_at = ?", "hlc = ?", "device_id = ?", "author_id = ?"}
	args := []any{tx.now, tx.now, stamp, ident.DeviceID, ident.UserID}
	for _, c := range clearedColumns(table) {
		sets = append(sets, c+" = '"+clearedValue(c)+"'")
	}
	args = append(args, id)
	q := fmt.Sprintf("UPDATE %s SET %s WHERE id = ? AND deleted_at IS NULL", table, strings.Join(sets, ", "))
	res, err := tx.ExecContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("delete %s: %w", table, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.New(apperr.NotFound, "%s %s not found", singular(table), id)
	}
	return tx.logChange(ctx, table, id, "delete", stamp)
}

// Restore clears deleted_at of a tombstone whose content was kept elsewhere
// (undo): callers pass the content columns back in v.
func (tx *Tx) Restore(ctx context.Context, table, id string, v Values) error {
	if err := checkTable(table); err != nil {
		return err
	}
	cols, err := sortedCols(v)
	if err != nil {
		return err
	}
	stamp := tx.db.hlc.Now().String()
	ident := tx.db.identity
	sets := []string{"deleted_at = NULL", "updated_at = ?", "hlc = ?", "device_id = ?", "author_id = ?"}
	args := []any{tx.now, stamp, ident.DeviceID, ident.UserID}
	for _, c := range cols {
		sets = append(sets, c+" = ?")
		args = append(args, v[c])
	}
	args = append(args, id)
	q := fmt.Sprintf("UPDATE %s SET %s WHERE id = ? AND deleted_at IS NOT NULL", table, strings.Join(sets, ", "))
	res, err := tx.ExecContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("restore %s: %w", table, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.New(apperr.NotFound, "deleted %s %s not found", singular(table), id)
	}
	return tx.logChange(ctx, table, id, "update", stamp)
}

// logChange appends the row's full snapshot to change_log, replacing any
// entry for the same row that has not been pushed yet.
func (tx *Tx) logChange(ctx context.Context, table, id, op, stamp string) error {
	snap, wsID, err := tx.snapshot(ctx, table, id)
	if err != nil {
		return err
	}
	// Coalesce with the row's unpushed change in the same workspace (a row
	// moved out of another keeps the tombstone logged there; see logLeft).
	var prevOp sql.NullString
	err = tx.QueryRowContext(ctx, `DELETE FROM change_log WHERE table_name = ? AND row_id = ? AND workspace_id IS ? AND pushed_at IS NULL
		RETURNING op`, table, id, wsID).Scan(&prevOp)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("coalesce change log: %w", err)
	}
	if prevOp.String == "insert" && op == "update" {
		op = "insert" // the server has never seen this row
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO change_log (table_name, row_id, workspace_id, hlc, op, snapshot, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, table, id, wsID, stamp, op, snap, tx.now); err != nil {
		return fmt.Errorf("append change log: %w", err)
	}
	if wsID.Valid {
		if tx.logged == nil {
			tx.logged = map[string]struct{}{}
		}
		tx.logged[wsID.String] = struct{}{}
	}
	return nil
}

// snapshot reads the whole row as a JSON object keyed by column name.
func (tx *Tx) snapshot(ctx context.Context, table, id string) (string, sql.NullString, error) {
	m, ws, err := tx.snapshotMap(ctx, table, id)
	if err != nil {
		return "", ws, err
	}
	b, err := json.Marshal(m)
	if err != nil {
		return "", sql.NullString{}, fmt.Errorf("snapshot %s: %w", table, err)
	}
	return string(b), ws, nil
}

// snapshotMap reads the whole row, column -> value.
func (tx *Tx) snapshotMap(ctx context.Context, table, id string) (map[string]any, sql.NullString, error) {
	rows, err := tx.QueryContext(ctx, "SELECT * FROM "+table+" WHERE id = ?", id)
	if err != nil {
		return nil, sql.NullString{}, fmt.Errorf("snapshot %s: %w", table, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, sql.NullString{}, fmt.Errorf("snapshot %s: %w", table, err)
	}
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return nil, sql.NullString{}, fmt.Errorf("snapshot %s: %w", table, err)
		}
		return nil, sql.NullString{}, apperr.New(apperr.NotFound, "%s %s not found", singular(table), id)
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		return nil, sql.NullString{}, fmt.Errorf("snapshot %s: %w", table, err)
	}
	m := make(map[string]any, len(cols))
	var ws sql.NullString
	for i, c := range cols {
		m[c] = vals[i]
		if c == "workspace_id" {
			if s, ok := vals[i].(string); ok {
				ws = sql.NullString{String: s, Valid: true}
			}
		}
	}
	return m, ws, rows.Err()
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func singular(table string) string {
	switch table {
	case "workspace_settings":
		return "workspace settings"
	case "model_assignments":
		return "model assignment"
	case "param_profiles":
		return "parameter profile"
	case "prompt_templates":
		return "prompt template"
	}
	return strings.TrimSuffix(table, "s")
}

// Unstamp clears a synced row's stamp, so that any version of it applied
// next (Apply) wins over this one: a local tombstone gives way to the
// shared row it would otherwise hide. Nothing is logged.
func (tx *Tx) Unstamp(ctx context.Context, table, id string) error {
	if err := checkTable(table); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE `+table+` SET hlc = '' WHERE id = ?`, id); err != nil {
		return fmt.Errorf("unstamp %s: %w", table, err)
	}
	return nil
}
