package rag

import (
	"context"
	"os"
	"sort"
	"testing"
	"time"

	"bookbag/backend/store"
)

func TestZZExperiment(t *testing.T) {
	dir := os.Getenv("EXPDB")
	if dir == "" {
		t.Skip()
	}
	ctx := context.Background()
	db, err := store.Open(ctx, dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s := NewDocumentService(Deps{DB: db})
	qs := benchQuestions(t)
	var ws string
	db.R.QueryRow(`SELECT id FROM workspaces LIMIT 1`).Scan(&ws)
	tok := `"x"`
	timeit := func(name string, f func(q string)) {
		var durs []time.Duration
		for _, q := range qs {
			t0 := time.Now()
			f(q)
			durs = append(durs, time.Since(t0))
		}
		sort.Slice(durs, func(i, j int) bool { return durs[i] < durs[j] })
		t.Logf("%-30s p50 %v p90 %v", name, durs[len(durs)/2], durs[len(durs)*9/10])
	}
	timeit("bm25 total", func(q string) { s.bm25(ctx, ws, "", q, 50) })
	timeit("counts (cached)", func(q string) { s.counts(ctx, queryTerms(q)) })
	timeit("full OR no tok", func(q string) { s.ftsTop(ctx, quoteOr(queryTerms(q)), 100) })
	timeit("full OR + tok", func(q string) { s.ftsTop(ctx, "("+quoteOr(queryTerms(q))+") AND "+tok, 100) })
	timeit("phrases + tok", func(q string) { s.ftsTop(ctx, "("+quoteOr(queryPhrases(q))+") AND "+tok, 400) })
	timeit("phrases no tok", func(q string) { s.ftsTop(ctx, quoteOr(queryPhrases(q)), 400) })
	split := func(q string) ([]string, []string) {
		terms := queryTerms(q)
		_, df, _ := s.counts(ctx, terms)
		order := make([]int, len(terms))
		for i := range order {
			order[i] = i
		}
		sort.SliceStable(order, func(a, b int) bool { return df[order[a]] < df[order[b]] })
		var rare, common []string
		budget := 0
		for k, i := range order {
			if k == 0 || budget+df[i] <= 4000 {
				rare = append(rare, terms[i])
				budget += df[i]
			} else {
				common = append(common, terms[i])
			}
		}
		return rare, common
	}
	timeit("rare AND (tok OR common)", func(q string) {
		r, c := split(q)
		m := "(" + quoteOr(r) + ") AND (" + tok
		if len(c) > 0 {
			m += " OR " + quoteOr(c)
		}
		s.ftsTop(ctx, m+")", 100)
	})
	timeit("rare AND tok", func(q string) {
		r, _ := split(q)
		s.ftsTop(ctx, "("+quoteOr(r)+") AND "+tok, 100)
	})
	timeit("rare only", func(q string) {
		r, _ := split(q)
		s.ftsTop(ctx, quoteOr(r), 100)
	})
	for _, q := range qs[:8] {
		terms := queryTerms(q)
		rows, df, _ := s.counts(ctx, terms)
		t.Logf("%d %v %v", rows, terms, df)
	}
}
