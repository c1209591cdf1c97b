package main

import (
	"context"
	"time"

	"bookbag/backend/backup"
	"bookbag/backend/models"
	"bookbag/backend/rag"
)

// The adapters between backups and the domains whose data a backup's
// manifest describes, and the swap of a staged restore at start.

// backupProviders names the providers that need an API key (never the key).
type backupProviders struct{ models *models.Service }

func (b backupProviders) NeedKeys(ctx context.Context) ([]backup.ProviderKey, error) {
	ps, err := b.models.ProvidersNeedingKeys(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]backup.ProviderKey, 0, len(ps))
	for _, p := range ps {
		out = append(out, backup.ProviderKey{ID: p.ID, Name: p.Name, Preset: p.Preset, KeyEnv: p.KeyEnv})
	}
	return out, nil
}

// backupEmbeddings lists the embedding models of the stored vectors.
type backupEmbeddings struct{ docs *rag.Service }

func (b backupEmbeddings) InUse(ctx context.Context) ([]backup.EmbeddingUse, error) {
	us, err := b.docs.EmbeddingsInUse(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]backup.EmbeddingUse, 0, len(us))
	for _, u := range us {
		out = append(out, backup.EmbeddingUse{WorkspaceID: u.WorkspaceID, Ref: u.Ref, Dimensions: u.Dimensions, Chunks: u.Chunks})
	}
	return out, nil
}

// applyPendingRestore swaps a staged restore in before the log or the
// database opens a file in the data dir; what happened is logged once the
// log is open (logSwap).
func applyPendingRestore(dataDir string) (backup.Swap, error) {
	return backup.ApplyPending(dataDir, time.Now())
}

func (a *App) logSwap(sw backup.Swap, err error) {
	switch {
	case err != nil:
		a.log.Error("apply the pending restore", "err", err)
	case sw.Applied:
		a.log.Info("restored a backup", "source", sw.Source, "previousDataKeptAt", sw.AsideDir)
	}
}

// newBackups builds the backup service; without a database (the recovery
// screen) it can still restore.
func (a *App) newBackups() *backup.Service {
	d := backup.Deps{DB: a.db, DataDir: a.dataDir, AppVersion: version, Events: a.events, Log: a.log.With("domain", "backup")}
	if a.openErr == nil && a.models != nil && a.documents != nil {
		d.Providers, d.Embeddings = backupProviders{a.models}, backupEmbeddings{a.documents}
	} else {
		d.DB = nil
	}
	return backup.NewService(d)
}
