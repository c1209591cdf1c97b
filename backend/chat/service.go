package chat

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"bookbag/backend/events"
	"bookbag/backend/store"
)

// Service is the chat domain.
type Service struct {
	db        *store.DB
	resolver  Resolver
	retriever Retriever
	blobs     Blobs
	emit      events.Emitter
	log       *slog.Logger

	base   context.Context // runs live until Close, not until the call that started them
	cancel context.CancelFunc

	mu        sync.Mutex
	runs      map[string]*run // by assistant message id
	undo      map[string]undoEntry
	wg        sync.WaitGroup
	saveEvery time.Duration

	importLimit  int64              // bytes one import may have
	importCancel context.CancelFunc // the running import's, under mu
}

// Deps are the collaborators of Service. Retriever and Blobs may be nil.
type Deps struct {
	DB        *store.DB
	Resolver  Resolver
	Retriever Retriever
	Blobs     Blobs
	Events    events.Emitter
	Log       *slog.Logger
}

// NewService builds the chat service. Call Close before closing the store.
func NewService(d Deps) *Service {
	if d.Events == nil {
		d.Events = events.Discard{}
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
	base, cancel := context.WithCancel(context.Background())
	return &Service{db: d.DB, resolver: d.Resolver, retriever: d.Retriever, blobs: d.Blobs, emit: d.Events, log: d.Log,
		base: base, cancel: cancel, runs: map[string]*run{}, undo: map[string]undoEntry{}, saveEvery: 2 * time.Second,
		importLimit: defaultImportLimit}
}

// SetRetriever plugs in retrieval (the documents domain starts after chat).
func (s *Service) SetRetriever(r Retriever) {
	s.mu.Lock()
	s.retriever = r
	s.mu.Unlock()
}

// Close stops every run, letting each save what it has, and waits for them.
func (s *Service) Close() {
	s.cancel()
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		s.log.Warn("chat runs did not stop within 5 s")
	}
}

func (s *Service) changed(workspaceID string, tables ...string) {
	s.emit.Emit(events.DataChanged, events.DataChangedPayload{WorkspaceID: workspaceID, Tables: tables})
}
