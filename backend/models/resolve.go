package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"bookbag/backend/apperr"
	"bookbag/backend/llm"
)

// client returns a provider client, built once per configuration (again
// while the keychain does not answer, until it does).
func (s *Service) client(ctx context.Context, p Provider) (llm.Provider, error) {
	s.mu.Lock()
	c, ok := s.clients[p.ID]
	s.mu.Unlock()
	if ok {
		return c, nil
	}
	key, final, err := s.apiKey(ctx, p)
	if err != nil {
		return nil, err
	}
	if key == "" && p.KeyRequired {
		return nil, apperr.New(apperr.Unauthorized, "%s has no API key: add one on the Models page or set %s", p.Name, p.KeyEnv)
	}
	c, err = s.factory(ProviderConfig{Kind: llm.Kind(p.Kind), Preset: p.Preset, Name: p.Name, BaseURL: p.connectURL, APIKey: key})
	if err != nil {
		return nil, apperr.Wrap(err, apperr.Invalid, "could not set up %s", p.Name)
	}
	if final {
		s.mu.Lock()
		s.clients[p.ID] = c
		s.mu.Unlock()
	}
	return c, nil
}

// Resolved is a model ref turned into something that can be called.
type Resolved struct {
	Client   llm.Provider
	Provider Provider
	Model    Model
}

// Resolve finds the provider for a portable model ref on this device: an
// enabled provider of the ref's preset that lists the model, the one the
// ref names when it names one this device has (pick).
func (s *Service) Resolve(ctx context.Context, ref string) (Resolved, error) {
	r, err := llm.ParseEmbeddingRef(ref)
	if err != nil {
		return Resolved{}, err
	}
	modelID, providerID, err := s.pick(ctx, r, false)
	if errors.Is(err, sql.ErrNoRows) {
		kind := r.Provider
		if pr, ok := llm.PresetByID(kind); ok {
			kind = pr.DisplayName
		}
		return Resolved{}, apperr.New(apperr.NotFound, "the model %s is not available on this computer: no enabled %s provider lists it "+
			"(add or enable one on the Models page, or refresh its models)", r.Model, kind)
	}
	if err != nil {
		return Resolved{}, fmt.Errorf("resolve %s: %w", ref, err)
	}
	p, err := s.GetProvider(ctx, providerID)
	if err != nil {
		return Resolved{}, err
	}
	m, err := s.getModel(ctx, modelID)
	if err != nil {
		return Resolved{}, fmt.Errorf("resolve %s: %w", ref, err)
	}
	c, err := s.client(ctx, p)
	if err != nil {
		return Resolved{}, err
	}
	return Resolved{Client: c, Provider: p, Model: m}, nil
}

// ParamSupport tells which parameters a model's provider takes.
func (s *Service) ParamSupport(ref string) (llm.ParamSupport, error) {
	r, err := llm.ParseRef(ref)
	if err != nil {
		return llm.ParamSupport{}, err
	}
	return llm.SupportedParams(r.Provider, r.Model), nil
}
