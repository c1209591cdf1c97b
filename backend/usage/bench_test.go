package usage

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"testing"
	"time"

	"bookbag/backend/store"
)

// benchCalls is how many calls the Usage page's queries run over.
const benchCalls = 1_000_000

// seedCalls writes n calls over the year before end: 8 workspaces, 12
// models (a third local, one without a price), priced like Record does,
// through the same insert as Record in a few large transactions.
func seedCalls(b *testing.B, svc *Service, end time.Time, n int) {
	ctx := context.Background()
	if err := svc.Start(ctx); err != nil {
		b.Fatal(err)
	}
	prices, err := svc.loadPrices(ctx)
	if err != nil {
		b.Fatal(err)
	}
	models := []string{"openai:gpt-4o", "openai:gpt-4o-mini", "openai:gpt-4.1", "anthropic:claude-sonnet-4-5",
		"anthropic:claude-haiku-4-5", "xai:grok-4", "mistral:mistral-large", "openai:text-embedding-3-small",
		"ollama:llama3.2", "ollama:qwen3:8b", "ollama:nomic-embed-text", "lmstudio:gemma-3"}
	sources := []string{SourceChat, SourceChat, SourceTool, SourceTitle, SourceEmbedding, SourceAPI}
	rng := rand.New(rand.NewPCG(1, 2))
	span := int64(365 * 24 * time.Hour / time.Millisecond)
	const perTx = 50_000
	for done := 0; done < n; done += perTx {
		err := svc.db.Tx(ctx, func(tx *store.Tx) error {
			for i := done; i < min(done+perTx, n); i++ {
				ref := models[rng.IntN(len(models))]
				r := Recorded{ID: fmt.Sprintf("bench-%07d", i), At: end.UnixMilli() - rng.Int64N(span),
					WorkspaceID: fmt.Sprintf("ws%d", rng.IntN(8)), ModelRef: ref, Provider: ref[:3], Source: sources[rng.IntN(len(sources))],
					InputTokens: rng.Int64N(4000), OutputTokens: rng.Int64N(800), DurationMs: rng.Int64N(5000)}
				r.Local = isLocal(ref[:stringsIndex(ref, ':')])
				if p, ok := priceFor(prices, ref, r.At); ok && !r.Local {
					r.Priced, r.PriceInput, r.PriceOutput, r.PriceCached = true, p.InputMicros, p.OutputMicros, p.CachedMicros
					r.CostMicros = cost(r)
				} else if r.Local {
					r.Priced = true
				}
				if err := insertCall(ctx, tx, r); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

func stringsIndex(s string, c byte) int {
	for i := range len(s) {
		if s[i] == c {
			return i
		}
	}
	return len(s)
}

// BenchmarkUsagePage runs the queries the Usage page makes when it opens
// (a summary, the first page of calls, the budget status) over 1M calls in
// a real SQLite file, and reports their p50 per query.
//
//	go test ./backend/usage -run '^$' -bench UsagePage -benchtime 20x
func BenchmarkUsagePage(b *testing.B) {
	ctx := context.Background()
	db, err := store.Open(ctx, b.TempDir(), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	kolkata, _ := time.LoadLocation("Asia/Kolkata")
	end := time.Date(2026, 12, 6, 18, 0, 0, 0, kolkata)
	svc := NewService(Deps{DB: db, Location: kolkata, Now: func() time.Time { return end }, WarmAfter: -1})
	start := time.Now()
	seedCalls(b, svc, end, benchCalls)
	b.Logf("seeded %d calls in %s", benchCalls, time.Since(start).Round(time.Millisecond))
	var rollup int
	db.R.QueryRow(`SELECT count(*) FROM usage_rollup`).Scan(&rollup)
	b.Logf("rollup rows: %d", rollup)

	last30 := Range{From: end.AddDate(0, 0, -29).Format(time.DateOnly), To: end.Format(time.DateOnly), TZ: "Asia/Kolkata"}
	year := Range{From: end.AddDate(0, 0, -364).Format(time.DateOnly), To: end.Format(time.DateOnly), TZ: "America/New_York"}
	queries := []struct {
		name string
		run  func() error
	}{
		{"summary-30d", func() error { _, err := svc.Summarize(ctx, last30); return err }},
		{"summary-30d-ws", func() error { r := last30; r.WorkspaceID = "ws3"; _, err := svc.Summarize(ctx, r); return err }},
		{"summary-30d-model", func() error { r := last30; r.Model = "openai:gpt-4o"; _, err := svc.Summarize(ctx, r); return err }},
		{"summary-365d", func() error { _, err := svc.Summarize(ctx, year); return err }},
		{"summary-365d-model", func() error { r := year; r.Model = "openai:gpt-4o"; _, err := svc.Summarize(ctx, r); return err }},
		{"calls-page", func() error { _, err := svc.Calls(ctx, CallQuery{Range: last30, Limit: 100}); return err }},
		{"budget-status", func() error { _, err := svc.Status(ctx, "ws3"); return err }},
	}
	for _, q := range queries {
		b.Run(q.name, func(b *testing.B) {
			var times []time.Duration
			for b.Loop() {
				t := time.Now()
				if err := q.run(); err != nil {
					b.Fatal(err)
				}
				times = append(times, time.Since(t))
			}
			sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
			b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
		})
	}
}
