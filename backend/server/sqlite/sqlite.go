// Package sqlite is bookbag-server's SQLite backend (modernc.org/sqlite, pure
// Go): one file in the data dir, one writer connection, a reader pool. One
// process only: SQLite has no way to tell another process about a change.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"bookbag/backend/sqlkit"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// DB is an open SQLite database.
type DB struct {
	w, r *sql.DB
}

func dsn(path string, readOnly bool) string { return sqlkit.SQLiteDSN(path, 10000, readOnly) }

// Open opens (creating) the database file at path.
func Open(ctx context.Context, path string) (*DB, error) {
	w, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	// One writer: BEGIN IMMEDIATE transactions queue here instead of
	// failing with SQLITE_BUSY.
	w.SetMaxOpenConns(1)
	w.SetConnMaxLifetime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	r, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open sqlite readers: %w", err)
	}
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	return &DB{w: w, r: r}, nil
}

func (db *DB) Kind() string     { return "sqlite" }
func (db *DB) Writer() *sql.DB  { return db.w }
func (db *DB) Reader() *sql.DB  { return db.r }
func (db *DB) BlobType() string { return "BLOB" }

// LockMigrations does nothing: BEGIN IMMEDIATE already holds the write lock.
func (db *DB) LockMigrations(context.Context, *sql.Tx) error { return nil }

// LockBlobs does nothing: one write transaction runs at a time.
func (db *DB) LockBlobs(context.Context, *sql.Tx, bool) error { return nil }

// LockKey does nothing: BEGIN IMMEDIATE holds the database's write lock,
// across processes too.
func (db *DB) LockKey(context.Context, *sql.Tx, string) error { return nil }

// Notify does nothing: there is only one process.
func (db *DB) Notify(context.Context, *sql.Tx, string, int64) error { return nil }

// Listen returns at once: there is nobody else to hear from.
func (db *DB) Listen(context.Context, func(string, int64)) error { return nil }

// IsUnique reports a UNIQUE or PRIMARY KEY violation.
func (db *DB) IsUnique(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed")
}

func (db *DB) Close() error { return errors.Join(db.r.Close(), db.w.Close()) }
