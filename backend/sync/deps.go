package sync

import (
	"context"

	"bookbag/backend/sqlkit"
	"bookbag/backend/store"
	"bookbag/backend/syncproto"
)

// What sync needs of the domains whose rows it pulls. Rows themselves go
// through the store's row API (Tx.Apply); what a domain derives from them
// (chunks, the indexing queue) and rows a member may no longer see go
// through their owners, inside the pull's transaction where one is given.

// Documents is what sync needs from the documents domain.
type Documents interface {
	// Index indexes documents of a workspace that arrived by sync: their
	// file is in the blob store and their local status was set to pending.
	Index(ctx context.Context, workspaceID string, ids []string)
	// Forget is told which documents of a workspace lost their chunks to sync
	// (remote deletes, chats no longer shared), so in-memory indexes can drop
	// them.
	Forget(ctx context.Context, workspaceID string, ids []string)
	// PublishEmbeddings names, in the rows of a workspace about to be shared,
	// the vectors its documents already have, so members embedding with the
	// same model reuse them.
	PublishEmbeddings(ctx context.Context, workspaceID string) error
	// Reembed is told that a pulled settings change gave the workspace
	// another embedding model.
	Reembed(ctx context.Context, workspaceID string)

	// DropChunks removes a document's derived chunks.
	DropChunks(ctx context.Context, tx *store.Tx, docID string) error
	// VectorsFile is the file of shared vectors a document names ("" none).
	VectorsFile(ctx context.Context, q sqlkit.Queryer, docID string) (string, error)
	// ChatDocuments lists a chat's documents in a workspace.
	ChatDocuments(ctx context.Context, q sqlkit.Queryer, workspaceID, chatID string) ([]string, error)
	// ForgetDocuments hard-deletes documents with their chunks, unlogged.
	ForgetDocuments(ctx context.Context, tx *store.Tx, workspaceID string, ids []string) (int, error)
	// AwaitingFile lists documents in error with reason, by id with their
	// file's hash; QueueFetched sets them pending again.
	AwaitingFile(ctx context.Context, workspaceID, reason string) (map[string]string, error)
	QueueFetched(ctx context.Context, ids []string, reason string) error
}

// Chats is what sync needs from the chat domain: forgetting, unlogged, a
// chat (and its messages) or a message a member may no longer see.
type Chats interface {
	ForgetChat(ctx context.Context, tx *store.Tx, workspaceID, chatID string) (bool, error)
	ForgetMessage(ctx context.Context, tx *store.Tx, workspaceID, id string) (bool, error)
}

// Workspaces is what sync needs from the workspace domain.
type Workspaces interface {
	// EmbeddingModel is the workspace's embedding model ref as it is in q.
	EmbeddingModel(ctx context.Context, q sqlkit.Queryer, workspaceID string) (string, error)
	// KeepSettingsRow makes id the workspace's only settings row and
	// returns the id of the row it removed ("" for none).
	KeepSettingsRow(ctx context.Context, tx *store.Tx, workspaceID, id string) (string, error)
}

// Usage is what sync needs from the record of model calls: the calls made
// in a shared workspace that the server does not have yet, and marking them
// sent once it answered. Marking after the answer means a crash in between
// sends them again, which the server counts once (event ids).
type Usage interface {
	PendingUsage(ctx context.Context, workspaceID string, limit int) ([]syncproto.UsageEvent, error)
	MarkUsageSent(ctx context.Context, ids []string) error
}
