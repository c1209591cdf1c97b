package server_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"bookbag/backend/server/servertest"
	"bookbag/backend/syncproto"
)

// BenchmarkUsageReport reads a 30-day server-wide report out of
// BOOKBAG_USAGE_EVENTS (default 100,000) events spread over a year, 20
// members, 5 workspaces and 8 models, in Asia/Kolkata:
//
//	BOOKBAG_USAGE_EVENTS=1000000 go test -run '^$' -bench BenchmarkUsageReport ./backend/server/
func BenchmarkUsageReport(b *testing.B) {
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("BOOKBAG_USAGE_EVENTS")); err == nil && v > 0 {
		n = v
	}
	for _, be := range servertest.Backends() {
		b.Run(be.Name, func(b *testing.B) {
			env := servertest.Start(b, be.Open(b))
			ctx := context.Background()
			end := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			tx, err := env.DB.Writer().BeginTx(ctx, nil)
			if err != nil {
				b.Fatal(err)
			}
			stmt, err := tx.PrepareContext(ctx, `INSERT INTO usage_events (workspace_id, id, user_id, at, model, source,
				input_tokens, output_tokens, cached_tokens, duration_ms, cost_micros, received_at)
				VALUES ($1, $2, $3, $4, $5, 'chat', $6, $7, 0, 900, $8, $4)`)
			if err != nil {
				b.Fatal(err)
			}
			rng := rand.New(rand.NewPCG(1, 2))
			year := int64(365 * 24 * time.Hour / time.Millisecond)
			for i := range n {
				at := end.UnixMilli() - rng.Int64N(year)
				if _, err := stmt.ExecContext(ctx, fmt.Sprintf("ws%d", i%5), fmt.Sprintf("e%d", i), fmt.Sprintf("user%d", i%20), at,
					fmt.Sprintf("provider/model-%d", i%8), rng.Int64N(4000), rng.Int64N(800), rng.Int64N(20000)); err != nil {
					b.Fatal(err)
				}
			}
			stmt.Close()
			if err := tx.Commit(); err != nil {
				b.Fatal(err)
			}
			q := syncproto.UsageQuery{From: end.AddDate(0, 0, -30).UnixMilli(), To: end.UnixMilli(), TZ: "Asia/Kolkata"}
			b.ResetTimer()
			for b.Loop() {
				rep, err := env.Server.UsageReport(ctx, q)
				if err != nil || len(rep.Rows) == 0 {
					b.Fatal(err)
				}
			}
		})
	}
}
