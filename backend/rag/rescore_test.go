package rag

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"bookbag/backend/rag/extract"
	"bookbag/backend/rag/rank"
)

// The Go stemmer gives every word the stem FTS5's porter tokenizer indexes
// it under: the words of the corpus (when present) and a fixed list.
func TestStemmerMatchesFTS5(t *testing.T) {
	words := map[string]bool{}
	for _, w := range rank.Words(`caresses ponies ties caress cats feed agreed plastered bled motoring sing
		conflated troubled sized hopping tanned falling hissing fizzed failing filing happy sky
		relational conditional rational valenci hesitanci digitizer conformabli radicalli differentli
		vileli analogousli vietnamization predication operator feudalism decisiveness hopefulness
		callousness formaliti sensitiviti sensibiliti triplicate formative formalize electriciti
		electrical hopeful goodness revival allowance inference airliner gyroscopic adjustable
		defensible irritant replacement adjustment dependent adoption homologou communism activate
		angulariti homologous effective bowdlerize probate rate cease controll roll generalizations
		oscillators suspends suspended running curaçao åland côte ivoire`) {
		words[w] = true
	}
	if dir := filepath.Join("..", "..", "..", "shared", "corpus"); dirExists(dir) {
		ex := extract.New(extract.Options{})
		for _, n := range []string{"mpl-2.0.txt", "lgpl-2.1.md", "go-godebug.md", "countries.csv"} {
			doc, err := ex.File(context.Background(), n, filepath.Join(dir, n))
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range rank.Words(doc.Text) {
				words[w] = true
			}
		}
	}
	list := make([]string, 0, len(words))
	for w := range words {
		list = append(list, w)
	}
	sort.Strings(list)
	e := newEnv(t, t.TempDir(), DefaultSettings())
	db := e.db.W
	for _, q := range []string{
		`CREATE VIRTUAL TABLE temp.stem_t USING fts5(x, tokenize = 'porter unicode61 remove_diacritics 2')`,
		`CREATE VIRTUAL TABLE temp.stem_v USING fts5vocab(temp, stem_t, 'instance')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range list {
		if _, err := tx.Exec(`INSERT INTO temp.stem_t (rowid, x) VALUES (?, ?)`, i+1, w); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Query(`SELECT term, doc FROM temp.stem_v`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var term string
		var doc int
		if err := rows.Scan(&term, &doc); err != nil {
			t.Fatal(err)
		}
		n++
		if got := rank.Stem(list[doc-1]); got != term {
			t.Errorf("%q: FTS5 %q, Go %q", list[doc-1], term, got)
		}
	}
	if n != len(list) {
		t.Fatalf("%d stems for %d words", n, len(list))
	}
}

func dirExists(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// With FTS5's own parameters the Go scoring reproduces FTS5's bm25(), so
// the rescoring is BM25F over the index's statistics, not an approximation.
func TestRescoreReproducesFTS5(t *testing.T) {
	e := newEnv(t, t.TempDir(), DefaultSettings())
	ctx := context.Background()
	texts := map[string]string{
		"jobs.txt":  "JOB CONTROL\n\nTyping the suspend character (typically ^Z, Control-Z) while a process is running causes that process to be stopped.\n\nbg [jobspec ...] Resume each suspended job jobspec in the background.",
		"notes.md":  "# Notes\n\nA running job can be suspended. Jobs, jobs and more jobs; a job is a process group.",
		"other.txt": "Nothing about that here, only a process or two and Curaçao.",
	}
	e.index(t, texts)

	e.svc.ranking.K1, e.svc.ranking.B, e.svc.ranking.ContextWeight, e.svc.ranking.LuceneIDF = 1.2, 0.75, 0.5, false
	expr := "bm25(chunks_fts, 1.0, 0.5)"
	for _, q := range []string{"suspends a running job", "process curacao", "job control background"} {
		terms := rank.Terms(q)
		rows, df, err := e.svc.counts(ctx, terms)
		if err != nil {
			t.Fatal(err)
		}
		r, err := e.db.R.Query(`SELECT rowid, -`+expr+` FROM chunks_fts WHERE chunks_fts MATCH ?`, quoteOr(terms))
		if err != nil {
			t.Fatal(err)
		}
		var hits []rank.Hit
		want := map[int64]float64{}
		for r.Next() {
			var h rank.Hit
			if err := r.Scan(&h.ID, &h.Score); err != nil {
				t.Fatal(err)
			}
			want[h.ID] = h.Score
			hits = append(hits, h)
		}
		r.Close()
		if len(hits) == 0 {
			t.Fatalf("%q: no hits", q)
		}
		if _, err := e.svc.rescore(ctx, hits, e.svc.ranking.NewQuery(q, terms, df, scoredRows), rows); err != nil {
			t.Fatal(err)
		}
		for _, h := range hits {
			if math.Abs(h.Score-want[h.ID]) > 1e-9*math.Max(1, want[h.ID]) {
				t.Errorf("%q chunk %d: Go %.12f, FTS5 %.12f", q, h.ID, h.Score, want[h.ID])
			}
		}
	}
}
