package store

import (
	"context"
	"fmt"
)

// The change log is written here, by the row API, in the transaction of
// every synced write (tx.go); the sync client owns reading it, pushing it
// and marking it pushed. Purging a never-shared workspace drops its entries
// here too: they would only send a workspace that no longer exists.

// WorkspaceLog is the change log's part of a workspace for the workspace
// service's purge (nothing to do for a tombstone: the deletes are logged).
type WorkspaceLog struct{}

func (WorkspaceLog) Name() string { return "change log" }

func (WorkspaceLog) Purge(ctx context.Context, tx *Tx, workspaceID string) ([]string, error) {
	if _, err := tx.ExecContext(ctx, `DELETE FROM change_log WHERE workspace_id = ?`, workspaceID); err != nil {
		return nil, fmt.Errorf("purge change log: %w", err)
	}
	return nil, nil
}

func (WorkspaceLog) Tombstone(context.Context, *Tx, string) ([]string, int, error) {
	return nil, 0, nil
}
