package models

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/events"
	"bookbag/backend/llm"
)

// OllamaURL is where a local Ollama listens: OLLAMA_HOST or 127.0.0.1:11434.
func OllamaURL(getenv func(string) string) string {
	h := strings.TrimSpace(getenv("OLLAMA_HOST"))
	if h == "" {
		return "http://127.0.0.1:11434"
	}
	if !strings.Contains(h, "://") {
		h = "http://" + h
	}
	if strings.Count(h, ":") < 2 { // no port
		h += ":11434"
	}
	return strings.TrimRight(h, "/")
}

// DetectOllama adds the local Ollama as a provider when it answers and none is
// configured (and the user did not remove it before). It returns the provider
// when one was added.
func (s *Service) DetectOllama(ctx context.Context) (*Provider, error) {
	if v, _, _ := s.db.GetSetting(ctx, settingOllamaDismissed); v == "1" {
		return nil, nil
	}
	var n int
	if err := s.db.R.QueryRowContext(ctx, `SELECT count(*) FROM providers WHERE preset = ?`, llm.PresetOllama).Scan(&n); err != nil || n > 0 {
		return nil, err
	}
	base := OllamaURL(s.getenv)
	c, err := s.factory(ProviderConfig{Kind: llm.KindOllama, Preset: llm.PresetOllama, BaseURL: base})
	if err != nil {
		return nil, err
	}
	v, ok := c.(llm.Versioner)
	if !ok {
		return nil, nil
	}
	vctx, cancel := context.WithTimeout(ctx, 1500*time.Millisecond)
	defer cancel()
	if _, err := v.Version(vctx); err != nil {
		return nil, nil // not running: nothing to add, nothing to report
	}
	p, err := s.AddProvider(ctx, ProviderInput{Preset: llm.PresetOllama, Name: "Ollama", BaseURL: base, Enabled: true})
	if err != nil {
		return nil, err
	}
	if _, err := s.RefreshModels(ctx, p.ID); err != nil {
		s.log.Warn("list ollama models", "err", err)
	}
	s.log.Info("local Ollama detected and added", "url", base)
	return &p, nil
}

func pullKey(providerID, model string) string { return providerID + "\x00" + model }

// PullModel starts downloading a model into a local Ollama. Progress arrives
// as model:pull events; CancelPull stops it.
func (s *Service) PullModel(ctx context.Context, providerID, model string) error {
	model = strings.TrimSpace(model)
	if model == "" || strings.ContainsAny(model, " \t\n") {
		return apperr.New(apperr.Invalid, "give a model name such as llama3.2:3b")
	}
	p, err := s.GetProvider(ctx, providerID)
	if err != nil {
		return err
	}
	c, err := s.client(ctx, p)
	if err != nil {
		return err
	}
	puller, ok := c.(llm.Puller)
	if !ok {
		return apperr.New(apperr.Invalid, "%s cannot download models", p.Name)
	}
	key := pullKey(providerID, model)
	s.mu.Lock()
	if _, running := s.pulls[key]; running {
		s.mu.Unlock()
		return apperr.New(apperr.Conflict, "%s is already downloading", model)
	}
	pctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	s.pulls[key] = cancel
	s.mu.Unlock()

	go func() {
		defer func() {
			s.mu.Lock()
			delete(s.pulls, key)
			s.mu.Unlock()
			cancel()
		}()
		var last time.Time
		err := puller.Pull(pctx, model, func(pp llm.PullProgress) {
			if time.Since(last) < 100*time.Millisecond && pp.Total != pp.Completed {
				return // throttle: at most ~10 events a second
			}
			last = time.Now()
			s.emit.Emit(events.ModelPull, events.ModelPullPayload{ProviderID: providerID, Model: model,
				Status: pp.Status, Completed: pp.Completed, Total: pp.Total})
		})
		done := events.ModelPullPayload{ProviderID: providerID, Model: model, Done: true, Status: "success"}
		switch {
		case errors.Is(err, context.Canceled):
			done.Status, done.Error = "canceled", "download canceled"
		case err != nil:
			done.Status, done.Error = "error", apperr.MessageOf(err)
		default:
			if _, err := s.RefreshModels(pctx, providerID); err != nil {
				s.log.Warn("refresh models after pull", "err", err)
			}
		}
		s.emit.Emit(events.ModelPull, done)
	}()
	return nil
}

// CancelPull stops a running download.
func (s *Service) CancelPull(providerID, model string) error {
	s.mu.Lock()
	cancel, ok := s.pulls[pullKey(providerID, strings.TrimSpace(model))]
	s.mu.Unlock()
	if !ok {
		return apperr.New(apperr.NotFound, "no download of %s is running", model)
	}
	cancel()
	return nil
}

// DeleteLocalModel removes a model from a local Ollama (the UI asks first).
func (s *Service) DeleteLocalModel(ctx context.Context, providerID, model string) error {
	p, err := s.GetProvider(ctx, providerID)
	if err != nil {
		return err
	}
	c, err := s.client(ctx, p)
	if err != nil {
		return err
	}
	d, ok := c.(llm.Deleter)
	if !ok {
		return apperr.New(apperr.Invalid, "%s cannot delete models", p.Name)
	}
	if err := d.Delete(ctx, model); err != nil {
		return fmt.Errorf("delete model %s: %w", model, err)
	}
	_, err = s.RefreshModels(ctx, providerID)
	return err
}
