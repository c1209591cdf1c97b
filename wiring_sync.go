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

// buildSync creates the sync service (called from buildServices).
func (a *App) buildSync(blobs *blob.Store, keychain secrets.Store) {
	a.syncer = syncsvc.NewService(syncsvc.Deps{DB: a.db, Blobs: blobs, Secrets: keychain, Events: a.events,
		Documents: syncDocuments{a.documents}, Log: a.log.With("domain", "sync")})
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
