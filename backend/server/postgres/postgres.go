// Package postgres is bookbag-server's PostgreSQL backend (pgx). Several
// server processes may share one database: pushes serialize per workspace on
// the workspace row's lock, and processes tell each other about new changes
// with LISTEN/NOTIFY.
package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// Channel is the NOTIFY channel for new changes; the payload is
// "<workspace id> <sequence>".
const Channel = "bookbag_sync"

// DB is an open PostgreSQL database.
type DB struct {
	db  *sql.DB
	url string
}

// Open connects to the database at url (postgres://…); extra query
// parameters such as search_path are passed to the server.
func Open(ctx context.Context, url string) (*DB, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("parse postgres url: %w", err)
	}
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(20)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect postgres: %w", err)
	}
	return &DB{db: db, url: url}, nil
}

func (db *DB) Kind() string     { return "postgres" }
func (db *DB) Writer() *sql.DB  { return db.db }
func (db *DB) Reader() *sql.DB  { return db.db }
func (db *DB) BlobType() string { return "BYTEA" }

// migrationLockKey is an arbitrary constant shared by every bookbag-server.
const migrationLockKey = 7_318_245_091

// LockMigrations takes a transaction-scoped advisory lock, so processes
// starting together migrate one after the other.
func (db *DB) LockMigrations(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(migrationLockKey))
	return err
}

// blobLockKey is the advisory lock of LockBlobs, shared by every server.
const blobLockKey = 7_318_245_092

// LockBlobs takes the blobs' transaction-scoped advisory lock: shared to
// store a blob, exclusive to free blobs.
func (db *DB) LockBlobs(ctx context.Context, tx *sql.Tx, exclusive bool) error {
	q := `SELECT pg_advisory_xact_lock_shared($1)`
	if exclusive {
		q = `SELECT pg_advisory_xact_lock($1)`
	}
	_, err := tx.ExecContext(ctx, q, int64(blobLockKey))
	return err
}

// keyLockClass is the first half of LockKey's two-part advisory locks
// (a space apart from the one-part locks above).
const keyLockClass = 7318

// LockKey takes a transaction-scoped advisory lock on key's hash. Two keys
// may share a hash; then they only wait for each other.
func (db *DB) LockKey(ctx context.Context, tx *sql.Tx, key string) error {
	_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1, hashtext($2))`, keyLockClass, key)
	return err
}

// Notify queues a notification that PostgreSQL delivers when tx commits,
// and only then, so listeners never hear of an uncommitted change.
func (db *DB) Notify(ctx context.Context, tx *sql.Tx, ws string, seq int64) error {
	_, err := tx.ExecContext(ctx, `SELECT pg_notify($1, $2)`, Channel, ws+" "+strconv.FormatInt(seq, 10))
	if err != nil {
		return fmt.Errorf("notify: %w", err)
	}
	return nil
}

// Listen holds one dedicated connection on LISTEN and calls fn for every
// notification, reconnecting with backoff until ctx ends. After a reconnect
// it calls fn with an empty workspace, meaning "anything may have changed".
func (db *DB) Listen(ctx context.Context, fn func(ws string, seq int64)) error {
	backoff := 100 * time.Millisecond
	for {
		err := db.listenOnce(ctx, fn)
		if ctx.Err() != nil {
			return nil
		}
		_ = err // the connection dropped: retry; waiters re-check the database anyway
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(backoff):
		}
		if backoff < 5*time.Second {
			backoff *= 2
		}
		fn("", 0)
	}
}

func (db *DB) listenOnce(ctx context.Context, fn func(string, int64)) error {
	conn, err := pgx.Connect(ctx, db.url)
	if err != nil {
		return fmt.Errorf("connect listener: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+Channel); err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return fmt.Errorf("wait for notification: %w", err)
		}
		ws, seqText, ok := strings.Cut(n.Payload, " ")
		if !ok {
			continue
		}
		seq, err := strconv.ParseInt(seqText, 10, 64)
		if err != nil {
			continue
		}
		fn(ws, seq)
	}
}

// IsUnique reports SQLSTATE 23505.
func (db *DB) IsUnique(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

func (db *DB) Close() error { return db.db.Close() }
