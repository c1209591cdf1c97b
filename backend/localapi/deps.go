package localapi

import (
	"context"
	"log/slog"
	"time"

	"bookbag/backend/llm"
	"bookbag/backend/store"
)

// Model is an enabled model of this device, by its portable ref.
type Model struct {
	Ref       string
	Name      string // the provider's name for it
	Owner     string // the provider's display name
	Embedding bool
	Tools     bool
}

// Resolved is a model ref that can be called.
type Resolved struct {
	Model
	Client llm.Provider
}

// Models is what the server needs of the models domain.
type Models interface {
	Enabled(ctx context.Context) ([]Model, error)
	// Resolve finds the client for a ref; an apperr NotFound when this
	// device has no such model.
	Resolve(ctx context.Context, ref string) (Resolved, error)
}

// Workspace is a workspace offered as a model.
type Workspace struct {
	ID        string
	Name      string
	CreatedAt int64 // Unix ms
}

// Source is a passage a workspace's documents gave an answer.
type Source struct {
	DocumentID   string
	DocumentName string
	ChunkID      int64
	Page         int
	Text         string
}

// Prepared is a request assembled the way a chat in the workspace would be.
type Prepared struct {
	Resolved
	Request llm.ChatRequest // with the workspace's system prompt, sources and parameters
	Sources []Source        // numbered [1], [2]… in the prompt
}

// Workspaces is what the server needs of the workspace and chat domains.
type Workspaces interface {
	// List returns the live, unarchived workspaces.
	List(ctx context.Context) ([]Workspace, error)
	// Prepare assembles a request in a workspace for a conversation the
	// client sends whole; system is the client's own system text.
	Prepare(ctx context.Context, workspaceID, system string, msgs []llm.Message) (Prepared, error)
	// Record keeps an answered request as a chat of the workspace.
	Record(ctx context.Context, workspaceID string, t Turn) error
}

// Turn is an answered request to a workspace, to keep as a chat.
type Turn struct {
	ModelRef  string
	Question  string // the last user message
	Answer    string
	TokensIn  int
	TokensOut int
	Estimated bool
	Sources   []Source
}

// Deps are the collaborators of Service.
type Deps struct {
	DB         *store.DB
	Models     Models
	Workspaces Workspaces
	Log        *slog.Logger
	Limits     Limits
	Usage      Usage // nil: calls are not recorded for usage, no budgets
	// Now is the clock (tests); nil is time.Now.
	Now func() time.Time
}

// Limits bound what one client can take. Zero fields take the defaults.
type Limits struct {
	MaxBody      int64         // request body bytes (413 past it); default 4 MiB
	MaxStreams   int           // chat completions at once (429 past it); default 32
	WriteTimeout time.Duration // one write to a client (a stalled reader is dropped); default 30 s
}

func (l Limits) withDefaults() Limits {
	if l.MaxBody <= 0 {
		l.MaxBody = 4 << 20
	}
	if l.MaxStreams <= 0 {
		l.MaxStreams = 32
	}
	if l.WriteTimeout <= 0 {
		l.WriteTimeout = 30 * time.Second
	}
	return l
}

// UsageCall is a model call the API made, for the usage record.
type UsageCall struct {
	WorkspaceID  string // '' for a bare model
	ModelRef     string
	Embedding    bool
	InputTokens  int
	OutputTokens int
	CachedTokens int
	Estimated    bool
	DurationMs   int64
}

// Usage records the API's model calls and holds the monthly budgets (the
// usage domain).
type Usage interface {
	Record(ctx context.Context, c UsageCall) error
	// Allow returns the error to answer when the workspace's or the app's
	// hard budget for this month is reached (a local model, free, is let
	// through; modelRef is empty for a workspace, whose model is not known
	// yet).
	Allow(ctx context.Context, workspaceID, modelRef string) error
}
