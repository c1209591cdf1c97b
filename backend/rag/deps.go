package rag

import (
	"context"

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
