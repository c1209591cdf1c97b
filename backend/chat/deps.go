package chat

import (
	"context"
	"encoding/json"
	"os"
	"time"

	"bookbag/backend/blob"
	"bookbag/backend/llm"
	"bookbag/backend/sqlkit"
	"bookbag/backend/store"
)

// Model is a resolved model ref: a client to call and what the model can do.
type Model struct {
	Ref           string
	Name          string
	ProviderName  string
	Preset        string
	Client        llm.Provider
	ContextLength int
	Vision        bool
	Thinking      bool
	Tools         bool // the model list says it can call tools
}

// Profile is a parameter profile's effect on a run.
type Profile struct {
	Params       llm.Params
	ContextSet   bool // Params.ContextLength came from the profile
	SystemPrompt string
}

// WorkspaceDefaults are the workspace settings a run reads.
type WorkspaceDefaults struct {
	AllowedModelRefs []string // empty: every model is allowed
	DefaultModelRef  string
	DefaultProfileID string
	SystemPrompt     string
	UseDocuments     bool
}

// Resolver answers what a run needs from the models and workspace domains.
type Resolver interface {
	Model(ctx context.Context, ref string) (Model, error)
	Profile(ctx context.Context, id string) (Profile, error)
	Workspace(ctx context.Context, id string) (WorkspaceDefaults, error)
	DefaultModelRef(ctx context.Context) (string, error)
}

// Source is one passage a Retriever found for a question.
type Source struct {
	DocumentID   string
	DocumentName string
	Page         int
	ChunkID      int64
	Text         string
	Score        float64
}

// RetrieveRequest is one question's retrieval.
type RetrieveRequest struct {
	WorkspaceID string
	ChatID      string
	Query       string
	// WorkspaceDocs false leaves the workspace's documents out (its "use
	// documents" is off); the chat's own are searched either way.
	WorkspaceDocs bool
	// Model is the turn's model: re-ranking asks it when the workspace
	// allows re-ranking (the retriever reads that setting).
	Model Model
	// Window is the context the answer asks the model for (0: the model's
	// own): a re-ranking call asks for the same, so Ollama keeps the model
	// loaded as it is.
	Window int
}

// Retrieval is what a Retriever found, and how re-ranking went (nil when
// the workspace does not re-rank).
type Retrieval struct {
	Sources []Source
	Rerank  *Rerank
}

// Rerank is the cost of one re-ranking call, and why the keyword order
// was kept when it was.
type Rerank struct {
	Model        string
	InputTokens  int
	OutputTokens int
	Estimated    bool // the provider gave no token counts
	DurationMs   int64
	Fallback     string // "" when the model's order was used
}

// Retriever finds passages of a workspace's (and a chat's) documents for a
// question. A nil Retriever means no retrieval.
type Retriever interface {
	Retrieve(ctx context.Context, r RetrieveRequest) (Retrieval, error)
}

// Blobs stores attachment bytes content-addressed (backend/blob.Store).
type Blobs interface {
	PutBytes(ctx context.Context, b []byte) (blob.Ref, error)
	PutFile(ctx context.Context, path string) (blob.Ref, error)
	Open(sha256 string) (*os.File, error)
	Has(sha256 string) (bool, error)
	// Delete removes a file (images an import stored before it failed).
	Delete(sha256 string) error
}

// Workspaces answers what chats need of the workspace domain.
type Workspaces interface {
	// Live reports whether a workspace exists and is not deleted, in the
	// caller's transaction or snapshot q.
	Live(ctx context.Context, q sqlkit.Queryer, workspaceID string) (bool, error)
	// Deleted lists deleted workspaces (their chats leave search at once).
	Deleted(ctx context.Context) ([]string, error)
}

// ChatDocuments moves a chat's documents with the chat (the documents
// domain), inside the caller's transaction.
type ChatDocuments interface {
	MoveChatDocuments(ctx context.Context, tx *store.Tx, chatID, workspaceID string) error
}

// ToolSpec is a tool a model may call in a turn, under the name it sees.
type ToolSpec struct {
	ModelName   string
	ServerID    string
	Server      string
	Tool        string
	Title       string
	Description string
	Schema      json.RawMessage
	ReadOnly    bool
	Destructive bool
}

// ToolRun is one call a model made, to decide and run.
type ToolRun struct {
	WorkspaceID string
	ChatID      string
	MessageID   string // the tool_call message
	Spec        ToolSpec
	Arguments   json.RawMessage
}

// ToolOutcome is how a call ended: the result (or why there is none) in
// the words the model gets.
type ToolOutcome struct {
	Text      string
	IsError   bool
	Arguments json.RawMessage // what it ran with (the user may have edited them)
	Decision  string
	Ran       bool
	// Images the result held (Text names them in words): stored on the
	// tool_output message, and given to a model with vision.
	Images []llm.Image
}

// HookResult is one plugin's answer at a hook point.
type HookResult struct {
	Server string
	Text   *string // a rewrite
	Refuse string
	Note   string
	Error  string // the hook failed and was skipped
}

// Hook points.
const (
	HookBeforeSend  = "bookbag_before_send"
	HookAfterAnswer = "bookbag_after_answer"
)

// Tools is what a turn needs of the tools domain. Nil: no tools, no plugins.
type Tools interface {
	// Offer lists the tools of the workspace a model may call, without
	// those the chat switched off; servers that could not answer come
	// back by name with the reason.
	Offer(ctx context.Context, workspaceID string, off []string) ([]ToolSpec, map[string]string, error)
	// Run decides (asking the user when nothing else allows it), runs and
	// records one call. It returns early only when ctx ends.
	Run(ctx context.Context, r ToolRun) ToolOutcome
	// Hooks runs the workspace's plugins at a hook point.
	Hooks(ctx context.Context, workspaceID, point string, args map[string]any) []HookResult
}

// Kinds of model call a turn makes, for the usage record.
const (
	CallChat   = "chat"   // the first call of an answer
	CallTool   = "tool"   // a call after tool results, in the same answer
	CallTitle  = "title"  // a chat's title
	CallRerank = "rerank" // the turn's model re-ranking its sources
)

// ModelCall is one model call, for the usage record.
type ModelCall struct {
	WorkspaceID  string
	ModelRef     string
	Kind         string // CallChat, CallTool, CallTitle, CallRerank
	InputTokens  int
	OutputTokens int
	CachedTokens int
	Estimated    bool // the provider gave no counts
	Duration     time.Duration
}

// Usage records every model call and holds the monthly budgets (the usage
// domain). Nil: nothing is recorded and nothing refused.
type Usage interface {
	Record(ctx context.Context, c ModelCall) error
	// Allow returns the error to show when the workspace's or the app's
	// hard budget for this month is reached (a local model, free, is let
	// through).
	Allow(ctx context.Context, workspaceID, modelRef string) error
}
