package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"bookbag/backend/apperr"
)

type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

func openTest(t *testing.T, dir string) *DB {
	t.Helper()
	db, err := Open(context.Background(), dir, Options{})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestOpenMigratesFromEmpty(t *testing.T) {
	db := openTest(t, t.TempDir())
	ctx := context.Background()
	v, err := db.SchemaVersion(ctx)
	if err != nil || v < 1 {
		t.Fatalf("schema version %d, %v", v, err)
	}
	for _, table := range []string{"workspaces", "workspace_settings", "providers", "models", "chats", "messages",
		"documents", "chunks", "settings", "identity", "change_log", "messages_fts", "chunks_fts",
		"param_profiles", "prompt_templates", "model_assignments"} {
		var n int
		if err := db.R.QueryRow(`SELECT count(*) FROM sqlite_master WHERE name = ?`, table).Scan(&n); err != nil || n != 1 {
			t.Errorf("table %s missing (%v)", table, err)
		}
	}
	var mode string
	db.W.QueryRow(`PRAGMA journal_mode`).Scan(&mode)
	var fk int
	db.W.QueryRow(`PRAGMA foreign_keys`).Scan(&fk)
	if mode != "wal" || fk != 1 {
		t.Fatalf("pragmas: journal_mode=%s foreign_keys=%d", mode, fk)
	}
	id := db.Identity()
	if id.DeviceID == "" || id.UserID == "" || id.DisplayName == "" {
		t.Fatalf("identity not created: %+v", id)
	}
}

func TestReopenIsIdempotentAndKeepsIdentity(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	db1, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	first := db1.Identity()
	v1, _ := db1.SchemaVersion(ctx)
	db1.Close()
	db2 := openTest(t, dir)
	v2, _ := db2.SchemaVersion(ctx)
	if v1 != v2 || db2.Identity() != first {
		t.Fatalf("reopen changed state: v %d->%d identity %+v -> %+v", v1, v2, first, db2.Identity())
	}
	var n int
	db2.R.QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&n)
	ms, _ := loadMigrations(embeddedMigrations())
	if n != len(ms) {
		t.Fatalf("schema_migrations has %d rows for %d migrations", n, len(ms))
	}
}

func TestCorruptFileIsReportedAndUntouched(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	junk := []byte("this is not a database, just some bytes that a crash left behind............")
	if err := os.WriteFile(path, junk, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), dir, Options{})
	var ce *CorruptError
	if !errors.As(err, &ce) || ce.Path != path {
		t.Fatalf("want CorruptError for %s, got %v", path, err)
	}
	after, _ := os.ReadFile(path)
	if string(after) != string(junk) {
		t.Fatal("corrupt file was modified")
	}
}

func TestCorruptPagesAreReported(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(context.Background(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.W.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	db.Close()
	path := filepath.Join(dir, FileName)
	b, _ := os.ReadFile(path)
	// Keep the valid header, smash everything after the first 100 bytes (schema page).
	for i := 100; i < len(b); i++ {
		b[i] = 0xA5
	}
	os.WriteFile(path, b, 0o600)
	os.Remove(path + "-wal")
	os.Remove(path + "-shm")
	_, err = Open(context.Background(), dir, Options{})
	var ce *CorruptError
	if !errors.As(err, &ce) {
		t.Fatalf("want CorruptError, got %v", err)
	}
}

func TestNewerSchemaIsRefused(t *testing.T) {
	dir := t.TempDir()
	db := openTest(t, dir)
	v, _ := db.SchemaVersion(context.Background())
	if _, err := db.W.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'future', 0)`, v+1); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err := Open(context.Background(), dir, Options{})
	var ns *NewerSchemaError
	if !errors.As(err, &ns) || !errors.Is(err, ErrNewerSchema) || ns.Found != v+1 {
		t.Fatalf("want NewerSchemaError(found %d), got %v", v+1, err)
	}
}

func TestFailedMigrationRollsBackWhole(t *testing.T) {
	dir := t.TempDir()
	fsys := fstest.MapFS{
		"0001_one.sql": {Data: []byte(`CREATE TABLE one (x INTEGER);`)},
		"0002_two.sql": {Data: []byte(`CREATE TABLE two (x INTEGER); INSERT INTO one VALUES (1); SELECT * FROM nowhere;`)},
	}
	db, err := sql.Open("sqlite", dsn(filepath.Join(dir, "m.db"), false))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = migrate(context.Background(), db, fsys, SystemClock{})
	if err == nil {
		t.Fatal("bad migration applied")
	}
	var two, rows, version int
	db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE name = 'two'`).Scan(&two)
	db.QueryRow(`SELECT count(*) FROM one`).Scan(&rows)
	db.QueryRow(`SELECT MAX(version) FROM schema_migrations`).Scan(&version)
	if two != 0 || rows != 0 || version != 1 {
		t.Fatalf("partial migration left: table two=%d, rows in one=%d, version=%d", two, rows, version)
	}
}

func TestUnwritableDataDir(t *testing.T) {
	if runtime.GOOS == "windows" || os.Geteuid() == 0 {
		// root ignores permission bits; use a path under a regular file instead.
		f := filepath.Join(t.TempDir(), "file")
		os.WriteFile(f, nil, 0o600)
		_, err := Open(context.Background(), filepath.Join(f, "data"), Options{})
		var nw *NotWritableError
		if !errors.As(err, &nw) {
			t.Fatalf("want NotWritableError, got %v", err)
		}
		return
	}
	dir := filepath.Join(t.TempDir(), "ro")
	os.Mkdir(dir, 0o500)
	_, err := Open(context.Background(), dir, Options{})
	var nw *NotWritableError
	if !errors.As(err, &nw) {
		t.Fatalf("want NotWritableError, got %v", err)
	}
}

func TestConcurrentWritersNeverBusy(t *testing.T) {
	db := openTest(t, t.TempDir())
	ctx := context.Background()
	if _, err := db.W.Exec(`CREATE TABLE counter (n INTEGER); INSERT INTO counter VALUES (0);`); err != nil {
		t.Fatal(err)
	}
	// A second, independent writer handle on the same file (as a second process would have).
	other, err := sql.Open("sqlite", dsn(db.Path, false))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	other.SetMaxOpenConns(4)
	const workers, each = 8, 50
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < each; i++ {
				if w%2 == 0 {
					errs <- db.Tx(ctx, func(tx *Tx) error {
						var n int
						if err := tx.QueryRow(`SELECT n FROM counter`).Scan(&n); err != nil {
							return err
						}
						_, err := tx.Exec(`UPDATE counter SET n = ?`, n+1)
						return err
					})
					continue
				}
				tx, err := other.BeginTx(ctx, nil)
				if err != nil {
					errs <- err
					continue
				}
				var n int
				if err := tx.QueryRow(`SELECT n FROM counter`).Scan(&n); err != nil {
					tx.Rollback()
					errs <- err
					continue
				}
				if _, err := tx.Exec(`UPDATE counter SET n = ?`, n+1); err != nil {
					tx.Rollback()
					errs <- err
					continue
				}
				errs <- tx.Commit()
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	failed := 0
	for err := range errs {
		if err != nil {
			failed++
			t.Log(err)
		}
	}
	var n int
	db.R.QueryRow(`SELECT n FROM counter`).Scan(&n)
	if failed != 0 || n != workers*each {
		t.Fatalf("%d transactions failed, counter %d want %d", failed, n, workers*each)
	}
}

func TestDataDirResolution(t *testing.T) {
	env := map[string]string{"BOOKBAG_DATA_DIR": "/x/y"}
	if got := DataDir(func(k string) string { return env[k] }); got != "/x/y" {
		t.Fatalf("BOOKBAG_DATA_DIR ignored: %s", got)
	}
	if runtime.GOOS == "linux" {
		env = map[string]string{"XDG_DATA_HOME": "/xdg"}
		if got := DataDir(func(k string) string { return env[k] }); got != "/xdg/bookbag" {
			t.Fatalf("XDG_DATA_HOME ignored: %s", got)
		}
	}
}

func TestSetDisplayName(t *testing.T) {
	dir := t.TempDir()
	db := openTest(t, dir)
	ctx := context.Background()
	if _, err := db.SetDisplayName(ctx, "  "); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("blank name accepted: %v", err)
	}
	if _, err := db.SetDisplayName(ctx, "Ada"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if got := openTest(t, dir).Identity().DisplayName; got != "Ada" {
		t.Fatalf("display name after reopen %q", got)
	}
}

// decode reads a change_log snapshot.
func decode(t *testing.T, s string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestMigrationLandedOutOfOrderIsApplied(t *testing.T) {
	dir := t.TempDir()
	db, err := sql.Open("sqlite", dsn(filepath.Join(dir, "m.db"), false))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	v1 := fstest.MapFS{"0001_a.sql": {Data: []byte(`CREATE TABLE a (x);`)}, "0003_c.sql": {Data: []byte(`CREATE TABLE c (x);`)}}
	if err := migrate(ctx, db, v1, SystemClock{}); err != nil {
		t.Fatal(err)
	}
	v2 := fstest.MapFS{"0001_a.sql": v1["0001_a.sql"], "0002_b.sql": {Data: []byte(`CREATE TABLE b (x);`)}, "0003_c.sql": v1["0003_c.sql"]}
	if err := migrate(ctx, db, v2, SystemClock{}); err != nil {
		t.Fatal(err)
	}
	var n int
	db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE name = 'b'`).Scan(&n)
	if n != 1 {
		t.Fatal("migration 2, landed after 3, was not applied")
	}
}
