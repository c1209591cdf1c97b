package chat

import (
	"context"
	"fmt"
	"os"
	"sort"
	"testing"
	"time"

	"bookbag/backend/store"
	"bookbag/cmd/bookbag-gen/gen"
)

func TestZZExplore(t *testing.T) {
	dir := os.Getenv("BOOKBAG_BENCH_DATA")
	if dir == "" {
		t.Skip()
	}
	ctx := context.Background()
	db, _ := store.Open(ctx, dir, store.Options{})
	defer db.Close()
	svc := NewService(Deps{DB: db})
	qs := gen.Queries(gen.NewVocab(1, 5000), 1, 200)
	type r struct {
		q string
		d time.Duration
		n int
	}
	var rs []r
	for _, q := range qs {
		t0 := time.Now()
		svc.Search(ctx, SearchQuery{Query: q + " "})
		d := time.Since(t0)
		var n int
		db.R.QueryRow(`SELECT count(*) FROM messages_fts WHERE messages_fts MATCH ?`, ftsQuery(q+" ")).Scan(&n)
		rs = append(rs, r{q, d, n})
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].d > rs[j].d })
	for _, x := range rs[:15] {
		fmt.Println(x.d, x.n, x.q)
	}
	for _, x := range rs[95:105] {
		fmt.Println("mid", x.d, x.n, x.q)
	}
}
