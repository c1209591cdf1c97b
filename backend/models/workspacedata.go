package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"bookbag/backend/llm"
	"bookbag/backend/sqlkit"
	"bookbag/backend/store"
)

// What other domains ask of profiles, templates and providers, through
// interfaces wired in app.go.

// ProfileScope returns the workspace a live parameter profile belongs to
// ("" for a personal one); ok is false when there is no such profile.
func (s *Service) ProfileScope(ctx context.Context, q sqlkit.Queryer, id string) (string, bool, error) {
	var ws sql.NullString
	err := q.QueryRowContext(ctx, `SELECT workspace_id FROM param_profiles WHERE id = ? AND deleted_at IS NULL`, id).Scan(&ws)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("read profile: %w", err)
	}
	return ws.String, true, nil
}

// ProviderCount is how many providers are configured (none: first run).
func (s *Service) ProviderCount(ctx context.Context) (int, error) {
	var n int
	if err := s.db.R.QueryRowContext(ctx, `SELECT count(*) FROM providers`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count providers: %w", err)
	}
	return n, nil
}

// WorkspaceRows is the models domain's part of a workspace (its parameter
// profiles and prompt templates) for the workspace service's purge and
// tombstoning.
type WorkspaceRows struct{}

// WorkspaceRows returns the models domain's part of workspaces.
func (s *Service) WorkspaceRows() WorkspaceRows { return WorkspaceRows{} }

func (WorkspaceRows) Name() string { return "profiles and templates" }

func (WorkspaceRows) Purge(ctx context.Context, tx *store.Tx, workspaceID string) ([]string, error) {
	if _, err := tx.ExecContext(ctx, `DELETE FROM prompt_templates WHERE workspace_id = ?`, workspaceID); err != nil {
		return nil, fmt.Errorf("purge templates: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM param_profiles WHERE workspace_id = ?`, workspaceID); err != nil {
		return nil, fmt.Errorf("purge profiles: %w", err)
	}
	return nil, nil
}

func (WorkspaceRows) Tombstone(ctx context.Context, tx *store.Tx, workspaceID string) ([]string, int, error) {
	n := 0
	for table, q := range map[string]string{
		"prompt_templates": `SELECT id FROM prompt_templates WHERE workspace_id = ? AND deleted_at IS NULL`,
		"param_profiles":   `SELECT id FROM param_profiles WHERE workspace_id = ? AND deleted_at IS NULL`,
	} {
		ids, err := sqlkit.Strings(ctx, tx, q, workspaceID)
		if err != nil {
			return nil, 0, fmt.Errorf("tombstone %s: %w", table, err)
		}
		for _, id := range ids {
			if err := tx.Delete(ctx, table, id); err != nil {
				return nil, 0, err
			}
			n++
		}
	}
	return nil, n, nil
}

// HasModel reports whether an enabled provider offers the model a ref
// names, the way Resolve finds one, without building a client (no keychain
// prompt: an archive import asks this of every model it names).
func (s *Service) HasModel(ctx context.Context, ref string) (bool, error) {
	r, err := llm.ParseEmbeddingRef(ref)
	if err != nil {
		return false, nil
	}
	var ok int
	err = s.db.R.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM models m JOIN providers p ON p.id = m.provider_id
		WHERE p.enabled = 1 AND (p.preset = ? OR p.kind = ?) AND m.name = ?)`, r.Provider, r.Provider, r.Model).Scan(&ok)
	if err != nil {
		return false, fmt.Errorf("find model: %w", err)
	}
	return ok == 1, nil
}
