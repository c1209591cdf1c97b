package store

import (
	"database/sql"
	"errors"
	"fmt"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"bookbag/backend/apperr"
)

// ErrNewerSchema: the database was written by a newer BookBag; opening it
// could damage it, so Open refuses.
var ErrNewerSchema = errors.New("database schema is newer than this version of BookBag")

// NotWritableError: the data dir cannot be created or written.
type NotWritableError struct {
	Dir string
	Err error
}

func (e *NotWritableError) Error() string {
	return fmt.Sprintf("data folder %s cannot be written: %v", e.Dir, e.Err)
}
func (e *NotWritableError) Unwrap() error { return e.Err }

// CorruptError: the database file is not a readable SQLite database.
type CorruptError struct {
	Path string
	Err  error
}

func (e *CorruptError) Error() string {
	return fmt.Sprintf("database %s is damaged or unreadable: %v", e.Path, e.Err)
}
func (e *CorruptError) Unwrap() error { return e.Err }

// NewerSchemaError carries the versions involved.
type NewerSchemaError struct {
	Path         string
	Found, Known int
}

func (e *NewerSchemaError) Error() string {
	return fmt.Sprintf("database %s has schema version %d but this BookBag knows only up to %d: update BookBag to open it", e.Path, e.Found, e.Known)
}
func (e *NewerSchemaError) Unwrap() error { return ErrNewerSchema }

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// sqliteCode returns the primary SQLite result code in err's chain, or 0.
func sqliteCode(err error) int {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() & 0xff
	}
	return 0
}

// classify turns driver errors met while opening into the typed errors above.
func classify(path string, err error) error {
	var nw *NotWritableError
	var ns *NewerSchemaError
	if errors.As(err, &nw) || errors.As(err, &ns) {
		return err
	}
	switch sqliteCode(err) {
	case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
		return &CorruptError{Path: path, Err: err}
	case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_IOERR:
		return &NotWritableError{Dir: path, Err: err}
	}
	return err
}

// MapErr translates constraint violations into apperr codes for services:
// UNIQUE and PRIMARY KEY -> conflict, FOREIGN KEY and CHECK -> invalid.
func MapErr(err error) error {
	if err == nil {
		return nil
	}
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code() {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return apperr.Wrap(err, apperr.Conflict, "already exists")
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return apperr.Wrap(err, apperr.Invalid, "refers to something that does not exist")
	case sqlite3.SQLITE_CONSTRAINT_CHECK, sqlite3.SQLITE_CONSTRAINT_NOTNULL:
		return apperr.Wrap(err, apperr.Invalid, "invalid value")
	case sqlite3.SQLITE_FULL:
		return apperr.Wrap(err, apperr.Unavailable, "the disk is full")
	}
	return err
}
