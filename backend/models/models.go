package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/llm"
	"bookbag/backend/store"
)

// Local settings keys of this domain.
const (
	settingDefaultChat      = "models.default_chat"
	settingDefaultEmbedding = "models.default_embedding"
	settingOllamaDismissed  = "models.ollama_dismissed"
)

func (s *Service) setSetting(ctx context.Context, key, value string) error {
	return s.db.SetSetting(ctx, key, value)
}

// modelCols are read from modelFrom (refs.go), which ranks the providers
// listing one name for the ref.
const modelCols = `m.id, m.provider_id, p.name, p.slug, m.name, m.display_name, m.vision, m.thinking, m.tools, m.embedding,
	m.context_length, m.dimensions, m.enabled, p.preset, p.enabled, home.n`

func scanModel(row interface{ Scan(...any) error }) (Model, error) {
	var m Model
	var vision, thinking, tools, embedding, enabled, providerEnabled, rank int
	var preset string
	err := row.Scan(&m.ID, &m.ProviderID, &m.ProviderName, &m.ProviderSlug, &m.Name, &m.DisplayName, &vision, &thinking, &tools, &embedding,
		&m.ContextLength, &m.Dimensions, &enabled, &preset, &providerEnabled, &rank)
	m.Vision, m.Thinking, m.Tools, m.Embedding, m.Enabled = vision == 1, thinking == 1, tools == 1, embedding == 1, enabled == 1
	m.Ref = modelRef(m, preset, providerEnabled == 1, rank)
	if preset == llm.PresetOllama && !m.Embedding {
		m.Window = llm.OllamaWindow(m.ContextLength)
	}
	return m, err
}

// ListModels returns the models of one provider, or of every provider when
// providerID is empty.
func (s *Service) ListModels(ctx context.Context, providerID string) ([]Model, error) {
	q := `SELECT ` + modelCols + modelFrom
	args := []any{}
	if providerID != "" {
		q += ` WHERE m.provider_id = ?`
		args = append(args, providerID)
	}
	q += ` ORDER BY p.created_at, m.embedding, m.name`
	rows, err := s.db.R.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list models: %w", err)
	}
	defer rows.Close()
	out := []Model{}
	for rows.Next() {
		m, err := scanModel(rows)
		if err != nil {
			return nil, fmt.Errorf("list models: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// EnabledModels lists the models a chat or the embedding picker may use:
// enabled models of enabled providers.
func (s *Service) EnabledModels(ctx context.Context) ([]Model, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+modelCols+modelFrom+`
		WHERE m.enabled = 1 AND p.enabled = 1 ORDER BY p.created_at, m.name`)
	if err != nil {
		return nil, fmt.Errorf("list enabled models: %w", err)
	}
	defer rows.Close()
	out := []Model{}
	for rows.Next() {
		m, err := scanModel(rows)
		if err != nil {
			return nil, fmt.Errorf("list enabled models: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// SetModelEnabled shows or hides a model in pickers.
func (s *Service) SetModelEnabled(ctx context.Context, modelID string, enabled bool) error {
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE models SET enabled = ?, updated_at = ? WHERE id = ?`, boolInt(enabled), tx.Now(), modelID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.NotFound, "model not found")
		}
		return nil
	})
	if err == nil {
		s.changed("models")
	}
	return err
}

// TestProvider asks the provider for its models: latency, count, or the reason
// it failed, in words. A successful test also refreshes the stored model list.
func (s *Service) TestProvider(ctx context.Context, id string) (TestResult, error) {
	p, err := s.GetProvider(ctx, id)
	if err != nil {
		return TestResult{}, err
	}
	start := time.Now()
	infos, err := s.fetchModels(ctx, p)
	res := TestResult{LatencyMs: time.Since(start).Milliseconds()}
	if err != nil {
		res.Error, res.Code = apperr.MessageOf(err), string(apperr.CodeOf(err))
		return res, nil
	}
	if err := s.storeModels(ctx, p, infos); err != nil {
		return TestResult{}, err
	}
	res.OK, res.Models = true, len(infos)
	return res, nil
}

// RefreshModels fetches and stores a provider's current model list.
func (s *Service) RefreshModels(ctx context.Context, id string) ([]Model, error) {
	p, err := s.GetProvider(ctx, id)
	if err != nil {
		return nil, err
	}
	infos, err := s.fetchModels(ctx, p)
	if err != nil {
		return nil, err
	}
	if err := s.storeModels(ctx, p, infos); err != nil {
		return nil, err
	}
	return s.ListModels(ctx, id)
}

func (s *Service) fetchModels(ctx context.Context, p Provider) ([]llm.ModelInfo, error) {
	client, err := s.client(ctx, p)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	return client.Models(ctx)
}

// storeModels replaces a provider's model rows with infos, keeping the
// enabled flag of models it already had.
func (s *Service) storeModels(ctx context.Context, p Provider, infos []llm.ModelInfo) error {
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		seen := map[string]bool{}
		for _, mi := range infos {
			if mi.Name == "" || seen[mi.Name] {
				continue
			}
			seen[mi.Name] = true
			// The stored ref is the plain one; what pickers show is computed
			// on reading (refs.go), as it depends on the other providers.
			ref := llm.FormatRef(p.Preset, mi.Name)
			if mi.Embedding && mi.Dimensions > 0 {
				ref = llm.FormatEmbeddingRef(p.Preset, mi.Name, mi.Dimensions)
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO models (id, provider_id, name, ref, display_name, vision, thinking, tools, embedding,
					context_length, dimensions, enabled, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
				ON CONFLICT (provider_id, name) DO UPDATE SET ref = excluded.ref, display_name = excluded.display_name,
					vision = excluded.vision, thinking = excluded.thinking, tools = excluded.tools, embedding = excluded.embedding,
					context_length = excluded.context_length, dimensions = excluded.dimensions, updated_at = excluded.updated_at`,
				store.NewID(), p.ID, mi.Name, ref, mi.DisplayName, boolInt(mi.Vision), boolInt(mi.Thinking), boolInt(mi.Tools),
				boolInt(mi.Embedding), mi.ContextLength, mi.Dimensions, tx.Now(), tx.Now())
			if err != nil {
				return fmt.Errorf("store model %s: %w", mi.Name, err)
			}
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, name FROM models WHERE provider_id = ?`, p.ID)
		if err != nil {
			return err
		}
		var gone []string
		for rows.Next() {
			var id, name string
			if err := rows.Scan(&id, &name); err != nil {
				rows.Close()
				return err
			}
			if !seen[name] {
				gone = append(gone, id)
			}
		}
		rows.Close()
		for _, id := range gone {
			if _, err := tx.ExecContext(ctx, `DELETE FROM models WHERE id = ?`, id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store models: %w", err)
	}
	s.changed("models", "providers")
	return nil
}

// Defaults returns the app-wide default models.
func (s *Service) Defaults(ctx context.Context) (Defaults, error) {
	var d Defaults
	var err error
	if d.ChatModelRef, _, err = s.db.GetSetting(ctx, settingDefaultChat); err != nil {
		return d, err
	}
	d.EmbeddingModelRef, _, err = s.db.GetSetting(ctx, settingDefaultEmbedding)
	return d, err
}

// SetDefaults stores the default models; each must be a known, suitable model
// (or empty for none).
func (s *Service) SetDefaults(ctx context.Context, d Defaults) (Defaults, error) {
	if d.ChatModelRef != "" {
		m, err := s.modelByRef(ctx, d.ChatModelRef)
		if err != nil {
			return Defaults{}, err
		}
		if m.Embedding {
			return Defaults{}, apperr.New(apperr.Invalid, "%s is an embedding model, not a chat model", m.Name)
		}
	}
	if d.EmbeddingModelRef != "" {
		m, err := s.modelByRef(ctx, d.EmbeddingModelRef)
		if err != nil {
			return Defaults{}, err
		}
		if !m.Embedding {
			return Defaults{}, apperr.New(apperr.Invalid, "%s is not an embedding model", m.Name)
		}
	}
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.SetSetting(ctx, settingDefaultChat, d.ChatModelRef); err != nil {
			return err
		}
		return tx.SetSetting(ctx, settingDefaultEmbedding, d.EmbeddingModelRef)
	})
	if err != nil {
		return Defaults{}, err
	}
	s.changed("settings")
	if s.onDef != nil {
		s.onDef(ctx, d)
	}
	return d, nil
}

// modelByRef finds a stored model by its portable ref as Resolve does,
// also on a provider switched off.
func (s *Service) modelByRef(ctx context.Context, ref string) (Model, error) {
	r, err := llm.ParseEmbeddingRef(ref)
	if err != nil {
		return Model{}, err
	}
	id, _, err := s.pick(ctx, r, true)
	if errors.Is(err, sql.ErrNoRows) {
		return Model{}, apperr.New(apperr.NotFound, "no configured provider has the model %s", ref)
	}
	if err == nil {
		var m Model
		if m, err = s.getModel(ctx, id); err == nil {
			return m, nil
		}
	}
	return Model{}, fmt.Errorf("find model %s: %w", ref, err)
}
