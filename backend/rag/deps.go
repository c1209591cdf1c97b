package rag

import (
	"context"
	"time"

	"bookbag/backend/rag/related"
	"bookbag/backend/sqlkit"
)

// Workspaces answers what documents need of the workspace domain.
type Workspaces interface {
	// Live reports whether a workspace exists and is not deleted.
	Live(ctx context.Context, q sqlkit.Queryer, workspaceID string) (bool, error)
}

// Chats answers what documents need of the chat domain.
type Chats interface {
	// ChatIn reports whether a live chat is in the workspace.
	ChatIn(ctx context.Context, q sqlkit.Queryer, chatID, workspaceID string) (bool, error)
	// DeletedChats returns which of the chats are deleted.
	DeletedChats(ctx context.Context, q sqlkit.Queryer, ids []string) ([]string, error)
}

// Asker is a chat model re-ranking may ask (the chat's model, through
// wiring.go; a model of the eval tool's choice there): one prompt in, the
// whole reply out. It must return when ctx ends.
type Asker interface {
	Ask(ctx context.Context, system, prompt string) (AskReply, error)
}

// AskReply is a model's whole answer and what it cost.
type AskReply struct {
	Text         string
	Model        string // as shown to the user
	InputTokens  int    // the provider's count, or an estimate
	OutputTokens int
	Estimated    bool // the provider gave no counts
}

// Usage records embedding calls (the usage domain). Providers report no
// token counts for embeddings here, so tokens are estimated.
type Usage interface {
	RecordEmbedding(ctx context.Context, workspaceID, ref string, estimatedTokens int, took time.Duration) error
	// Allow refuses a call, in words the user can act on, when a hard
	// monthly budget is reached (a local model is never refused).
	Allow(ctx context.Context, workspaceID, ref string) error
}

// allowEmbedding asks the budget before embedding. It is asked once per
// document, not per batch: a document is embedded whole or, refused, kept
// for keyword search to be embedded again later; a reached budget does not
// stop one halfway (its few cents are recorded and count).
func (s *Service) allowEmbedding(ctx context.Context, workspaceID, ref string) error {
	if s.usage == nil {
		return nil
	}
	return s.usage.Allow(ctx, workspaceID, ref)
}

// recordEmbedding records one embedding call; a failure is logged, the
// ingest or search goes on.
func (s *Service) recordEmbedding(ctx context.Context, workspaceID, ref string, texts []string, took time.Duration) {
	if s.usage == nil {
		return
	}
	tokens := 0
	for _, t := range texts {
		tokens += estimateTokens(t)
	}
	if err := s.usage.RecordEmbedding(context.WithoutCancel(ctx), workspaceID, ref, tokens, took); err != nil {
		s.log.Warn("record usage", "model", ref, "err", err)
	}
}

// RelatedWords says which words are near a word in meaning, best first
// (related.Table, the table built into the app).
type RelatedWords interface {
	Near(word string) []related.Near
}
