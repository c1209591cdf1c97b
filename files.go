package main

import (
	"context"
	"time"

	"bookbag/backend/blob"
)

// sweepDelay keeps the sweep of unnamed files out of the way of the first
// screen; it has nothing urgent to do.
const sweepDelay = 30 * time.Second

// sweepFilesLater waits d (or until ctx ends), then sweeps.
func (a *App) sweepFilesLater(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
		a.sweepFiles(ctx)
	}
}

// sweepFiles deletes the stored files a crash left with no row naming them
// (an import cut short between storing an image and committing its chat, a
// deletion whose file removal did not run). Only files written before this
// run started can go, so nothing a running job stored is touched.
func (a *App) sweepFiles(ctx context.Context) (blob.Swept, error) {
	f := filesInUse{a}
	got, err := a.blobs.Sweep(ctx, processStart, f.Named, f.InUse)
	if err != nil {
		a.log.Warn("sweep unnamed files", "err", err, "removed", got.Removed)
	} else if got.Removed > 0 || got.Temp > 0 {
		a.log.Info("swept unnamed files", "files", got.Files, "removed", got.Removed, "bytes", got.RemovedBytes, "temp", got.Temp)
	}
	return got, err
}
