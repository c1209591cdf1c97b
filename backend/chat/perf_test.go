package chat

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"bookbag/backend/store"
	"bookbag/cmd/bookbag-gen/gen"
)

// Benchmarks on generated data (cmd/bookbag-gen). Commands and numbers are
// in docs/perf/chat.md. The 1M-message search runs only on a data dir made
// beforehand and named by BOOKBAG_BENCH_DATA:
//
//	go run ./cmd/bookbag-gen -data /tmp/bb1m -workspaces 3 -messages 1000000 -long 5000
//	BOOKBAG_BENCH_DATA=/tmp/bb1m go test -run '^$' -bench Search1M ./backend/chat/

// timings runs f n times and reports the distribution as benchmark metrics.
func timings(b *testing.B, n int, f func(i int)) []time.Duration {
	ds := make([]time.Duration, 0, n)
	for i := 0; i < n; i++ {
		t0 := time.Now()
		f(i)
		ds = append(ds, time.Since(t0))
	}
	return ds
}

func reportDist(b *testing.B, prefix string, ds []time.Duration) {
	ms := func(d time.Duration) float64 { return float64(d) / 1e6 }
	b.ReportMetric(ms(percentile(ds, 0.5)), prefix+"p50-ms")
	b.ReportMetric(ms(percentile(ds, 0.9)), prefix+"p90-ms")
	b.ReportMetric(ms(percentile(ds, 0.99)), prefix+"p99-ms")
	b.ReportMetric(ms(percentile(ds, 1)), prefix+"max-ms")
}

// BenchmarkViewChat5000 opens the newest page (50, as the UI asks) of a chat
// of 5,000 messages in a data dir of 50,000.
func BenchmarkViewChat5000(b *testing.B) {
	ctx := context.Background()
	db, err := store.Open(ctx, b.TempDir(), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	st, err := gen.Generate(ctx, db, gen.Options{Workspaces: 1, Messages: 45000, LongChat: 5000, Branches: 0.05})
	if err != nil {
		b.Fatal(err)
	}
	svc := NewService(Deps{DB: db})
	defer svc.Close()
	b.ResetTimer()
	var all []time.Duration
	for i := 0; i < b.N; i++ {
		all = append(all, timings(b, 50, func(int) {
			v, err := svc.ViewChat(ctx, st.LongChatID, 50, "")
			if err != nil || len(v.Messages) != 50 {
				b.Fatal(err)
			}
		})...)
	}
	reportDist(b, "", all)
}

// BenchmarkSearch1M runs 200 multi-term queries (Zipfian word frequencies,
// gen.Queries) over a generated data dir, as the UI sends them: while typing
// (the last word a prefix) and once complete (trailing space).
func BenchmarkSearch1M(b *testing.B) {
	dir := os.Getenv("BOOKBAG_BENCH_DATA")
	if dir == "" {
		b.Skip("set BOOKBAG_BENCH_DATA to a data dir made by bookbag-gen")
	}
	ctx := context.Background()
	db, err := store.Open(ctx, dir, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	svc := NewService(Deps{DB: db})
	defer svc.Close()
	qs := gen.Queries(gen.NewVocab(1, 5000), 1, 200)
	var typing, done []time.Duration
	hits := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, q := range qs {
			for _, form := range []string{q, q + " "} {
				t0 := time.Now()
				res, err := svc.Search(ctx, SearchQuery{Query: form})
				d := time.Since(t0)
				if err != nil {
					b.Fatal(err)
				}
				hits += len(res)
				if strings.HasSuffix(form, " ") {
					done = append(done, d)
				} else {
					typing = append(typing, d)
				}
			}
		}
	}
	reportDist(b, "complete-", done)
	reportDist(b, "typing-", typing)
	b.ReportMetric(float64(hits)/float64(len(done)+len(typing)), "hits/query")
}
