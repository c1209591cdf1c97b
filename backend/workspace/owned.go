package workspace

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"bookbag/backend/sqlkit"
	"bookbag/backend/store"
)

// What other domains ask of workspaces, through interfaces wired in app.go.

// Live reports whether a workspace exists and is not deleted, in the
// caller's transaction or snapshot q.
func (s *Service) Live(ctx context.Context, q sqlkit.Queryer, id string) (bool, error) {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM workspaces WHERE id = ? AND deleted_at IS NULL`, id).Scan(&n); err != nil {
		return false, fmt.Errorf("check workspace: %w", err)
	}
	return n > 0, nil
}

// Deleted lists the workspaces deleted on this device (tombstones, and
// those waiting out their undo window), whose content leaves search at once.
func (s *Service) Deleted(ctx context.Context) ([]string, error) {
	ids, err := sqlkit.Strings(ctx, s.db.R, `SELECT id FROM workspaces WHERE deleted_at IS NOT NULL`)
	if err != nil {
		return nil, fmt.Errorf("list deleted workspaces: %w", err)
	}
	return ids, nil
}

// EmbeddingModel is the embedding model ref in a workspace's settings row
// as it is in the caller's transaction ("" for none or no row).
func (s *Service) EmbeddingModel(ctx context.Context, q sqlkit.Queryer, workspaceID string) (string, error) {
	var ref string
	err := q.QueryRowContext(ctx, `SELECT embedding_model_ref FROM workspace_settings
		WHERE workspace_id = ? AND deleted_at IS NULL`, workspaceID).Scan(&ref)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("read settings: %w", err)
	}
	return ref, nil
}

// KeepSettingsRow makes row id the workspace's only settings row inside the
// caller's transaction: a row this device made before the shared one
// arrived gives way to it (deleted hard: it never left the device). It
// returns the id of the row removed, "" for none.
func (s *Service) KeepSettingsRow(ctx context.Context, tx *store.Tx, workspaceID, id string) (string, error) {
	var other string
	err := tx.QueryRowContext(ctx, `SELECT id FROM workspace_settings WHERE workspace_id = ? AND id != ?`, workspaceID, id).Scan(&other)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read settings: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM workspace_settings WHERE id = ?`, other); err != nil {
		return "", fmt.Errorf("replace settings: %w", err)
	}
	return other, nil
}
