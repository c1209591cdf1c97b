package chat

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"bookbag/backend/store"
	"bookbag/cmd/bookbag-gen/gen"
)

func TestZZStages(t *testing.T) {
	dir := os.Getenv("BOOKBAG_BENCH_DATA")
	if dir == "" {
		t.Skip()
	}
	ctx := context.Background()
	db, _ := store.Open(ctx, dir, store.Options{})
	var ws string
	db.R.QueryRow(`SELECT id FROM workspaces WHERE is_default = 1`).Scan(&ws)
	db.Close()
	qs := gen.Queries(gen.NewVocab(1, 5000), 1, 100)
	for _, dsn := range []string{"", "&_pragma=mmap_size(4000000000)", "&_pragma=cache_size(-64000)"} {
		r, _ := sql.Open("sqlite", "file:"+filepath.Join(dir, "bookbag.db")+"?_pragma=query_only(1)"+dsn)
		r.SetMaxOpenConns(1)
		for _, sq := range []string{
			`SELECT messages_fts.rowid, bm25(messages_fts) FROM messages_fts WHERE messages_fts MATCH ?1 ORDER BY messages_fts.rowid DESC LIMIT 5000`,
			`SELECT messages_fts.rowid, bm25(messages_fts) FROM messages_fts JOIN messages m ON m.rowid = messages_fts.rowid WHERE messages_fts MATCH ?1 AND m.deleted_at IS NULL ORDER BY messages_fts.rowid DESC LIMIT 5000`,
			`SELECT messages_fts.rowid, bm25(messages_fts) FROM messages_fts JOIN messages m ON m.rowid = messages_fts.rowid WHERE messages_fts MATCH ?1 AND m.workspace_id = '` + ws + `' ORDER BY messages_fts.rowid DESC LIMIT 5000`,
			`SELECT messages_fts.rowid FROM messages_fts WHERE messages_fts MATCH ?1 ORDER BY messages_fts.rowid DESC LIMIT 5000`,
		} {
			var ds []time.Duration
			for _, q := range qs {
				t0 := time.Now()
				rows, err := r.Query(sq, ftsQuery(q+" "))
				if err != nil {
					t.Fatal(err)
				}
				for rows.Next() {
				}
				rows.Close()
				ds = append(ds, time.Since(t0))
			}
			sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
			fmt.Printf("p50 %-8v p90 %-8v max %-8v %s | %.110s\n", ds[50].Round(time.Millisecond/10), ds[90].Round(time.Millisecond/10), ds[99].Round(time.Millisecond/10), dsn, sq)
		}
		r.Close()
	}
}
