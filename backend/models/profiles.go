package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"bookbag/backend/apperr"
	"bookbag/backend/llm"
	"bookbag/backend/store"
)

// Profile is a named set of parameters a model or chat can use. WorkspaceID
// empty means personal (available everywhere). Nil fields mean "the model's
// default".
type Profile struct {
	ID              string   `json:"id"`
	WorkspaceID     string   `json:"workspaceId"`
	Name            string   `json:"name"`
	Temperature     *float64 `json:"temperature"`
	TopP            *float64 `json:"topP"`
	MaxTokens       *int     `json:"maxTokens"`
	ContextLength   *int     `json:"contextLength"`
	ReasoningEffort string   `json:"reasoningEffort"`
	Think           *bool    `json:"think"`
	SystemPrompt    string   `json:"systemPrompt"`
	UpdatedAt       int64    `json:"updatedAt"`
}

// Validate checks ranges a person could get wrong.
func (p Profile) Validate() error {
	p.Name = strings.TrimSpace(p.Name)
	switch {
	case p.Name == "" || len([]rune(p.Name)) > 80:
		return apperr.New(apperr.Invalid, "a profile name needs 1 to 80 characters")
	case p.Temperature != nil && (*p.Temperature < 0 || *p.Temperature > 2):
		return apperr.New(apperr.Invalid, "temperature must be between 0 and 2")
	case p.TopP != nil && (*p.TopP <= 0 || *p.TopP > 1):
		return apperr.New(apperr.Invalid, "top_p must be above 0 and at most 1")
	case p.MaxTokens != nil && (*p.MaxTokens < 1 || *p.MaxTokens > 1_000_000):
		return apperr.New(apperr.Invalid, "max output tokens must be between 1 and 1,000,000")
	case p.ContextLength != nil && (*p.ContextLength < 256 || *p.ContextLength > 10_000_000):
		return apperr.New(apperr.Invalid, "context length must be between 256 and 10,000,000")
	}
	switch p.ReasoningEffort {
	case "", "minimal", "low", "medium", "high", "xhigh", "max":
	default:
		return apperr.New(apperr.Invalid, "unknown reasoning effort %q", p.ReasoningEffort)
	}
	return nil
}

// Params converts a profile to request parameters.
func (p Profile) Params() llm.Params {
	out := llm.Params{Temperature: p.Temperature, TopP: p.TopP, ReasoningEffort: p.ReasoningEffort, Think: p.Think}
	if p.MaxTokens != nil {
		out.MaxTokens = *p.MaxTokens
	}
	if p.ContextLength != nil {
		out.ContextLength = *p.ContextLength
	}
	return out
}

const profileCols = `id, COALESCE(workspace_id, ''), name, temperature, top_p, max_tokens, context_length, reasoning_effort, think, system_prompt, updated_at`

func scanProfile(row interface{ Scan(...any) error }) (Profile, error) {
	var p Profile
	var temp, topP sql.NullFloat64
	var maxTok, ctxLen, think sql.NullInt64
	err := row.Scan(&p.ID, &p.WorkspaceID, &p.Name, &temp, &topP, &maxTok, &ctxLen, &p.ReasoningEffort, &think, &p.SystemPrompt, &p.UpdatedAt)
	if temp.Valid {
		p.Temperature = &temp.Float64
	}
	if topP.Valid {
		p.TopP = &topP.Float64
	}
	if maxTok.Valid {
		v := int(maxTok.Int64)
		p.MaxTokens = &v
	}
	if ctxLen.Valid {
		v := int(ctxLen.Int64)
		p.ContextLength = &v
	}
	if think.Valid {
		v := think.Int64 == 1
		p.Think = &v
	}
	return p, err
}

// ListProfiles returns the personal profiles and, when workspaceID is set,
// that workspace's.
func (s *Service) ListProfiles(ctx context.Context, workspaceID string) ([]Profile, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+profileCols+` FROM param_profiles
		WHERE deleted_at IS NULL AND (workspace_id IS NULL OR workspace_id = ?) ORDER BY name COLLATE NOCASE`, workspaceID)
	if err != nil {
		return nil, fmt.Errorf("list profiles: %w", err)
	}
	defer rows.Close()
	out := []Profile{}
	for rows.Next() {
		p, err := scanProfile(rows)
		if err != nil {
			return nil, fmt.Errorf("list profiles: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// GetProfile returns one live profile.
func (s *Service) GetProfile(ctx context.Context, id string) (Profile, error) {
	p, err := scanProfile(s.db.R.QueryRowContext(ctx, `SELECT `+profileCols+` FROM param_profiles WHERE id = ? AND deleted_at IS NULL`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Profile{}, apperr.New(apperr.NotFound, "parameter profile not found")
	}
	if err != nil {
		return Profile{}, fmt.Errorf("get profile: %w", err)
	}
	return p, nil
}

func profileValues(p Profile) store.Values {
	v := store.Values{"name": strings.TrimSpace(p.Name), "reasoning_effort": p.ReasoningEffort, "system_prompt": p.SystemPrompt,
		"temperature": nil, "top_p": nil, "max_tokens": nil, "context_length": nil, "think": nil}
	if p.Temperature != nil {
		v["temperature"] = *p.Temperature
	}
	if p.TopP != nil {
		v["top_p"] = *p.TopP
	}
	if p.MaxTokens != nil {
		v["max_tokens"] = *p.MaxTokens
	}
	if p.ContextLength != nil {
		v["context_length"] = *p.ContextLength
	}
	if p.Think != nil {
		v["think"] = boolInt(*p.Think)
	}
	return v
}

// SaveProfile creates (empty ID) or updates a profile.
func (s *Service) SaveProfile(ctx context.Context, p Profile) (Profile, error) {
	if err := p.Validate(); err != nil {
		return Profile{}, err
	}
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		if p.ID == "" {
			p.ID = store.NewID()
			return tx.Insert(ctx, "param_profiles", p.ID, p.WorkspaceID, profileValues(p))
		}
		return tx.Update(ctx, "param_profiles", p.ID, profileValues(p))
	})
	if err != nil {
		return Profile{}, err
	}
	s.emitChanged(p.WorkspaceID, "param_profiles")
	return s.GetProfile(ctx, p.ID)
}

// DeleteProfile removes a profile (a tombstone, so it syncs).
func (s *Service) DeleteProfile(ctx context.Context, id string) error {
	p, err := s.GetProfile(ctx, id)
	if err != nil {
		return err
	}
	if err := s.db.Tx(ctx, func(tx *store.Tx) error { return tx.Delete(ctx, "param_profiles", id) }); err != nil {
		return err
	}
	s.emitChanged(p.WorkspaceID, "param_profiles")
	return nil
}
