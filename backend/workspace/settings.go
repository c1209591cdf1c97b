package workspace

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"

	"bookbag/backend/apperr"
	"bookbag/backend/llm"
	"bookbag/backend/sqlkit"
	"bookbag/backend/store"
)

// UpdateSettings saves a workspace's settings. A new embedding model starts
// re-embedding the workspace's chunks; new chunk sizes are reported so the
// UI can offer re-indexing (ReindexDocuments).
func (s *Service) UpdateSettings(ctx context.Context, st Settings) (SettingsChange, error) {
	if err := st.Validate(); err != nil {
		return SettingsChange{}, err
	}
	st.SystemPrompt = strings.TrimSpace(st.SystemPrompt)
	st.DefaultModelRef = strings.TrimSpace(st.DefaultModelRef)
	st.EmbeddingModelRef = strings.TrimSpace(st.EmbeddingModelRef)
	if len(st.SystemPrompt) > 100_000 {
		return SettingsChange{}, apperr.New(apperr.Invalid, "the system prompt is too long (100,000 characters at most)")
	}
	if st.DefaultModelRef != "" {
		if _, err := llm.ParseRef(st.DefaultModelRef); err != nil {
			return SettingsChange{}, err
		}
	}
	if st.EmbeddingModelRef != "" {
		if _, err := llm.ParseEmbeddingRef(st.EmbeddingModelRef); err != nil {
			return SettingsChange{}, err
		}
	}
	var old Settings
	var docs int
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		if err := exists(ctx, tx, st.WorkspaceID); err != nil {
			return err
		}
		if st.DefaultProfileID != "" && s.profs != nil {
			ws, ok, err := s.profs.ProfileScope(ctx, tx, st.DefaultProfileID)
			if err != nil {
				return err
			}
			if !ok || ws != "" && ws != st.WorkspaceID {
				return apperr.New(apperr.Invalid, "that parameter profile is not available in this workspace")
			}
		}
		var rowID string
		var err error
		old, rowID, err = readSettings(ctx, tx, st.WorkspaceID)
		if errors.Is(err, sql.ErrNoRows) {
			old = DefaultSettings(st.WorkspaceID)
			err = insertSettings(ctx, tx, st)
		} else if err == nil {
			err = tx.Update(ctx, "workspace_settings", rowID, settingsValues(st))
		}
		if err != nil {
			return err
		}
		if s.counts == nil {
			return nil
		}
		c, err := s.counts.Counts(ctx, tx, st.WorkspaceID)
		docs = c.Documents
		return err
	})
	if err != nil {
		return SettingsChange{}, fmt.Errorf("save workspace settings: %w", err)
	}
	out := SettingsChange{Documents: docs}
	if old.EmbeddingModelRef != st.EmbeddingModelRef && s.index != nil {
		if err := s.index.Reembed(ctx, st.WorkspaceID); err != nil {
			s.log.Warn("start re-embedding", "workspace", st.WorkspaceID, "err", err)
		} else {
			out.Reembedding = st.EmbeddingModelRef != "" && docs > 0
		}
	}
	out.ReindexSuggested = docs > 0 && (old.ChunkSize != st.ChunkSize || old.ChunkOverlap != st.ChunkOverlap)
	s.changed(st.WorkspaceID, "workspace_settings")
	out.Settings, err = s.Settings(ctx, st.WorkspaceID)
	return out, err
}

func readSettings(ctx context.Context, tx *store.Tx, workspaceID string) (Settings, string, error) {
	st := Settings{WorkspaceID: workspaceID}
	var id string
	var profile sql.NullString
	var useDocs, rerank int
	err := tx.QueryRowContext(ctx, `SELECT id, system_prompt, default_model_ref, default_profile_id, embedding_model_ref,
		chunk_size, chunk_overlap, top_k, min_score, use_documents, rerank
		FROM workspace_settings WHERE workspace_id = ? AND deleted_at IS NULL`, workspaceID).
		Scan(&id, &st.SystemPrompt, &st.DefaultModelRef, &profile, &st.EmbeddingModelRef,
			&st.ChunkSize, &st.ChunkOverlap, &st.TopK, &st.MinScore, &useDocs, &rerank)
	st.DefaultProfileID = profile.String
	st.UseDocuments = useDocs == 1
	st.RerankSources = rerank == 1
	return st, id, err
}

// ReindexDocuments extracts, splits and embeds every document of the
// workspace again (after its chunk settings changed). It returns how many
// documents were queued.
func (s *Service) ReindexDocuments(ctx context.Context, workspaceID string) (int, error) {
	if _, err := s.Get(ctx, workspaceID); err != nil {
		return 0, err
	}
	if s.index == nil {
		return 0, apperr.New(apperr.Unavailable, "documents are not available")
	}
	return s.index.ReindexAll(ctx, workspaceID)
}

// AllowedModels returns the model refs the workspace allows, sorted. Empty
// means every enabled model may be used.
func (s *Service) AllowedModels(ctx context.Context, workspaceID string) ([]string, error) {
	out, err := sqlkit.Strings(ctx, s.db.R, `SELECT DISTINCT model_ref FROM model_assignments
		WHERE workspace_id = ? AND deleted_at IS NULL ORDER BY model_ref`, workspaceID)
	if err != nil {
		return nil, fmt.Errorf("list allowed models: %w", err)
	}
	if out == nil {
		out = []string{}
	}
	return out, nil
}

// SetAllowedModels replaces the models the workspace allows (model
// assignments, by portable ref). An empty list allows every model.
func (s *Service) SetAllowedModels(ctx context.Context, workspaceID string, refs []string) ([]string, error) {
	want := map[string]bool{}
	for _, r := range refs {
		r = strings.TrimSpace(r)
		if r == "" {
			continue
		}
		if _, err := llm.ParseRef(r); err != nil {
			return nil, err
		}
		want[r] = true
	}
	if len(want) > 500 {
		return nil, apperr.New(apperr.Invalid, "at most 500 allowed models")
	}
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		if err := exists(ctx, tx, workspaceID); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, model_ref FROM model_assignments WHERE workspace_id = ? AND deleted_at IS NULL`, workspaceID)
		if err != nil {
			return err
		}
		type row struct{ id, ref string }
		var have []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.id, &r.ref); err != nil {
				rows.Close()
				return err
			}
			have = append(have, r)
		}
		rows.Close()
		kept := map[string]bool{}
		for _, r := range have {
			if want[r.ref] && !kept[r.ref] {
				kept[r.ref] = true
				continue
			}
			if err := tx.Delete(ctx, "model_assignments", r.id); err != nil {
				return err
			}
		}
		add := make([]string, 0, len(want))
		for r := range want {
			if !kept[r] {
				add = append(add, r)
			}
		}
		sort.Strings(add)
		for _, r := range add {
			if err := tx.Insert(ctx, "model_assignments", store.NewID(), workspaceID, store.Values{"model_ref": r}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("save allowed models: %w", err)
	}
	s.changed(workspaceID, "model_assignments")
	return s.AllowedModels(ctx, workspaceID)
}
