// Package sqlkit holds the few database helpers the desktop store and the
// office server share: the queryer interface, one-column reads, the ordered
// migration loader and the SQLite DSN. It knows no table.
package sqlkit

import (
	"context"
	"database/sql"
	"fmt"
)

// Queryer runs reads: a pool (*sql.DB), a snapshot or transaction (*sql.Tx,
// the store's *Tx). Owners take one where a caller may want the answer
// inside a transaction or snapshot of its own.
type Queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Execer runs writes (*sql.DB, *sql.Tx, the store's *Tx).
type Execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// Strings runs a query of one text column and returns its values; an error
// in any row fails the call.
func Strings(ctx context.Context, q Queryer, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("read rows: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// Int64Map runs a query of a text key and an integer (a file's hash and
// size) and returns them as a map; an error in any row fails the call.
func Int64Map(ctx context.Context, q Queryer, query string, args ...any) (map[string]int64, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var k string
		var n int64
		if err := rows.Scan(&k, &n); err != nil {
			return nil, fmt.Errorf("read rows: %w", err)
		}
		out[k] = n
	}
	return out, rows.Err()
}
