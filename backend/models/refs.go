package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"bookbag/backend/llm"
	"bookbag/backend/store"
)

// Two providers of one preset may list the same model name (a local Ollama
// and an office GPU box running Ollama). A plain ref, "ollama:llama3.2:3b",
// goes to the first enabled one (its home); the others' models carry refs
// that name their provider by its slug, "ollama@gpu-box:llama3.2:3b".

// modelFrom joins a model to its provider and ranks the providers of one
// preset listing one name as a plain ref resolves (pick): the first
// (home.n = 1, on an enabled provider) keeps the plain ref.
const modelFrom = rankFrom + rankTo

// oneModelFrom is modelFrom for the row whose id is its first argument: the
// ranking reads only the rows of that name, not every provider's list.
const oneModelFrom = rankFrom + ` WHERE m.name = (SELECT name FROM models WHERE id = ?)` + rankTo + ` WHERE m.id = ?`

const (
	rankFrom = ` FROM models m JOIN providers p ON p.id = m.provider_id
	JOIN (SELECT m.id, row_number() OVER (PARTITION BY p.preset, m.name
		ORDER BY p.enabled DESC, m.enabled DESC, p.created_at, p.id) AS n
		FROM models m JOIN providers p ON p.id = m.provider_id`
	rankTo = `) home ON home.id = m.id`
)

// modelRef is the ref a model row is chosen by in pickers and settings.
func modelRef(m Model, preset string, providerEnabled bool, rank int) string {
	r := llm.Ref{Provider: preset, Model: m.Name}
	if m.Embedding && m.Dimensions > 0 {
		r.Dimensions = m.Dimensions
	}
	if !(providerEnabled && rank == 1) {
		r.Via = m.ProviderSlug
	}
	return r.String()
}

// pick finds the model row ref names on this device: among the providers of
// the ref's preset (or kind) that list the model, enabled ones (only those
// unless anyState), then the one whose slug the ref names, one of the
// preset itself, one showing the model in pickers, the oldest. A ref naming
// a provider this device lacks (another device's, or one removed or
// switched off) goes where the plain ref goes.
func (s *Service) pick(ctx context.Context, r llm.Ref, anyState bool) (modelID, providerID string, err error) {
	err = s.db.R.QueryRowContext(ctx, `SELECT m.id, p.id FROM models m JOIN providers p ON p.id = m.provider_id
		WHERE (p.enabled = 1 OR ?) AND (p.preset = ? OR p.kind = ?) AND m.name = ?
		ORDER BY p.enabled DESC, (? != '' AND p.slug = ?) DESC, p.preset = ? DESC, m.enabled DESC, p.created_at, p.id
		LIMIT 1`, anyState, r.Provider, r.Provider, r.Model, r.Via, r.Via, r.Provider).Scan(&modelID, &providerID)
	return modelID, providerID, err
}

// getModel reads one model row with its ref.
func (s *Service) getModel(ctx context.Context, id string) (Model, error) {
	return scanModel(s.db.R.QueryRowContext(ctx, `SELECT `+modelCols+oneModelFrom, id, id))
}

// freeSlug is the slug a provider named name gets: ProviderSlug of its
// name (the preset's id when that is empty), with "-2", "-3"… when another
// provider has it, so one slug names one provider on this device.
func freeSlug(ctx context.Context, tx *store.Tx, name, preset string) (string, error) {
	base := llm.ProviderSlug(name)
	if base == "" {
		base = preset
	}
	for i := 1; ; i++ {
		slug := base
		if i > 1 {
			slug += "-" + strconv.Itoa(i)
		}
		var taken int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM providers WHERE slug = ?`, slug).Scan(&taken)
		if errors.Is(err, sql.ErrNoRows) {
			return slug, nil
		}
		if err != nil {
			return "", fmt.Errorf("find a free slug: %w", err)
		}
	}
}

// FillSlugs gives providers added before slugs existed theirs, oldest
// first, from their names as they are now. The app runs it at start.
func (s *Service) FillSlugs(ctx context.Context) error {
	// Every start asks; only the first after the upgrade has any to fill, so
	// the writer is taken only then.
	var missing int
	if err := s.db.R.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM providers WHERE slug = '')`).Scan(&missing); err != nil {
		return fmt.Errorf("fill provider slugs: %w", err)
	}
	if missing == 0 {
		return nil
	}
	n := 0
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, name, preset FROM providers WHERE slug = '' ORDER BY created_at, id`)
		if err != nil {
			return err
		}
		type row struct{ id, name, preset string }
		var todo []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.id, &r.name, &r.preset); err != nil {
				rows.Close()
				return err
			}
			todo = append(todo, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, r := range todo {
			slug, err := freeSlug(ctx, tx, r.name, r.preset)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE providers SET slug = ? WHERE id = ?`, slug, r.id); err != nil {
				return err
			}
		}
		n = len(todo)
		return nil
	})
	if err != nil {
		return fmt.Errorf("fill provider slugs: %w", err)
	}
	if n > 0 {
		s.changed("providers", "models")
	}
	return nil
}
