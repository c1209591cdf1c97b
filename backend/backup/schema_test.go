package backup

import (
	"database/sql"
	"testing"

	"bookbag/backend/sqlkit"
)

// bumpSchema records a migration newer than this build knows in the
// database file at p, as a newer BookBag would.
func bumpSchema(t *testing.T, p string, version int) {
	t.Helper()
	db, err := sql.Open("sqlite", sqlkit.SQLiteDSN(p, 1000, false))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'from_the_future', 0)`, version); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
}
