package chat

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/events"
	"bookbag/backend/onejob"
	"bookbag/backend/sqlkit"
	"bookbag/backend/store"
)

// Service is the chat domain.
type Service struct {
	db        *store.DB
	resolver  Resolver
	retriever Retriever
	wss       Workspaces
	docs      ChatDocuments
	tools     Tools
	usage     Usage
	blobs     Blobs
	emit      events.Emitter
	log       *slog.Logger

	base   context.Context // runs live until Close, not until the call that started them
	cancel context.CancelFunc

	mu   sync.Mutex
	runs map[string]*run // by assistant message id
	// turnMu makes storing a turn's answer and registering its run one
	// step, so a send sees the run of the answer it would follow.
	turnMu    sync.Mutex
	undo      map[string]undoEntry
	wg        sync.WaitGroup
	saveEvery time.Duration
	saveRetry time.Duration // before the second try of an answer's final save

	importLimit int64         // bytes one import may have
	importEvery time.Duration // how often an import reports its progress
	importJob   onejob.Slot   // the running chat import
	// importBatchChats and importBatchTime close an import's batch
	// (importbatch.go).
	importBatchChats int
	importBatchTime  time.Duration
	// told are the tool servers each chat's answers have already noted as
	// unavailable, with the reason (toolnotes.go), under mu.
	told map[string]map[string]string
}

// Deps are the collaborators of Service. Retriever, Workspaces, Documents
// and Blobs may be nil (no retrieval; every workspace taken as live; a
// moved chat's documents stay; no attachments).
type Deps struct {
	DB         *store.DB
	Resolver   Resolver
	Retriever  Retriever
	Workspaces Workspaces
	Documents  ChatDocuments
	Tools      Tools // nil: no tools, no plugins
	Usage      Usage // nil: no usage record, no budgets
	Blobs      Blobs
	Events     events.Emitter
	Log        *slog.Logger
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
	return &Service{db: d.DB, resolver: d.Resolver, retriever: d.Retriever, wss: d.Workspaces, docs: d.Documents, tools: d.Tools, usage: d.Usage, blobs: d.Blobs, emit: d.Events, log: d.Log,
		base: base, cancel: cancel, runs: map[string]*run{}, undo: map[string]undoEntry{}, told: map[string]map[string]string{}, saveEvery: 2 * time.Second, saveRetry: 500 * time.Millisecond,
		importLimit: defaultImportLimit, importEvery: 100 * time.Millisecond,
		importBatchChats: defaultImportBatchChats, importBatchTime: defaultImportBatchTime}
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

// liveWorkspace checks that a workspace exists and is not deleted, in q.
func (s *Service) liveWorkspace(ctx context.Context, q sqlkit.Queryer, id string) error {
	if s.wss == nil {
		return nil
	}
	ok, err := s.wss.Live(ctx, q, id)
	if err != nil {
		return err
	}
	if !ok {
		return apperr.New(apperr.NotFound, "workspace not found")
	}
	return nil
}
