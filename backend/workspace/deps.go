package workspace

import (
	"context"

	"bookbag/backend/sqlkit"
	"bookbag/backend/store"
)

// Indexer is what the workspace needs from the documents domain: embed the
// workspace's chunks again after its embedding model changed, re-index every
// document after its chunk settings changed, and forget what is kept in memory
// (loaded vectors, keyword statistics) after rows were removed behind its back.
type Indexer interface {
	Reembed(ctx context.Context, workspaceID string) error
	ReindexAll(ctx context.Context, workspaceID string) (int, error)
	Forget(workspaceID string)
}

// Answers are the answers being generated (the chat domain): a deleted
// workspace's stop at once, keeping what they wrote, so that no model is
// called for it any more and nothing is written into it once purged.
type Answers interface {
	StopWorkspace(workspaceID string) int
}

// LastUsed remembers the open workspace on this device (settings.Store).
type LastUsed interface {
	SetLastWorkspace(ctx context.Context, id string) error
}

// Profiles answers what workspace settings need of the models domain.
type Profiles interface {
	// ProfileScope returns the workspace a live parameter profile belongs
	// to ("" for a personal one); ok is false when there is no such profile.
	ProfileScope(ctx context.Context, q sqlkit.Queryer, id string) (workspaceID string, ok bool, err error)
}

// ContentCounts are what a workspace holds in the chat and documents domains.
type ContentCounts struct {
	Chats, Messages, Documents, Chunks int
}

// Contents reads what a workspace holds in other domains, for its overview
// and its settings, in the caller's snapshot q.
type Contents interface {
	Counts(ctx context.Context, q sqlkit.Queryer, workspaceID string) (ContentCounts, error)
	// Files are the stored files the workspace's live rows name (documents'
	// files, chats' images), by hash with their size.
	Files(ctx context.Context, q sqlkit.Queryer, workspaceID string) (map[string]int64, error)
	// Usage is the tokens of answers since a time, per model (most used
	// first) and per day (days entries, the first starting at since).
	Usage(ctx context.Context, q sqlkit.Queryer, workspaceID string, since, dayMs int64, days int) ([]ModelUsage, []int64, error)
}

// A Part is one domain's rows in a workspace (documents, chats, profiles
// and templates, tools, the unpushed change log). When a deleted workspace is
// finished, each part is asked in order, inside one transaction, to purge
// its rows (never shared) or to turn them into tombstones (shared).
type Part interface {
	Name() string
	// Purge hard-deletes the part's rows of the workspace and returns the
	// stored files they named.
	Purge(ctx context.Context, tx *store.Tx, workspaceID string) ([]string, error)
	// Tombstone turns its live rows into tombstones (each change logged so
	// the delete travels) and drops what is derived; n counts rows changed.
	Tombstone(ctx context.Context, tx *store.Tx, workspaceID string) (files []string, n int, err error)
}
