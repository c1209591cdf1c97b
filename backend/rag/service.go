// Package rag is the Documents feature: Service (bound to the UI)
// ingests files through a persisted queue (extract, split, index in FTS5,
// embed), and retrieves chunks for chats and the search box by BM25 and
// vectors fused by reciprocal rank.
package rag

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"bookbag/backend/blob"
	"bookbag/backend/events"
	"bookbag/backend/rag/extract"
	"bookbag/backend/rag/rank"
	"bookbag/backend/rag/related"
	"bookbag/backend/store"
)

// Deps are what Service needs. DB, Blobs and Extractor are required.
type Deps struct {
	DB        *store.DB
	Blobs     *blob.Store
	Extractor *extract.Extractor
	Emitter   events.Emitter // default: discard
	Settings  SettingsSource // default: DefaultSettings for every workspace
	Embedders Embedders      // nil: keyword search only
	Logger    *slog.Logger
	// Workspaces checks that documents are added to a live workspace (nil:
	// every id is taken as one); Chats that a chat's documents go to a live
	// chat of it, and which chats are gone (nil: not checked, not forgotten).
	Workspaces Workspaces
	Chats      Chats
	// FilesInUse says whether any domain still names a stored file before a
	// document's file is deleted (nil: documents alone are asked).
	FilesInUse blob.InUse
	// Shared tells whether a workspace is shared through a server (its
	// documents' vectors are then published for the other members; see
	// syncbundle.go). Nil: never.
	Shared func(ctx context.Context, workspaceID string) bool
	// Ranking tunes the keyword ranking. Zero: rank.DefaultConfig().
	Ranking rank.Config
	// Related are the related words keyword search also asks for. Nil:
	// the table built into the app (related.New()).
	Related RelatedWords
	// RerankTimeout bounds the model call of re-ranking. Zero: 20 s.
	RerankTimeout time.Duration
	// Usage records the embedding calls (nil: not recorded).
	Usage Usage
	// EmbedWait is how an embedding call waits before it is tried again
	// after a rate limit or a passing failure (embedretry.go). Nil: a timer.
	EmbedWait WaitFunc
}

// Service is the bound service of the Documents page and the
// retriever of chats. Its exported methods take and return plain structs.
type Service struct {
	db        *store.DB
	blobs     *blob.Store
	extractor *extract.Extractor
	emit      events.Emitter
	settings  SettingsSource
	embedders Embedders
	usage     Usage
	shared    func(ctx context.Context, workspaceID string) bool
	wss       Workspaces
	chats     Chats
	inUse     blob.InUse
	log       *slog.Logger
	vectors   *vectorIndex
	fts       ftsStats    // document frequencies for keyword search
	ranking   rank.Config // the keyword ranking's tuning
	related   RelatedWords
	rerankFor time.Duration
	wait      WaitFunc // before an embedding call is tried again

	wake chan struct{} // a document became pending

	mu       sync.Mutex
	running  map[string]*job // documents being processed, by id
	reembeds map[string]*reembedJob
	checks   map[string]*checkRun           // running search checks (check.go), by workspace
	adds     map[*addJob]context.CancelFunc // files being copied in (addjob.go)
	started  bool
	closed   bool // Close began: no new re-embed pass or search check may start
	wg       sync.WaitGroup
	stop     context.CancelFunc
	// markMu orders a re-embed pass's resume marker with its registration
	// (reembedKey), so that a pass ending cannot clear a newer one's.
	markMu sync.Mutex
	// embedErrs is why each workspace's last embedding call failed, until
	// one succeeds (IndexStatus.EmbedError); under mu.
	embedErrs map[string]embedErr
	// goneSeen is when this device first saw each deleted chat that still
	// has documents (chatdocs.go).
	goneSeen map[string]time.Time
	now      func() time.Time // the clock of goneSeen (tests move it)
}

type job struct {
	cancel   context.CancelFunc
	canceled bool // by the user (Cancel/Delete), not by shutdown
}

// NewService builds the service; call Start to run the queue.
func NewService(d Deps) *Service {
	if d.Emitter == nil {
		d.Emitter = events.Discard{}
	}
	if d.Settings == nil {
		d.Settings = SettingsFunc(func(context.Context, string) (Settings, error) { return DefaultSettings(), nil })
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if d.Ranking == (rank.Config{}) {
		d.Ranking = rank.DefaultConfig()
	}
	if d.Related == nil {
		d.Related = related.New()
	}
	if d.RerankTimeout <= 0 {
		d.RerankTimeout = 20 * time.Second
	}
	if d.EmbedWait == nil {
		d.EmbedWait = sleep
	}
	return &Service{
		db: d.DB, blobs: d.Blobs, extractor: d.Extractor, emit: d.Emitter, settings: d.Settings,
		embedders: d.Embedders, usage: d.Usage, shared: d.Shared, wss: d.Workspaces, chats: d.Chats, inUse: d.FilesInUse, log: d.Logger,
		vectors: newVectorIndex(d.DB), ranking: d.Ranking, related: d.Related, rerankFor: d.RerankTimeout, wait: d.EmbedWait,
		wake: make(chan struct{}, 1), running: map[string]*job{}, reembeds: map[string]*reembedJob{},
		checks: map[string]*checkRun{}, adds: map[*addJob]context.CancelFunc{}, embedErrs: map[string]embedErr{}, now: time.Now,
	}
}

// Start runs the ingest worker until ctx ends or Close is called. Documents
// left pending or processing by a previous run are picked up first.
func (s *Service) Start(ctx context.Context) {
	s.mu.Lock()
	if s.started {
		s.mu.Unlock()
		return
	}
	s.started = true
	ctx, s.stop = context.WithCancel(ctx)
	s.mu.Unlock()
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		s.worker(ctx)
	}()
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		s.sweepDeletedChats(ctx)
	}()
	s.resumeReembeds(ctx)
	s.kick()
}

// Close stops the worker and waits for it; a document in progress stays
// "processing" and resumes at the next Start.
func (s *Service) Close() {
	s.mu.Lock()
	s.closed = true
	stop := s.stop
	for _, j := range s.reembeds {
		j.shutdown = true
		j.cancel()
	}
	for _, c := range s.checks {
		c.cancel()
	}
	s.mu.Unlock()
	if stop != nil {
		stop()
	}
	s.wg.Wait()
}

func (s *Service) kick() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

func (s *Service) status(d Document) {
	s.emit.Emit(events.DocumentStatus, events.DocumentStatusPayload{
		WorkspaceID: d.WorkspaceID, DocumentID: d.ID, Status: d.Status, Error: d.Error, Chunks: d.Chunks,
	})
}

func (s *Service) progress(ws, id, stage string, done, total int) {
	s.emit.Emit(events.DocumentProgress, events.DocumentProgressPayload{
		WorkspaceID: ws, DocumentID: id, Stage: stage, Done: done, Total: total,
	})
}

// waiting says a document waits until retryAt before embedding again.
func (s *Service) waiting(ws, id, stage string, done, total int, retryAt time.Time) {
	s.emit.Emit(events.DocumentProgress, events.DocumentProgressPayload{
		WorkspaceID: ws, DocumentID: id, Stage: stage, Done: done, Total: total, RetryAt: retryAt.UnixMilli(),
	})
}

func (s *Service) changed(ws string) {
	s.emit.Emit(events.DataChanged, events.DataChangedPayload{WorkspaceID: ws, Tables: []string{"documents"}})
}
