package tools

import (
	"context"
	"fmt"

	"bookbag/backend/store"
)

// WorkspaceRows is the tools domain's part of a workspace for the workspace
// service's purge and tombstoning: which servers it uses, its standing
// approvals and the record of its calls (whose arguments the model wrote
// from the workspace's chats). All are device-local and never synced, so a
// shared workspace's go as a never-shared one's do.
type WorkspaceRows struct{}

// WorkspaceRows returns the tools domain's part of workspaces.
func (s *Service) WorkspaceRows() WorkspaceRows { return WorkspaceRows{} }

func (WorkspaceRows) Name() string { return "tools" }

func (WorkspaceRows) Purge(ctx context.Context, tx *store.Tx, workspaceID string) ([]string, error) {
	_, err := removeWorkspace(ctx, tx, workspaceID)
	return nil, err
}

func (WorkspaceRows) Tombstone(ctx context.Context, tx *store.Tx, workspaceID string) ([]string, int, error) {
	n, err := removeWorkspace(ctx, tx, workspaceID)
	return nil, n, err
}

func removeWorkspace(ctx context.Context, tx *store.Tx, workspaceID string) (int, error) {
	n := 0
	for _, q := range []string{
		`DELETE FROM tool_calls WHERE workspace_id = ?`,
		`DELETE FROM tool_approvals WHERE workspace_id = ?`,
		`DELETE FROM workspace_tool_servers WHERE workspace_id = ?`,
	} {
		res, err := tx.ExecContext(ctx, q, workspaceID)
		if err != nil {
			return 0, fmt.Errorf("purge tool rows: %w", err)
		}
		k, _ := res.RowsAffected()
		n += int(k)
	}
	return n, nil
}
