package main

import (
	"context"
	"strings"
	"testing"

	"bookbag/backend/sqlkit"
	"bookbag/backend/store"
	"bookbag/backend/workspace"
)

// keptAfterPurge are the tables whose rows of a purged workspace stay on
// purpose: what this device spent and which local API requests it answered
// (no content; DECISIONS.md, usage and local API).
var keptAfterPurge = map[string]bool{"usage_calls": true, "usage_rollup": true, "usage_daily": true,
	"usage_budgets": true, "api_requests": true}

// TestPurgeLeavesNothingOfTheWorkspace purges a never-shared workspace
// through the wired app and then looks at every table with a workspace_id:
// nothing of it is left (the record of its tool calls, their arguments
// written from its chats, included), and the other workspace keeps all of its own.
func TestPurgeLeavesNothingOfTheWorkspace(t *testing.T) {
	ctx := context.Background()
	a := newTestApp(t, t.TempDir())
	if _, err := a.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	gone, err := a.api.workspaces.Create(workspace.Input{Name: "Gone"})
	if err != nil {
		t.Fatal(err)
	}
	kept, err := a.api.workspaces.Create(workspace.Input{Name: "Kept"})
	if err != nil {
		t.Fatal(err)
	}
	err = a.db.Tx(ctx, func(tx *store.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO mcp_servers (id, name, transport, command, created_at, updated_at)
			VALUES ('srv', 'search', 'stdio', 'true', 1, 1)`); err != nil {
			return err
		}
		for i, ws := range []string{gone.ID, kept.ID} {
			chat := store.NewID()
			if err := tx.Insert(ctx, "chats", chat, ws, store.Values{"title": "a chat"}); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO workspace_tool_servers (workspace_id, server_id) VALUES (?, 'srv')`, ws); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO tool_approvals (workspace_id, server_id, tool, created_at) VALUES (?, 'srv', 'find', 1)`, ws); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO tool_calls (id, workspace_id, chat_id, server, tool, arguments, outcome, created_at)
				VALUES (?, ?, ?, 'search', 'find', '{"q":"the secret plan"}', 'ok', ?)`, store.NewID(), ws, chat, i); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	before := rowsByTable(t, a, kept.ID)

	if _, err := a.api.workspaces.Delete(gone.ID); err != nil {
		t.Fatal(err)
	}
	// The undo window has passed (the delete is moved back instead of waiting).
	if _, err := a.db.W.ExecContext(ctx, `UPDATE workspaces SET deleted_at = deleted_at - 3600000 WHERE id = ?`, gone.ID); err != nil {
		t.Fatal(err)
	}
	if n, err := a.workspaces.PurgeExpired(ctx); err != nil || n != 1 {
		t.Fatalf("purge: %d %v", n, err)
	}

	for table, n := range rowsByTable(t, a, gone.ID) {
		if n > 0 && !keptAfterPurge[table] {
			t.Errorf("%s keeps %d rows of the purged workspace", table, n)
		}
	}
	after := rowsByTable(t, a, kept.ID)
	for table, n := range before {
		if after[table] != n {
			t.Errorf("%s of the other workspace: %d rows, was %d", table, after[table], n)
		}
	}
	if before["tool_calls"] != 1 || before["tool_approvals"] != 1 || before["workspace_tool_servers"] != 1 {
		t.Fatalf("the other workspace's tool rows were not set up: %v", before)
	}
}

// rowsByTable counts a workspace's rows in every table that has a
// workspace_id column (the workspaces table by its id).
func rowsByTable(t *testing.T, a *App, ws string) map[string]int {
	t.Helper()
	ctx := context.Background()
	tables, err := sqlkit.Strings(ctx, a.db.R, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
		AND name NOT LIKE '%_fts%'`)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, table := range tables {
		col := "workspace_id"
		if table == "workspaces" {
			col = "id"
		} else {
			cols, err := sqlkit.Strings(ctx, a.db.R, `SELECT name FROM pragma_table_info(?)`, table)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(","+strings.Join(cols, ",")+",", ",workspace_id,") {
				continue
			}
		}
		var n int
		if err := a.db.R.QueryRowContext(ctx, `SELECT count(*) FROM `+table+` WHERE `+col+` = ?`, ws).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[table] = n
	}
	return out
}
