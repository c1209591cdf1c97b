package main

import (
	"context"

	"bookbag/backend/blob"
	"bookbag/backend/rag"
	"bookbag/backend/secrets"
	syncsvc "bookbag/backend/sync"
)

// Sync wiring (issue 8): the sync service shares workspaces with a BookBag
// server. It needs the store, the blob store (document files travel
// content-addressed), the keychain (refresh tokens) and the documents domain
// (documents that arrive are indexed here).

// syncDocuments lets sync tell the documents domain about pulled documents.
type syncDocuments struct{ docs *rag.DocumentService }

// Index: pulled documents are already pending with their file stored; the
// queue picks them up.
func (d syncDocuments) Index(_ context.Context, workspaceID string, _ []string) {
	d.docs.ForgetWorkspace(workspaceID)
}

// Forget: sync removed chunks (remote deletes, unshared chats): drop the
// in-memory vectors and keyword statistics of the workspace.
func (d syncDocuments) Forget(_ context.Context, workspaceID string, _ []string) {
	d.docs.ForgetWorkspace(workspaceID)
}

// PublishEmbeddings: a workspace becoming shared names its documents'
// vectors for the members.
func (d syncDocuments) PublishEmbeddings(ctx context.Context, workspaceID string) error {
	return d.docs.PublishEmbeddings(ctx, workspaceID)
}

// Reembed: a pulled settings change chose another embedding model.
func (d syncDocuments) Reembed(ctx context.Context, workspaceID string) {
	d.docs.Reembed(ctx, workspaceID)
}

// buildSync creates the sync service (called from buildServices).
func (a *App) buildSync(blobs *blob.Store, keychain secrets.Store) {
	a.syncer = syncsvc.NewService(syncsvc.Deps{DB: a.db, Blobs: blobs, Secrets: keychain, Events: a.events,
		Documents: syncDocuments{a.documents}, Log: a.log.With("domain", "sync")})
}

// workspaceShared tells the documents domain which workspaces are shared
// (their documents' vectors are published for the members).
func (a *App) workspaceShared(_ context.Context, workspaceID string) bool {
	return a.syncer != nil && a.syncer.Linked(workspaceID)
}

// sharedRole is the user's role in a shared workspace ("" when not shared).
func (a *App) sharedRole(workspaceID string) string {
	if a.syncer == nil {
		return ""
	}
	return a.syncer.Role(workspaceID)
}

// startSync loads the linked workspaces and starts their loops (startup).
func (a *App) startSync() {
	if a.syncer == nil || a.flags.Smoke {
		return
	}
	if err := a.syncer.Start(a.ctx); err != nil {
		a.log.Warn("start sync", "err", err)
	}
}

// closeSync stops the loops (shutdown, close); safe to call twice.
func (a *App) closeSync() {
	if a.syncer != nil {
		a.syncer.Close()
	}
}
