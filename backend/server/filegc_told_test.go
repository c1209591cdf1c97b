package server_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sync"
	"testing"
	"time"

	"bookbag/backend/server"
	"bookbag/backend/server/servertest"
)

// A sweep freeing a workspace's long-unnamed files while a member asks
// which files are missing: a file the member is told is there must still be
// there when the sweep ends (the member will push a row naming it, and
// nobody uploads it again). The sweep lists the workspace's files first
// and frees them one by one; on PostgreSQL a /files/missing clearing a
// file's mark in between used to be overruled by the DELETE that followed
// (on SQLite the single writer orders them).
func TestSweepKeepsFilesAClientWasToldAreThere(t *testing.T) {
	servertest.ForEach(t, func(t *testing.T, b servertest.Backend) {
		o := newOffice(t, b, func(c *server.Config) { c.AccessTTL = 10000 * time.Hour })
		ctx := context.Background()
		w := o.env.DB.Writer()
		const N = 400
		for round := 0; round < 2; round++ {
			// Rows straight into the tables: N files marked unnamed long ago,
			// so one sweep frees them all (uploading 800 files would take
			// the test's time for nothing).
			now := o.env.Clock.Now()
			old := now.Add(-48 * time.Hour).UnixMilli()
			sums := make([]string, N)
			for i := range sums {
				s := sha256.Sum256([]byte(fmt.Sprintf("file %d %d", round, i)))
				sums[i] = hex.EncodeToString(s[:])
				if _, err := w.ExecContext(ctx, `INSERT INTO blobs (sha256, size, created_at) VALUES ($1, 1, $2)`, sums[i], old); err != nil {
					t.Fatal(err)
				}
				if _, err := w.ExecContext(ctx, `INSERT INTO blob_chunks (sha256, idx, data) VALUES ($1, 0, $2)`, sums[i], []byte("x")); err != nil {
					t.Fatal(err)
				}
				if _, err := w.ExecContext(ctx, `INSERT INTO file_refs (workspace_id, sha256, size, created_by, created_at, orphaned_at)
					VALUES ('ws', $1, 1, $2, $3, $3)`, sums[i], o.aliceID, old); err != nil {
					t.Fatal(err)
				}
			}
			// The member asks about the last files the sweep reaches while
			// it runs, again and again until it is done.
			asked := sums[N/2:]
			var (
				wg    sync.WaitGroup
				mu    sync.Mutex
				told  = map[string]bool{}
				swept = make(chan struct{})
			)
			wg.Add(2)
			go func() {
				defer wg.Done()
				defer close(swept)
				if _, err := o.env.Server.CollectFiles(ctx); err != nil {
					t.Error(err)
				}
			}()
			go func() {
				defer wg.Done()
				for {
					select {
					case <-swept:
						return
					default:
					}
					missing, err := o.alice.MissingFiles(ctx, "ws", asked)
					if err != nil {
						t.Error(err)
						return
					}
					gone := map[string]bool{}
					for _, m := range missing {
						gone[m] = true
					}
					mu.Lock()
					for _, s := range asked {
						if !gone[s] {
							told[s] = true
						}
					}
					mu.Unlock()
				}
			}()
			wg.Wait()
			lost := 0
			for s := range told {
				var n int
				if err := o.env.DB.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM file_refs WHERE workspace_id = 'ws' AND sha256 = $1`, s).Scan(&n); err != nil {
					t.Fatal(err)
				}
				if n == 0 {
					lost++
				}
			}
			if lost > 0 {
				t.Fatalf("round %d: %d of the %d files the client was told are there were freed", round, lost, len(told))
			}
			t.Logf("round %d: told %d files are there", round, len(told))
		}
	})
}
