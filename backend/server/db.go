package server

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"strings"

	"bookbag/backend/sqlkit"
)

// DB is what a database backend provides (one package per backend:
// server/sqlite, server/postgres). The SQL itself is shared: it uses $n
// placeholders and the subset of SQL both databases accept, so the same
// migrations and queries run on both.
type DB interface {
	// Kind names the backend ("sqlite", "postgres").
	Kind() string
	// Writer runs write transactions; Reader runs reads (it may be Writer).
	Writer() *sql.DB
	Reader() *sql.DB
	// BlobType is the column type for binary data in migrations.
	BlobType() string
	// LockMigrations serializes migrations between processes, inside tx.
	LockMigrations(ctx context.Context, tx *sql.Tx) error
	// LockBlobs, inside tx, orders storing a blob (shared) against freeing
	// blobs (exclusive) between processes, so that a file is never freed
	// while another workspace is naming it. A single-writer backend needs
	// nothing.
	LockBlobs(ctx context.Context, tx *sql.Tx, exclusive bool) error
	// LockKey, inside tx, serializes transactions on one key between
	// processes (the login attempts of one account). A single-writer
	// backend needs nothing.
	LockKey(ctx context.Context, tx *sql.Tx, key string) error
	// Notify tells other server processes, when tx commits, that workspace
	// ws has reached sequence seq. A single-process backend does nothing.
	Notify(ctx context.Context, tx *sql.Tx, ws string, seq int64) error
	// Listen calls fn for every Notify of any process until ctx ends; it
	// returns at once for a single-process backend.
	Listen(ctx context.Context, fn func(ws string, seq int64)) error
	// IsUnique reports whether err is a unique-constraint violation.
	IsUnique(err error) bool
	Close() error
}

//go:embed migrations/*.sql
var migrationFiles embed.FS

func loadMigrations() ([]sqlkit.Migration, error) {
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		return nil, fmt.Errorf("list migrations: %w", err)
	}
	return sqlkit.LoadMigrations(sub)
}

// Migrate applies pending migrations in one transaction, under the
// backend's migration lock so that processes starting together on one
// PostgreSQL do not race.
func Migrate(ctx context.Context, db DB, nowMs int64) error {
	ms, err := loadMigrations()
	if err != nil {
		return err
	}
	tx, err := db.Writer().BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin migration: %w", err)
	}
	defer tx.Rollback()
	if err := db.LockMigrations(ctx, tx); err != nil {
		return fmt.Errorf("lock migrations: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT   NOT NULL,
		applied_at BIGINT NOT NULL)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	var current int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if len(ms) > 0 && current > ms[len(ms)-1].Version {
		return fmt.Errorf("migrate: database schema %d is newer than this server (%d)", current, ms[len(ms)-1].Version)
	}
	for _, m := range ms {
		if m.Version <= current {
			continue
		}
		body := strings.ReplaceAll(m.SQL, "{{BLOB}}", db.BlobType())
		if _, err := tx.ExecContext(ctx, body); err != nil {
			return fmt.Errorf("apply migration %04d_%s: %w", m.Version, m.Name, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
			m.Version, m.Name, nowMs); err != nil {
			return fmt.Errorf("record migration %d: %w", m.Version, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit migrations: %w", err)
	}
	return nil
}
