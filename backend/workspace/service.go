package workspace

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/blob"
	"bookbag/backend/events"
	"bookbag/backend/store"
)

// Deps are what Service needs. Only DB is required.
type Deps struct {
	DB       *store.DB
	Blobs    *blob.Store // files a purge no longer needs are removed; nil keeps them
	Index    Indexer     // nil: settings changes start no re-embedding
	LastUsed LastUsed
	Events   events.Emitter
	Log      *slog.Logger
	// Shared reports whether anything of a workspace ever reached a server
	// (a link, a synced row, a pushed change). A shared workspace is never
	// purged; nil: nothing is ever shared.
	Shared func(ctx context.Context, workspaceID string) (bool, error)
	// Parts are the other domains' rows of a workspace, in the order a
	// purge removes them (documents before the chats they refer to).
	Parts []Part
	// Contents counts them for the overview and settings (nil: zeros).
	Contents Contents
	// Profiles checks a default profile (nil: any id is accepted).
	Profiles Profiles
	// FilesInUse says whether any domain still names a stored file before
	// a purge deletes it (nil: files are kept).
	FilesInUse blob.InUse
	// SharedRole returns the user's role ("admin", "member") in a workspace
	// shared with a server, "" when it is not shared. Only a shared
	// workspace's admins delete it (for everyone); nil: never shared.
	SharedRole func(workspaceID string) string
	// DefaultEmbedding is the app's default embedding model ref: new
	// workspaces start with it, so retrieval is hybrid by default.
	DefaultEmbedding func(ctx context.Context) string
	// UndoWindow is how long a deleted workspace can be brought back before
	// it is purged (DefaultUndoWindow when 0).
	UndoWindow time.Duration
	// Answers stops the answers being generated in a deleted workspace
	// (nil: none run).
	Answers Answers
}

// DefaultUndoWindow is how long a deleted workspace can be restored.
const DefaultUndoWindow = 30 * time.Second

// Service reads and writes workspaces.
type Service struct {
	db     *store.DB
	blobs  *blob.Store
	index  Indexer
	last   LastUsed
	emit   events.Emitter
	log    *slog.Logger
	shared func(ctx context.Context, workspaceID string) (bool, error)
	parts  []Part
	counts Contents
	profs  Profiles
	inUse  blob.InUse
	role   func(workspaceID string) string
	window time.Duration
	embed  func(ctx context.Context) string
	runs   Answers

	mu     sync.Mutex
	undo   map[string]undoEntry
	timers map[*time.Timer]struct{}
	closed bool
	wg     sync.WaitGroup

	// purgeStep, when set (tests), runs between the steps of a purge; an
	// error aborts the purge as a crash would.
	purgeStep func(step string) error
}

// NewService returns a workspace service with its dependencies.
func NewService(d Deps) *Service {
	if d.Events == nil {
		d.Events = events.Discard{}
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	if d.UndoWindow <= 0 {
		d.UndoWindow = DefaultUndoWindow
	}
	return &Service{db: d.DB, blobs: d.Blobs, index: d.Index, last: d.LastUsed, emit: d.Events, log: d.Log,
		shared: d.Shared, parts: d.Parts, counts: d.Contents, profs: d.Profiles, inUse: d.FilesInUse, role: d.SharedRole, window: d.UndoWindow, embed: d.DefaultEmbedding, runs: d.Answers, undo: map[string]undoEntry{}, timers: map[*time.Timer]struct{}{}}
}

// Close stops pending purge timers and waits for a purge in progress. A
// workspace whose timer did not fire is purged by PurgeExpired at the next start.
func (s *Service) Close() {
	s.mu.Lock()
	s.closed = true
	for t := range s.timers {
		t.Stop()
	}
	s.timers = map[*time.Timer]struct{}{}
	s.mu.Unlock()
	s.wg.Wait()
}

func (s *Service) changed(workspaceID string, tables ...string) {
	s.emit.Emit(events.DataChanged, events.DataChangedPayload{WorkspaceID: workspaceID, Tables: tables})
}

const wsColumns = `id, name, icon, color, is_default, COALESCE(archived_at, 0), created_at, updated_at`

func scanWorkspace(row interface{ Scan(...any) error }) (Workspace, error) {
	var w Workspace
	var isDefault int
	err := row.Scan(&w.ID, &w.Name, &w.Icon, &w.Color, &isDefault, &w.ArchivedAt, &w.CreatedAt, &w.UpdatedAt)
	w.IsDefault = isDefault == 1
	return w, err
}

// EnsureDefault creates the "Personal" workspace on first run and returns it.
// The check runs inside the write transaction so that concurrent first calls
// (two windows, a browser and the app) create exactly one.
func (s *Service) EnsureDefault(ctx context.Context) (Workspace, error) {
	const q = `SELECT id FROM workspaces WHERE is_default = 1 AND deleted_at IS NULL LIMIT 1`
	var id string
	if err := s.db.R.QueryRowContext(ctx, q).Scan(&id); err == nil {
		return s.Get(ctx, id)
	} else if !errors.Is(err, sql.ErrNoRows) {
		return Workspace{}, fmt.Errorf("find default workspace: %w", err)
	}
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		err := tx.QueryRowContext(ctx, q).Scan(&id)
		if err == nil || !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		id = store.NewID()
		if err := tx.Insert(ctx, "workspaces", id, id, store.Values{"name": DefaultName, "is_default": 1}); err != nil {
			return err
		}
		st := DefaultSettings(id)
		st.EmbeddingModelRef = s.defaultEmbedding(ctx)
		return insertSettings(ctx, tx, st)
	})
	if err != nil {
		return Workspace{}, fmt.Errorf("create default workspace: %w", err)
	}
	return s.Get(ctx, id)
}

func insertSettings(ctx context.Context, tx *store.Tx, st Settings) error {
	return tx.Insert(ctx, "workspace_settings", store.NewID(), st.WorkspaceID, settingsValues(st))
}

func settingsValues(st Settings) store.Values {
	var profile any
	if st.DefaultProfileID != "" {
		profile = st.DefaultProfileID
	}
	return store.Values{
		"system_prompt": st.SystemPrompt, "default_model_ref": st.DefaultModelRef, "default_profile_id": profile,
		"embedding_model_ref": st.EmbeddingModelRef, "chunk_size": st.ChunkSize, "chunk_overlap": st.ChunkOverlap,
		"top_k": st.TopK, "min_score": st.MinScore, "use_documents": boolInt(st.UseDocuments),
		"rerank": boolInt(st.RerankSources),
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Get returns a live workspace.
func (s *Service) Get(ctx context.Context, id string) (Workspace, error) {
	w, err := scanWorkspace(s.db.R.QueryRowContext(ctx,
		`SELECT `+wsColumns+` FROM workspaces WHERE id = ? AND deleted_at IS NULL`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Workspace{}, apperr.New(apperr.NotFound, "workspace not found")
	}
	if err != nil {
		return Workspace{}, fmt.Errorf("get workspace: %w", err)
	}
	return w, nil
}

// List returns the live workspaces, the default first, then by name.
func (s *Service) List(ctx context.Context) ([]Workspace, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+wsColumns+` FROM workspaces
		WHERE deleted_at IS NULL ORDER BY is_default DESC, name COLLATE NOCASE`)
	if err != nil {
		return nil, fmt.Errorf("list workspaces: %w", err)
	}
	defer rows.Close()
	out := []Workspace{}
	for rows.Next() {
		w, err := scanWorkspace(rows)
		if err != nil {
			return nil, fmt.Errorf("list workspaces: %w", err)
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// Settings returns a workspace's settings.
func (s *Service) Settings(ctx context.Context, workspaceID string) (Settings, error) {
	st := Settings{WorkspaceID: workspaceID}
	var profile sql.NullString
	var useDocs, rerank int
	err := s.db.R.QueryRowContext(ctx, `SELECT system_prompt, default_model_ref, default_profile_id, embedding_model_ref,
		chunk_size, chunk_overlap, top_k, min_score, use_documents, rerank
		FROM workspace_settings WHERE workspace_id = ? AND deleted_at IS NULL`, workspaceID).
		Scan(&st.SystemPrompt, &st.DefaultModelRef, &profile, &st.EmbeddingModelRef,
			&st.ChunkSize, &st.ChunkOverlap, &st.TopK, &st.MinScore, &useDocs, &rerank)
	if errors.Is(err, sql.ErrNoRows) {
		return Settings{}, apperr.New(apperr.NotFound, "workspace settings not found")
	}
	if err != nil {
		return Settings{}, fmt.Errorf("get workspace settings: %w", err)
	}
	st.DefaultProfileID = profile.String
	st.UseDocuments = useDocs == 1
	st.RerankSources = rerank == 1
	return st, nil
}
