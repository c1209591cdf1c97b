// Package store opens the one SQLite database of a data dir, migrates it and
// runs transactions. Domain packages own their SQL; store owns the connection,
// the schema history, the clock and the write helper for synced rows.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"bookbag/backend/sqlkit"
	"bookbag/backend/syncproto"
)

// FileName is the database file inside the data dir.
const FileName = "bookbag.db"

// Clock returns the current time; tests swap it for a fixed one.
type Clock interface{ Now() time.Time }

// SystemClock is the wall clock.
type SystemClock struct{}

func (SystemClock) Now() time.Time { return time.Now() }

// Options tune Open. The zero value is what the app uses.
type Options struct {
	Clock      Clock
	Migrations fs.FS // defaults to the embedded migrations
	Readers    int   // reader pool size, default 4
}

// DB is an open database: one writer connection and a pool of readers.
type DB struct {
	W        *sql.DB // the single writer; every write goes through Tx
	R        *sql.DB // read-only pool for queries outside transactions
	Path     string
	clock    Clock
	hlc      *syncproto.Clock
	identity Identity
	cols     columnCache
	hooks    changeHooks
}

func dsn(path string, readOnly bool) string { return sqlkit.SQLiteDSN(path, 5000, readOnly) }

// Open opens (creating if needed) dir/bookbag.db, applies pending migrations and
// loads the local identity. Errors wrap ErrNotWritable, ErrCorrupt or ErrNewerSchema
// where those apply so the app can show the right screen.
func Open(ctx context.Context, dir string, opts Options) (*DB, error) {
	if opts.Clock == nil {
		opts.Clock = SystemClock{}
	}
	if opts.Migrations == nil {
		opts.Migrations = embeddedMigrations()
	}
	if opts.Readers <= 0 {
		opts.Readers = 4
	}
	if err := checkWritable(dir); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, FileName)
	if err := checkHeader(path); err != nil {
		return nil, err
	}
	w, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxLifetime(0)
	db := &DB{W: w, Path: path, clock: opts.Clock}
	if err := migrate(ctx, w, opts.Migrations, opts.Clock); err != nil {
		w.Close()
		return nil, classify(path, err)
	}
	r, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open database readers: %w", err)
	}
	r.SetMaxOpenConns(opts.Readers)
	r.SetMaxIdleConns(opts.Readers)
	db.R = r
	if err := db.loadIdentity(ctx); err != nil {
		db.Close()
		return nil, classify(path, err)
	}
	db.hlc = syncproto.NewClock(db.identity.DeviceID, opts.Clock.Now)
	if err := db.observeLastStamp(ctx); err != nil {
		db.Close()
		return nil, classify(path, err)
	}
	return db, nil
}

// Close closes both pools.
func (db *DB) Close() error {
	var errR error
	if db.R != nil {
		errR = db.R.Close()
	}
	return errors.Join(db.W.Close(), errR)
}

// Now is the store clock's current time in Unix milliseconds.
func (db *DB) Now() int64 { return db.clock.Now().UnixMilli() }

// HLC is the hybrid logical clock that stamps synced rows.
func (db *DB) HLC() *syncproto.Clock { return db.hlc }

// checkWritable makes sure dir exists and a file can be created in it.
func checkWritable(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return &NotWritableError{Dir: dir, Err: err}
	}
	f, err := os.CreateTemp(dir, ".write-check-*")
	if err != nil {
		return &NotWritableError{Dir: dir, Err: err}
	}
	name := f.Name()
	f.Close()
	os.Remove(name)
	return nil
}

// checkHeader refuses a non-empty file that does not start with the SQLite
// magic: the driver would otherwise fail later with a less precise error.
func checkHeader(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return &CorruptError{Path: path, Err: err}
	}
	defer f.Close()
	head := make([]byte, 16)
	n, _ := f.Read(head)
	if n == 0 {
		return nil // an empty file is a new database to SQLite
	}
	if n < 16 || string(head) != "SQLite format 3\x00" {
		return &CorruptError{Path: path, Err: errors.New("not an SQLite database")}
	}
	return nil
}

// observeLastStamp moves the HLC past the newest stamp on disk so that a wall
// clock that went backwards between runs cannot reorder this device's writes.
func (db *DB) observeLastStamp(ctx context.Context) error {
	var last sql.NullString
	if err := db.R.QueryRowContext(ctx, `SELECT MAX(hlc) FROM change_log`).Scan(&last); err != nil {
		return fmt.Errorf("read last stamp: %w", err)
	}
	if last.Valid {
		s, err := syncproto.ParseStamp(last.String)
		if err == nil {
			db.hlc.Observe(s)
		}
	}
	return nil
}
