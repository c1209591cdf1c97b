package chat

import (
	"context"
	"os"
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

// timings runs f n times and returns how long each took.
func timings(n int, f func(i int)) []time.Duration {
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
		all = append(all, timings(50, func(int) {
			v, err := svc.ViewChat(ctx, st.LongChatID, 50, "")
			if err != nil || len(v.Messages) != 50 {
				b.Fatal(err)
			}
		})...)
	}
	reportDist(b, "", all)
}

// BenchmarkViewChat5000In1M opens the long chat of a generated data dir of
// a million messages (BOOKBAG_BENCH_DATA).
func BenchmarkViewChat5000In1M(b *testing.B) {
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
	var id string
	if err := db.R.QueryRowContext(ctx, `SELECT id FROM chats WHERE title LIKE 'Long chat (%' LIMIT 1`).Scan(&id); err != nil {
		b.Fatal(err)
	}
	svc := NewService(Deps{DB: db})
	defer svc.Close()
	b.ResetTimer()
	var all []time.Duration
	for i := 0; i < b.N; i++ {
		all = append(all, timings(50, func(int) {
			if _, err := svc.ViewChat(ctx, id, 50, ""); err != nil {
				b.Fatal(err)
			}
		})...)
	}
	reportDist(b, "", all)
}

// BenchmarkSearch1M runs 200 multi-term queries (Zipfian word frequencies,
// gen.Queries) over a generated data dir, as the UI sends them: in the
// current workspace (the search dialog's default) and in all, while typing
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
	var ws string
	if err := db.R.QueryRowContext(ctx, `SELECT id FROM workspaces WHERE is_default = 1`).Scan(&ws); err != nil {
		b.Fatal(err)
	}
	svc := NewService(Deps{DB: db})
	defer svc.Close()
	qs := gen.Queries(gen.NewVocab(1, 5000), 1, 200)
	ds := map[string][]time.Duration{}
	hits, n := 0, 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, q := range qs {
			for _, scope := range []string{"ws", "all"} {
				for _, form := range []string{"typing", "complete"} {
					sq := SearchQuery{Query: q}
					if scope == "ws" {
						sq.WorkspaceID = ws
					}
					if form == "complete" {
						sq.Query += " "
					}
					t0 := time.Now()
					res, err := svc.Search(ctx, sq)
					d := time.Since(t0)
					if err != nil {
						b.Fatal(err)
					}
					hits += len(res)
					n++
					ds[scope+"-"+form] = append(ds[scope+"-"+form], d)
				}
			}
		}
	}
	for k, v := range ds {
		ms := func(d time.Duration) float64 { return float64(d) / 1e6 }
		b.ReportMetric(ms(percentile(v, 0.5)), k+"-p50-ms")
		b.ReportMetric(ms(percentile(v, 0.9)), k+"-p90-ms")
		b.ReportMetric(ms(percentile(v, 0.99)), k+"-p99-ms")
	}
	b.ReportMetric(float64(hits)/float64(n), "hits/query")
}

// BenchmarkStartup100k times what the app does with the store when it starts
// on a data dir of 100,000 messages (store.Open with its last-stamp read,
// RecoverInterrupted, the sidebar's first page, the newest chat's first
// page), against the same on an empty data dir.
func BenchmarkStartup100k(b *testing.B) {
	ctx := context.Background()
	full, empty := b.TempDir(), b.TempDir()
	db, err := store.Open(ctx, full, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := gen.Generate(ctx, db, gen.Options{Workspaces: 2, Messages: 95000, LongChat: 5000, Branches: 0.05}); err != nil {
		b.Fatal(err)
	}
	db.Close()
	start := func(dir string) (open, first time.Duration) {
		t0 := time.Now()
		db, err := store.Open(ctx, dir, store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		open = time.Since(t0)
		svc := NewService(Deps{DB: db})
		defer svc.Close()
		if _, err := svc.RecoverInterrupted(ctx); err != nil {
			b.Fatal(err)
		}
		var ws string
		db.R.QueryRowContext(ctx, `SELECT id FROM workspaces ORDER BY is_default DESC LIMIT 1`).Scan(&ws)
		page, err := svc.ListChats(ctx, ListFilter{WorkspaceID: ws, Limit: 50})
		if err != nil {
			b.Fatal(err)
		}
		if len(page.Chats) > 0 {
			if _, err := svc.ViewChat(ctx, page.Chats[0].ID, 50, ""); err != nil {
				b.Fatal(err)
			}
		}
		return open, time.Since(t0)
	}
	b.ResetTimer()
	var fo, ff, eo, ef []time.Duration
	for i := 0; i < b.N; i++ {
		for j := 0; j < 10; j++ {
			o, f := start(full)
			fo, ff = append(fo, o), append(ff, f)
			o, f = start(empty)
			eo, ef = append(eo, o), append(ef, f)
		}
	}
	ms := func(ds []time.Duration) float64 { return float64(percentile(ds, 0.5)) / 1e6 }
	b.ReportMetric(ms(fo), "open100k-p50-ms")
	b.ReportMetric(ms(ff), "open+queries100k-p50-ms")
	b.ReportMetric(ms(eo), "open-empty-p50-ms")
	b.ReportMetric(ms(ef), "open+queries-empty-p50-ms")
}
