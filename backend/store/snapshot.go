package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"

	"bookbag/backend/sqlkit"
)

// Snapshot writes a consistent copy of the live database to path (which must
// not exist) with VACUUM INTO. It runs on a connection of its own (the reader
// pool is query_only, which refuses VACUUM INTO) and only reads the live
// database inside one read transaction, so writers go on while it copies and
// the copy is the database as of one commit: a single file, no -wal.
func (db *DB) Snapshot(ctx context.Context, path string) error {
	if strings.ContainsRune(path, 0) {
		return errors.New("snapshot database: bad path")
	}
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("snapshot database: %s already exists", path)
	}
	conn, err := sql.Open("sqlite", dsn(db.Path, false))
	if err != nil {
		return fmt.Errorf("snapshot database: %w", err)
	}
	defer conn.Close()
	conn.SetMaxOpenConns(1)
	if _, err := conn.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		os.Remove(path)
		return fmt.Errorf("snapshot database: %w", err)
	}
	return nil
}

// LatestSchema is the newest migration this build knows: a database (or a
// backup) with a higher version was written by a newer BookBag.
func LatestSchema() int {
	ms, err := loadMigrations(embeddedMigrations())
	if err != nil || len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].Version
}

// FileCheck is what CheckFile found in a database file that is not open.
type FileCheck struct {
	SchemaVersion  int
	Integrity      string // "ok", else SQLite's first complaint
	ForeignKeyErrs int    // rows that refer to a missing parent
}

// CheckFile opens the database file at path read-only (it must be a lone
// file, as Snapshot writes it) and reports its schema version, PRAGMA
// integrity_check and PRAGMA foreign_key_check. It migrates nothing.
func CheckFile(ctx context.Context, path string) (FileCheck, error) {
	var fc FileCheck
	if err := checkHeader(path); err != nil {
		return fc, err
	}
	if _, err := os.Stat(path); err != nil {
		return fc, fmt.Errorf("check database: %w", err)
	}
	conn, err := sql.Open("sqlite", sqlkit.SQLiteDSN(path, 5000, true))
	if err != nil {
		return fc, fmt.Errorf("check database: %w", err)
	}
	defer conn.Close()
	conn.SetMaxOpenConns(1)
	if err := conn.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&fc.SchemaVersion); err != nil {
		return fc, classify(path, fmt.Errorf("read schema version: %w", err))
	}
	if err := conn.QueryRowContext(ctx, `PRAGMA integrity_check(1)`).Scan(&fc.Integrity); err != nil {
		return fc, classify(path, fmt.Errorf("check integrity: %w", err))
	}
	rows, err := conn.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return fc, classify(path, fmt.Errorf("check foreign keys: %w", err))
	}
	defer rows.Close()
	for rows.Next() {
		fc.ForeignKeyErrs++
	}
	return fc, rows.Err()
}
