package store

import (
	"context"
	"encoding/json"
	"testing"
)

func snapshotOf(t *testing.T, db *DB, table, id string) map[string]any {
	t.Helper()
	var s string
	if err := db.R.QueryRow(`SELECT snapshot FROM change_log WHERE table_name = ? AND row_id = ? ORDER BY seq DESC LIMIT 1`, table, id).Scan(&s); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	json.Unmarshal([]byte(s), &m)
	return m
}

func TestApplyInsertsReplacesOlderAndKeepsNewer(t *testing.T) {
	ctx := context.Background()
	src := openTest(t, t.TempDir())
	dst := openTest(t, t.TempDir())
	var ws string
	src.Tx(ctx, func(tx *Tx) (err error) { ws, err = newWorkspace(ctx, tx, "Shared"); return })
	snap := snapshotOf(t, src, "workspaces", ws)
	// Round trip through JSON as the wire does.
	b, _ := json.Marshal(snap)
	var wire map[string]any
	json.Unmarshal(b, &wire)

	var applied bool
	err := dst.Tx(ctx, func(tx *Tx) (err error) { applied, err = tx.Apply(ctx, "workspaces", wire, false); return })
	if err != nil || !applied {
		t.Fatalf("insert: %v %v", applied, err)
	}
	var name string
	var created int64
	dst.R.QueryRow(`SELECT name, created_at FROM workspaces WHERE id = ?`, ws).Scan(&name, &created)
	if name != "Shared" || created != int64(snap["created_at"].(float64)) {
		t.Fatalf("applied row: %q %d", name, created)
	}
	var logged int
	dst.R.QueryRow(`SELECT count(*) FROM change_log`).Scan(&logged)
	if logged != 0 {
		t.Fatal("a pulled change was logged for pushing")
	}
	// A newer local edit is kept against the older remote snapshot.
	dst.Tx(ctx, func(tx *Tx) error { return tx.Update(ctx, "workspaces", ws, Values{"name": "Local edit"}) })
	dst.Tx(ctx, func(tx *Tx) (err error) { applied, err = tx.Apply(ctx, "workspaces", wire, false); return })
	dst.R.QueryRow(`SELECT name FROM workspaces WHERE id = ?`, ws).Scan(&name)
	if applied || name != "Local edit" {
		t.Fatalf("older remote change overwrote a newer local one: %v %q", applied, name)
	}
	// A newer remote edit replaces, and the local clock moves past it.
	src.Tx(ctx, func(tx *Tx) error { return tx.Update(ctx, "workspaces", ws, Values{"name": "Remote rename"}) })
	newer := snapshotOf(t, src, "workspaces", ws)
	newer["hlc"] = "999999999999999-000000-zzz"
	newer["unknown_future_column"] = "ignored"
	dst.Tx(ctx, func(tx *Tx) (err error) { applied, err = tx.Apply(ctx, "workspaces", newer, true); return })
	dst.R.QueryRow(`SELECT name FROM workspaces WHERE id = ?`, ws).Scan(&name)
	if !applied || name != "Remote rename" {
		t.Fatalf("newer remote change not applied: %v %q", applied, name)
	}
	if dst.HLC().Now().String() <= "999999999999999-000000-zzz" {
		t.Fatal("clock did not observe the remote stamp")
	}
	dst.R.QueryRow(`SELECT count(*) FROM change_log WHERE row_id = ?`, ws).Scan(&logged)
	if logged == 0 {
		t.Fatal("log=true did not log")
	}
	if _, err := (&Tx{}).Apply(ctx, "providers", wire, false); err == nil {
		t.Fatal("applied to a local table")
	}
}
