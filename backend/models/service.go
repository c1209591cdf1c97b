package models

import (
	"context"
	"log/slog"
	"sync"

	"bookbag/backend/events"
	"bookbag/backend/llm"
	"bookbag/backend/store"
)

// Service is the models domain: providers, their models, defaults, profiles
// and templates.
type Service struct {
	db      *store.DB
	keys    KeyStore
	factory Factory
	emit    events.Emitter
	getenv  func(string) string
	log     *slog.Logger
	onDef   func(ctx context.Context, d Defaults)

	mu      sync.Mutex
	clients map[string]llm.Provider       // built providers by provider id
	hints   map[string]KeyStatus          // key status cache: keychain reads are slow
	pulls   map[string]context.CancelFunc // running Ollama pulls by provider/model

	staleMu sync.Mutex // the read-modify-write of settingStaleKeys
}

// Deps are the collaborators of Service.
type Deps struct {
	DB      *store.DB
	Keys    KeyStore
	Factory Factory
	Events  events.Emitter
	Getenv  func(string) string
	Log     *slog.Logger
	// OnDefaults runs after the default models changed (the app gives
	// keyword-only workspaces the new embedding model).
	OnDefaults func(ctx context.Context, d Defaults)
}

// NewService builds the models service.
func NewService(d Deps) *Service {
	if d.Events == nil {
		d.Events = events.Discard{}
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
	return &Service{db: d.DB, keys: d.Keys, factory: d.Factory, emit: d.Events, getenv: d.Getenv, log: d.Log, onDef: d.OnDefaults,
		clients: map[string]llm.Provider{}, hints: map[string]KeyStatus{}, pulls: map[string]context.CancelFunc{}}
}

// changed tells the frontend to refetch the given local tables.
func (s *Service) changed(tables ...string) {
	s.emit.Emit(events.DataChanged, events.DataChangedPayload{Tables: tables})
}

// forget drops cached clients and key hints of a provider after a change.
func (s *Service) forget(providerID string) {
	s.mu.Lock()
	delete(s.clients, providerID)
	delete(s.hints, providerID)
	s.mu.Unlock()
}
