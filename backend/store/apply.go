package store

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"

	"bookbag/backend/sqlkit"
	"bookbag/backend/syncproto"
)

// Apply writes a synced row that came from elsewhere (a sync pull, an
// imported archive) given as a full snapshot (column name -> value, as in
// change_log). It inserts a new row, replaces an existing one whose hlc is
// older or equal (equal: the server's copy of our own change wins, because the
// server rewrites author ids), and leaves a newer local row alone: last writer
// wins per row. Columns the table does not have are ignored. With log set the
// applied row is also appended to change_log (an import that must later be
// pushed); a pulled change is not logged again.
func (tx *Tx) Apply(ctx context.Context, table string, snap map[string]any, log bool) (applied bool, err error) {
	if err := checkTable(table); err != nil {
		return false, err
	}
	id, _ := snap["id"].(string)
	stamp, _ := snap["hlc"].(string)
	if id == "" || stamp == "" {
		return false, fmt.Errorf("apply %s: snapshot without id or hlc", table)
	}
	st, err := syncproto.ParseStamp(stamp)
	if err != nil {
		return false, fmt.Errorf("apply %s: %w", table, err)
	}
	var local string
	err = tx.QueryRowContext(ctx, "SELECT hlc FROM "+table+" WHERE id = ?", id).Scan(&local)
	exists := err == nil
	if err != nil && !isNoRows(err) {
		return false, fmt.Errorf("apply %s: %w", table, err)
	}
	if exists && local > stamp {
		return false, nil
	}
	cols, err := tx.db.columns(ctx, tx, table)
	if err != nil {
		return false, err
	}
	var names []string
	var args []any
	for _, c := range cols {
		v, ok := snap[c]
		if !ok {
			continue
		}
		names = append(names, c)
		args = append(args, sqlValue(v))
	}
	sort.Strings(names) // deterministic SQL for the statement cache
	args = args[:0]
	for _, c := range names {
		args = append(args, sqlValue(snap[c]))
	}
	if exists {
		sets := make([]string, 0, len(names))
		for _, c := range names {
			if c != "id" {
				sets = append(sets, c+" = ?")
			}
		}
		upd := make([]any, 0, len(args))
		for i, c := range names {
			if c != "id" {
				upd = append(upd, args[i])
			}
		}
		upd = append(upd, id)
		if _, err := tx.ExecContext(ctx, "UPDATE "+table+" SET "+strings.Join(sets, ", ")+" WHERE id = ?", upd...); err != nil {
			return false, fmt.Errorf("apply %s: %w", table, err)
		}
	} else {
		q := fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", table, strings.Join(names, ", "),
			strings.TrimSuffix(strings.Repeat("?, ", len(names)), ", "))
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return false, fmt.Errorf("apply %s: %w", table, err)
		}
	}
	tx.db.hlc.Observe(st)
	if log {
		op := "update"
		if !exists {
			op = "insert"
		}
		if snap["deleted_at"] != nil {
			op = "delete"
		}
		if err := tx.logChange(ctx, table, id, op, stamp); err != nil {
			return false, err
		}
	}
	return true, nil
}

// sqlValue turns a decoded JSON value into something SQLite stores as the
// original column held it (JSON numbers arrive as float64; integral ones are
// stored as integers).
func sqlValue(v any) any {
	switch x := v.(type) {
	case float64:
		if x == float64(int64(x)) {
			return int64(x)
		}
		return x
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i
		}
		f, _ := x.Float64()
		return f
	case bool:
		if x {
			return int64(1)
		}
		return int64(0)
	case map[string]any, []any:
		b, _ := json.Marshal(x)
		return string(b)
	}
	return v
}

// columnCache remembers each synced table's columns.
type columnCache struct {
	mu sync.Mutex
	m  map[string][]string
}

func (db *DB) columns(ctx context.Context, tx *Tx, table string) ([]string, error) {
	db.cols.mu.Lock()
	defer db.cols.mu.Unlock()
	if c, ok := db.cols.m[table]; ok {
		return c, nil
	}
	cols, err := sqlkit.Strings(ctx, tx, "SELECT name FROM pragma_table_info(?)", table)
	if err != nil {
		return nil, fmt.Errorf("columns of %s: %w", table, err)
	}
	if db.cols.m == nil {
		db.cols.m = map[string][]string{}
	}
	db.cols.m[table] = cols
	return cols, nil
}
