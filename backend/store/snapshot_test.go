package store

import (
	"context"
	"path/filepath"
	"testing"
)

func TestSnapshotIsACheckableCopy(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.SetSetting(ctx, "x", "y"); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "snap.db")
	if err := db.Snapshot(ctx, out); err != nil {
		t.Fatal(err)
	}
	fc, err := CheckFile(ctx, out)
	if err != nil {
		t.Fatal(err)
	}
	if fc.SchemaVersion != LatestSchema() || fc.Integrity != "ok" || fc.ForeignKeyErrs != 0 {
		t.Fatalf("check = %+v, latest %d", fc, LatestSchema())
	}
	if err := db.Snapshot(ctx, out); err == nil {
		t.Fatal("snapshot over an existing file should fail")
	}
}
