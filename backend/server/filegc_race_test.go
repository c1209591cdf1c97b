package server_test

import (
	"bytes"
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

// Sweeps running at once, while another workspace uploads the very files
// one sweep frees: every upload ends with its whole file stored (no
// reference is left without its bytes) and nothing deadlocks or fails. On
// SQLite the single writer orders them; on PostgreSQL the blob lock does
// (the foreign keys from file_refs and blob_chunks to blobs stand behind
// it: without the lock this test still passes, a sweep meeting an upload
// would fail on them rather than lose bytes).
func TestSweepRacesUploads(t *testing.T) {
	servertest.ForEach(t, func(t *testing.T, b servertest.Backend) {
		o := newOffice(t, b, func(c *server.Config) { c.AccessTTL = 10000 * time.Hour })
		ctx := context.Background()
		const N = 20
		for round := 0; round < 4; round++ {
			type pair struct {
				a, b string
				data []byte
				sum  string
			}
			var ps []pair
			for i := 0; i < N; i++ {
				p := pair{a: fmt.Sprintf("a-%d-%d", round, i), b: fmt.Sprintf("b-%d-%d", round, i)}
				p.data = bytes.Repeat([]byte(fmt.Sprintf("payload %d %d ", round, i)), 100000) // >1 chunk
				s := sha256.Sum256(p.data)
				p.sum = hex.EncodeToString(s[:])
				o.env.Workspace(p.a, o.admin, nil)
				o.env.Workspace(p.b, o.admin, nil)
				if _, err := o.admin.UploadFile(ctx, p.a, p.sum, bytes.NewReader(p.data), int64(len(p.data))); err != nil {
					t.Fatal(err)
				}
				ps = append(ps, p)
			}
			// Workspace a never names its upload: marked now, freed below.
			if _, err := o.env.Server.CollectFiles(ctx); err != nil {
				t.Fatal(err)
			}
			o.env.Clock.Advance(25 * time.Hour)
			var wg sync.WaitGroup
			errs := make(chan error, 3*N)
			for k := 0; k < 2; k++ { // two sweepers at once
				wg.Add(1)
				go func() {
					defer wg.Done()
					if _, err := o.env.Server.CollectFiles(ctx); err != nil {
						errs <- err
					}
				}()
			}
			for _, p := range ps {
				wg.Add(1)
				go func(p pair) {
					defer wg.Done()
					if _, err := o.admin.UploadFile(ctx, p.b, p.sum, bytes.NewReader(p.data), int64(len(p.data))); err != nil {
						errs <- err
					}
				}(p)
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Error(err)
			}
			for _, p := range ps {
				var buf bytes.Buffer
				if _, err := o.admin.DownloadFile(ctx, p.b, p.sum, &buf); err != nil || !bytes.Equal(buf.Bytes(), p.data) {
					t.Errorf("round %d %s: download %v (%d bytes)", round, p.b, err, buf.Len())
				}
			}
			var bad int
			if err := o.env.DB.Reader().QueryRowContext(ctx, `SELECT count(*) FROM file_refs r WHERE r.size <> COALESCE((SELECT sum(length(data)) FROM blob_chunks c WHERE c.sha256 = r.sha256), 0)`).Scan(&bad); err != nil {
				t.Fatal(err)
			}
			if bad != 0 {
				t.Errorf("round %d: %d refs without their bytes", round, bad)
			}
		}
	})
}
