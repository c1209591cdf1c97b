package store

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"bookbag/backend/apperr"
)

type changeRow struct {
	table, rowID, ws, hlc, op, snapshot string
}

func changes(t *testing.T, db *DB) []changeRow {
	t.Helper()
	rows, err := db.R.Query(`SELECT table_name, row_id, COALESCE(workspace_id, ''), hlc, op, snapshot FROM change_log ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []changeRow
	for rows.Next() {
		var c changeRow
		rows.Scan(&c.table, &c.rowID, &c.ws, &c.hlc, &c.op, &c.snapshot)
		out = append(out, c)
	}
	return out
}

func newWorkspace(ctx context.Context, tx *Tx, name string) (string, error) {
	id := NewID()
	return id, tx.Insert(ctx, "workspaces", id, id, Values{"name": name})
}

func TestInsertStampsAndLogsInSameTransaction(t *testing.T) {
	clock := fixedClock{time.UnixMilli(1_750_000_000_000)}
	db, err := Open(context.Background(), t.TempDir(), Options{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	var id string
	err = db.Tx(ctx, func(tx *Tx) error {
		id, err = newWorkspace(ctx, tx, "Research")
		if err != nil {
			return err
		}
		// Inside the transaction the change is visible; outside it is not yet.
		var n int
		tx.QueryRow(`SELECT count(*) FROM change_log WHERE row_id = ?`, id).Scan(&n)
		if n != 1 {
			t.Errorf("change log row not written in the transaction")
		}
		var outside int
		db.R.QueryRow(`SELECT count(*) FROM change_log WHERE row_id = ?`, id).Scan(&outside)
		if outside != 0 {
			t.Errorf("change visible before commit")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var created, updated int64
	var hlc, dev, author string
	db.R.QueryRow(`SELECT created_at, updated_at, hlc, device_id, author_id FROM workspaces WHERE id = ?`, id).
		Scan(&created, &updated, &hlc, &dev, &author)
	ident := db.Identity()
	if created != clock.t.UnixMilli() || updated != created || hlc == "" || dev != ident.DeviceID || author != ident.UserID {
		t.Fatalf("bad stamps: created %d updated %d hlc %q device %q author %q", created, updated, hlc, dev, author)
	}
	cs := changes(t, db)
	if len(cs) != 1 || cs[0].table != "workspaces" || cs[0].rowID != id || cs[0].ws != id || cs[0].op != "insert" || cs[0].hlc != hlc {
		t.Fatalf("change log: %+v", cs)
	}
	snap := decode(t, cs[0].snapshot)
	if snap["name"] != "Research" || snap["hlc"] != hlc || snap["device_id"] != ident.DeviceID {
		t.Fatalf("snapshot: %v", snap)
	}
}

func TestRollbackLogsNothing(t *testing.T) {
	db := openTest(t, t.TempDir())
	ctx := context.Background()
	boom := errors.New("boom")
	err := db.Tx(ctx, func(tx *Tx) error {
		if _, err := newWorkspace(ctx, tx, "Doomed"); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("error not passed through: %v", err)
	}
	var ws, log int
	db.R.QueryRow(`SELECT count(*) FROM workspaces`).Scan(&ws)
	db.R.QueryRow(`SELECT count(*) FROM change_log`).Scan(&log)
	if ws != 0 || log != 0 {
		t.Fatalf("rolled back transaction left %d workspaces, %d change log rows", ws, log)
	}
}

func TestPanicRollsBack(t *testing.T) {
	db := openTest(t, t.TempDir())
	ctx := context.Background()
	func() {
		defer func() { recover() }()
		db.Tx(ctx, func(tx *Tx) error {
			newWorkspace(ctx, tx, "Panicky")
			panic("bug")
		})
	}()
	var log int
	db.R.QueryRow(`SELECT count(*) FROM change_log`).Scan(&log)
	if log != 0 {
		t.Fatal("panic left a change log row")
	}
	// The writer connection must still be usable.
	if err := db.Tx(ctx, func(tx *Tx) error { _, err := newWorkspace(ctx, tx, "After"); return err }); err != nil {
		t.Fatalf("writer unusable after panic: %v", err)
	}
}

func TestUpdateRestampsAndCoalescesUnpushed(t *testing.T) {
	db := openTest(t, t.TempDir())
	ctx := context.Background()
	var id string
	db.Tx(ctx, func(tx *Tx) (err error) { id, err = newWorkspace(ctx, tx, "A"); return })
	first := changes(t, db)[0].hlc
	if err := db.Tx(ctx, func(tx *Tx) error { return tx.Update(ctx, "workspaces", id, Values{"name": "B"}) }); err != nil {
		t.Fatal(err)
	}
	cs := changes(t, db)
	if len(cs) != 1 || cs[0].op != "insert" || cs[0].hlc <= first || decode(t, cs[0].snapshot)["name"] != "B" {
		t.Fatalf("unpushed changes not coalesced to one insert with the latest snapshot: %+v", cs)
	}
	// Once pushed, the next change is a new entry.
	db.W.Exec(`UPDATE change_log SET pushed_at = 1`)
	db.Tx(ctx, func(tx *Tx) error { return tx.Update(ctx, "workspaces", id, Values{"name": "C"}) })
	cs = changes(t, db)
	if len(cs) != 2 || cs[1].op != "update" || decode(t, cs[1].snapshot)["name"] != "C" {
		t.Fatalf("change after push: %+v", cs)
	}
}

func TestDeleteIsTombstoneWithContentCleared(t *testing.T) {
	db := openTest(t, t.TempDir())
	ctx := context.Background()
	var ws, chat, msg string
	err := db.Tx(ctx, func(tx *Tx) (err error) {
		if ws, err = newWorkspace(ctx, tx, "W"); err != nil {
			return err
		}
		chat, msg = NewID(), NewID()
		if err = tx.Insert(ctx, "chats", chat, ws, Values{"title": "secret plans"}); err != nil {
			return err
		}
		return tx.Insert(ctx, "messages", msg, ws, Values{"chat_id": chat, "role": "user", "content": "the launch code is swordfish"})
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Tx(ctx, func(tx *Tx) error { return tx.Delete(ctx, "messages", msg) }); err != nil {
		t.Fatal(err)
	}
	var content string
	var deleted *int64
	db.R.QueryRow(`SELECT content, deleted_at FROM messages WHERE id = ?`, msg).Scan(&content, &deleted)
	if content != "" || deleted == nil {
		t.Fatalf("tombstone kept content %q / deleted_at %v", content, deleted)
	}
	var hits int
	db.R.QueryRow(`SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'swordfish'`).Scan(&hits)
	if hits != 0 {
		t.Fatal("deleted message still found by full-text search")
	}
	cs := changes(t, db)
	last := cs[len(cs)-1]
	if last.rowID != msg || last.op != "insert" && last.op != "delete" {
		t.Fatalf("delete not logged: %+v", last)
	}
	if snap := decode(t, last.snapshot); snap["deleted_at"] == nil || snap["content"] != "" {
		t.Fatalf("tombstone snapshot: %v", snap)
	}
	if err := db.Tx(ctx, func(tx *Tx) error { return tx.Delete(ctx, "messages", msg) }); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("second delete: %v", err)
	}
	if err := db.Tx(ctx, func(tx *Tx) error { return tx.Update(ctx, "messages", msg, Values{"content": "x"}) }); !apperr.Is(err, apperr.NotFound) {
		t.Fatalf("update of tombstone: %v", err)
	}
}

func TestHelperRejectsMisuse(t *testing.T) {
	db := openTest(t, t.TempDir())
	ctx := context.Background()
	cases := map[string]func(tx *Tx) error{
		"local table":     func(tx *Tx) error { return tx.Insert(ctx, "providers", NewID(), "", Values{"kind": "x"}) },
		"reserved column": func(tx *Tx) error { return tx.Insert(ctx, "workspaces", NewID(), "w", Values{"hlc": "x"}) },
		"bad column":      func(tx *Tx) error { return tx.Update(ctx, "workspaces", "x", Values{"name; DROP": "x"}) },
	}
	for name, f := range cases {
		if err := db.Tx(ctx, f); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestUniqueViolationMapsToConflict(t *testing.T) {
	db := openTest(t, t.TempDir())
	ctx := context.Background()
	id := NewID()
	db.Tx(ctx, func(tx *Tx) error { return tx.Insert(ctx, "workspaces", id, id, Values{"name": "A"}) })
	err := db.Tx(ctx, func(tx *Tx) error { return tx.Insert(ctx, "workspaces", id, id, Values{"name": "A"}) })
	if !apperr.Is(err, apperr.Conflict) {
		t.Fatalf("duplicate id: %v", err)
	}
}

func TestStampsIncreaseAcrossReopen(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	future := fixedClock{time.UnixMilli(2_000_000_000_000)}
	db, _ := Open(ctx, dir, Options{Clock: future})
	db.Tx(ctx, func(tx *Tx) error { _, err := newWorkspace(ctx, tx, "A"); return err })
	db.Close()
	past := fixedClock{time.UnixMilli(1_000_000_000_000)}
	db2, err := Open(ctx, dir, Options{Clock: past})
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	db2.Tx(ctx, func(tx *Tx) error { _, err := newWorkspace(ctx, tx, "B"); return err })
	cs := changes(t, db2)
	if len(cs) != 2 || cs[1].hlc <= cs[0].hlc {
		t.Fatalf("stamp went backwards with the wall clock: %q then %q", cs[0].hlc, cs[1].hlc)
	}
}

func TestAfterCommitRunsOnlyOnCommit(t *testing.T) {
	db := openTest(t, t.TempDir())
	ctx := context.Background()
	ran := 0
	db.Tx(ctx, func(tx *Tx) error { tx.AfterCommit(func() { ran++ }); return errors.New("no") })
	db.Tx(ctx, func(tx *Tx) error { tx.AfterCommit(func() { ran += 10 }); return nil })
	if ran != 10 {
		t.Fatalf("after-commit hooks ran %d", ran)
	}
}

func TestMoveChangesWorkspaceAndLogs(t *testing.T) {
	db := openTest(t, t.TempDir())
	ctx := context.Background()
	var a, b, chat string
	db.Tx(ctx, func(tx *Tx) (err error) {
		a, _ = newWorkspace(ctx, tx, "A")
		b, _ = newWorkspace(ctx, tx, "B")
		chat = NewID()
		return tx.Insert(ctx, "chats", chat, a, Values{"title": "t"})
	})
	db.W.Exec(`UPDATE change_log SET pushed_at = 1`)
	if err := db.Tx(ctx, func(tx *Tx) error { return tx.Move(ctx, "chats", chat, b) }); err != nil {
		t.Fatal(err)
	}
	var ws string
	db.R.QueryRow(`SELECT workspace_id FROM chats WHERE id = ?`, chat).Scan(&ws)
	// Logged twice: the row in B, and a tombstone in A (so a server sharing
	// A drops it); a later change in B keeps A's tombstone.
	if err := db.Tx(ctx, func(tx *Tx) error { return tx.Update(ctx, "chats", chat, Values{"title": "renamed"}) }); err != nil {
		t.Fatal(err)
	}
	var inB, inA *changeRow
	for _, c := range changes(t, db) {
		if c.rowID == chat && c.ws == b {
			inB = &c
		}
		if c.rowID == chat && c.ws == a && c.op == "delete" {
			inA = &c
		}
	}
	if ws != b || inB == nil || !strings.Contains(inB.snapshot, `"title":"renamed"`) {
		t.Fatalf("moved to %s, logged in B %+v", ws, inB)
	}
	if inA == nil || !strings.Contains(inA.snapshot, `"workspace_id":"`+a+`"`) || !strings.Contains(inA.snapshot, `"title":""`) ||
		strings.Contains(inA.snapshot, `"deleted_at":null`) {
		t.Fatalf("no tombstone left in A: %+v", inA)
	}

	// A row whose insert was never pushed just leaves A's log.
	other := NewID()
	db.Tx(ctx, func(tx *Tx) error { return tx.Insert(ctx, "chats", other, a, Values{"title": "fresh"}) })
	if err := db.Tx(ctx, func(tx *Tx) error { return tx.Move(ctx, "chats", other, b) }); err != nil {
		t.Fatal(err)
	}
	for _, c := range changes(t, db) {
		if c.rowID == other && c.ws == a {
			t.Fatalf("an unpushed row left a change in A: %+v", c)
		}
	}
	if err := db.Tx(ctx, func(tx *Tx) error { return tx.Move(ctx, "workspaces", a, b) }); err == nil {
		t.Fatal("a workspace moved")
	}
}
