package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"bookbag/backend/apperr"
	"bookbag/backend/events"
	"bookbag/backend/store"
)

// Template is a reusable prompt with {{variables}} filled in from a small form.
type Template struct {
	ID          string   `json:"id"`
	WorkspaceID string   `json:"workspaceId"`
	Name        string   `json:"name"`
	Body        string   `json:"body"`
	Variables   []string `json:"variables"`
	UpdatedAt   int64    `json:"updatedAt"`
}

var templateVar = regexp.MustCompile(`\{\{\s*([A-Za-z_][A-Za-z0-9_ ]*?)\s*\}\}`)

// Variables lists a body's {{variables}} in order of first use.
func Variables(body string) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, m := range templateVar.FindAllStringSubmatch(body, -1) {
		if !seen[m[1]] {
			seen[m[1]] = true
			out = append(out, m[1])
		}
	}
	return out
}

// Render fills a body's variables; a variable without a value is an error.
func Render(body string, values map[string]string) (string, error) {
	var missing []string
	out := templateVar.ReplaceAllStringFunc(body, func(m string) string {
		name := templateVar.FindStringSubmatch(m)[1]
		v, ok := values[name]
		if !ok {
			missing = append(missing, name)
		}
		return v
	})
	if len(missing) > 0 {
		return "", apperr.New(apperr.Invalid, "fill in %s", strings.Join(missing, ", "))
	}
	return out, nil
}

const templateCols = `id, COALESCE(workspace_id, ''), name, body, updated_at`

func scanTemplate(row interface{ Scan(...any) error }) (Template, error) {
	var t Template
	err := row.Scan(&t.ID, &t.WorkspaceID, &t.Name, &t.Body, &t.UpdatedAt)
	t.Variables = Variables(t.Body)
	return t, err
}

// ListTemplates returns personal templates and, when workspaceID is set, that workspace's.
func (s *Service) ListTemplates(ctx context.Context, workspaceID string) ([]Template, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+templateCols+` FROM prompt_templates
		WHERE deleted_at IS NULL AND (workspace_id IS NULL OR workspace_id = ?) ORDER BY name COLLATE NOCASE`, workspaceID)
	if err != nil {
		return nil, fmt.Errorf("list templates: %w", err)
	}
	defer rows.Close()
	out := []Template{}
	for rows.Next() {
		t, err := scanTemplate(rows)
		if err != nil {
			return nil, fmt.Errorf("list templates: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// GetTemplate returns one live template.
func (s *Service) GetTemplate(ctx context.Context, id string) (Template, error) {
	t, err := scanTemplate(s.db.R.QueryRowContext(ctx, `SELECT `+templateCols+` FROM prompt_templates WHERE id = ? AND deleted_at IS NULL`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Template{}, apperr.New(apperr.NotFound, "prompt template not found")
	}
	if err != nil {
		return Template{}, fmt.Errorf("get template: %w", err)
	}
	return t, nil
}

// SaveTemplate creates (empty ID) or updates a template.
func (s *Service) SaveTemplate(ctx context.Context, t Template) (Template, error) {
	t.Name = strings.TrimSpace(t.Name)
	if t.Name == "" || len([]rune(t.Name)) > 80 {
		return Template{}, apperr.New(apperr.Invalid, "a template name needs 1 to 80 characters")
	}
	if strings.TrimSpace(t.Body) == "" || len(t.Body) > 100_000 {
		return Template{}, apperr.New(apperr.Invalid, "a template needs a body (at most 100,000 characters)")
	}
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		v := store.Values{"name": t.Name, "body": t.Body}
		if t.ID == "" {
			t.ID = store.NewID()
			return tx.Insert(ctx, "prompt_templates", t.ID, t.WorkspaceID, v)
		}
		return tx.Update(ctx, "prompt_templates", t.ID, v)
	})
	if err != nil {
		return Template{}, err
	}
	s.emitChanged(t.WorkspaceID, "prompt_templates")
	return s.GetTemplate(ctx, t.ID)
}

// DeleteTemplate removes a template (a tombstone).
func (s *Service) DeleteTemplate(ctx context.Context, id string) error {
	t, err := s.GetTemplate(ctx, id)
	if err != nil {
		return err
	}
	if err := s.db.Tx(ctx, func(tx *store.Tx) error { return tx.Delete(ctx, "prompt_templates", id) }); err != nil {
		return err
	}
	s.emitChanged(t.WorkspaceID, "prompt_templates")
	return nil
}

func (s *Service) emitChanged(workspaceID string, tables ...string) {
	s.emit.Emit(events.DataChanged, events.DataChangedPayload{WorkspaceID: workspaceID, Tables: tables})
}
