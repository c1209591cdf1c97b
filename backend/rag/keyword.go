package rag

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"
)

// scoredRows bounds the rows one query scores (see bm25).
const scoredRows = 10000

// ftsStats caches document frequencies, valid until the index changes.
type ftsStats struct {
	mu   sync.Mutex
	gen  uint64
	seen uint64
	rows int
	df   map[string]int
	// avgLen are the mean token counts of an indexed row, zero until read
	// for generation avgGen.
	avgLen rowLengths
	avgGen uint64
}

func (st *ftsStats) invalidate() {
	st.mu.Lock()
	st.gen++
	st.mu.Unlock()
}

// counts returns the number of indexed rows and each phrase's document
// frequency (rows containing it, any column), as FTS5's IDF uses them.
func (s *DocumentService) counts(ctx context.Context, phrases []string) (int, []int, error) {
	st := &s.fts
	st.mu.Lock()
	if st.df == nil || st.seen != st.gen {
		st.df, st.rows, st.seen = map[string]int{}, -1, st.gen
	}
	rows := st.rows
	out := make([]int, len(phrases))
	var missing []int
	for i, p := range phrases {
		if n, ok := st.df[p]; ok {
			out[i] = n
		} else {
			missing = append(missing, i)
		}
	}
	gen := st.gen
	st.mu.Unlock()
	if rows < 0 {
		if err := s.db.R.QueryRowContext(ctx, `SELECT count(*) FROM chunks`).Scan(&rows); err != nil {
			return 0, nil, fmt.Errorf("count chunks: %w", err)
		}
	}
	for _, i := range missing {
		if err := s.db.R.QueryRowContext(ctx, `SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?`, quoteOr(phrases[i:i+1])).Scan(&out[i]); err != nil {
			return 0, nil, fmt.Errorf("count term: %w", err)
		}
	}
	st.mu.Lock()
	if st.gen == gen {
		st.rows = rows
		if len(st.df) > 10000 {
			st.df = map[string]int{}
		}
		for _, i := range missing {
			st.df[phrases[i]] = out[i]
		}
	}
	st.mu.Unlock()
	return rows, out, nil
}

// idf is FTS5's: ln((N - n + 0.5) / (n + 0.5)), at least 1e-6.
func idf(rows, df int) float64 {
	v := math.Log((float64(rows) - float64(df) + 0.5) / (float64(df) + 0.5))
	if v <= 0 {
		return 1e-6
	}
	return v
}

// idealScore is the score relevance is measured against (see
// keywordRelevance): every query word once. A word no chunk has still counts
// (an off-topic question is mostly such words), but no more than the rarest
// word that is there: its IDF would otherwise be the largest of all, and
// weigh most on a small index. When no word is there, the rarest compound
// part (partDF) stands in at its full IDF, so that a passage found by parts
// alone is at most backoffWeight relevant.
func (c rankConfig) idealScore(rows int, df, partDF []int) float64 {
	rarest, ideal, missing := 0.0, 0.0, 0
	for _, d := range df {
		if d == 0 {
			missing++
			continue
		}
		w := c.termIDF(rows, d)
		rarest = max(rarest, w)
		ideal += w
	}
	if rarest == 0 {
		for _, d := range partDF {
			rarest = max(rarest, c.termIDF(rows, d))
		}
	}
	return ideal + float64(missing)*rarest
}

// bm25 returns the best n visible chunks for the query's terms OR-ed
// together: a chunk needs any term, not all (AND-ing paraphrased questions
// finds almost nothing), and BM25's IDF weights rare terms over common ones.
//
// Scoring every chunk that has any common word is what makes OR queries
// slow on a large index, so terms are taken rarest first while the rows
// they touch add up to at most scoredRows; the commonest words of a query
// over a large index are left out (they are the ones whose IDF adds least,
// and a word in most chunks adds nothing). On a small index every term
// counts. Then the query's phrases made of kept words re-score the
// candidates.
func (s *DocumentService) bm25(ctx context.Context, ws string, sc Scope, query string, n int) ([]kwHit, error) {
	terms := queryTerms(query)
	if len(terms) == 0 {
		return nil, nil
	}
	rows, df, err := s.counts(ctx, terms)
	if err != nil {
		return nil, err
	}
	order := make([]int, len(terms))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return df[order[a]] < df[order[b]] })
	kept := map[string]bool{}
	var use []string
	budget := 0
	for k, i := range order {
		if df[i] == 0 {
			continue
		}
		if k > 0 && budget+df[i] > scoredRows {
			break
		}
		kept[terms[i]] = true
		use = append(use, terms[i])
		budget += df[i]
	}
	useDF := make([]int, len(use))
	for i, t := range use {
		for j, u := range terms {
			if u == t {
				useDF[i] = df[j]
			}
		}
	}
	rq := rankQuery{terms: use, df: useDF, words: len(use), shape: questionShapeOf(query)}
	var missing []string
	for i, t := range terms {
		if df[i] == 0 {
			missing = append(missing, t)
		}
	}
	rq.shape = rq.shape.withMissing(missing)
	if rq, err = s.withBackoffs(ctx, rq, terms, df, kept, scoredRows-budget); err != nil {
		return nil, err
	}
	if len(rq.terms) == 0 {
		return nil, nil
	}
	want := 2 * n
	hits, err := s.visibleRank(ctx, ws, sc, quoteOr(rq.terms), want)
	if err != nil {
		return nil, err
	}
	rs, err := s.rescore(ctx, hits, rq, rows)
	if err != nil {
		return nil, err
	}
	ideal := s.ranking.idealScore(rows, df, rq.df[rq.words:])
	for i := range hits {
		hits[i].rel = keywordRelevance(rs.topic(hits[i].id), ideal)
	}
	var phrases []string
	for _, p := range queryPhrases(query) {
		w := strings.Fields(p)
		if kept[w[0]] && kept[w[len(w)-1]] {
			phrases = append(phrases, p)
		}
	}
	if len(phrases) > 0 && len(hits) > 0 {
		// Phrases are rarer than their words: the best few hundred phrase
		// matches cover the term candidates that have any.
		extra, err := s.visibleRank(ctx, ws, sc, quoteOr(phrases), 8*n)
		if err != nil {
			return nil, err
		}
		bonus := make(map[int64]float64, len(extra))
		for _, h := range extra {
			bonus[h.id] = h.score
		}
		for i := range hits {
			hits[i].score += s.ranking.PhraseWeight * bonus[hits[i].id]
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].score > hits[j].score })
	rs.diversify(hits)
	if len(hits) > n {
		hits = hits[:n]
	}
	return hits, nil
}

// visibleRank runs one FTS5 query ranked by BM25 and keeps the chunks the
// caller may see (this workspace; documents completed and not deleted; the
// workspace's or this chat's). Scoring happens inside FTS5 and only the top
// rows are joined (joining every match before sorting was ten times
// slower); when too many of them belong elsewhere, it asks for more.
func (s *DocumentService) visibleRank(ctx context.Context, ws string, sc Scope, match string, n int) ([]kwHit, error) {
	for limit := n; ; limit *= 4 {
		raw, err := s.ftsTop(ctx, match, sc, limit)
		if err != nil {
			return nil, err
		}
		hits, err := s.visible(ctx, ws, sc, raw)
		if err != nil {
			return nil, err
		}
		if len(hits) >= n || len(raw) < limit || limit >= 1<<16 {
			if len(hits) > n {
				hits = hits[:n]
			}
			return hits, nil
		}
	}
}

// rankExpr is FTS5's bm25() with the context column weighted as in the
// rescoring, so that the candidates it picks are those the rescoring favours.
func (s *DocumentService) rankExpr() string {
	return fmt.Sprintf("bm25(chunks_fts, 1.0, %g)", s.ranking.ContextWeight)
}

func (s *DocumentService) ftsTop(ctx context.Context, match string, sc Scope, n int) ([]kwHit, error) {
	q, args := `SELECT rowid, -`+s.rankExpr()+` AS score FROM chunks_fts
		WHERE chunks_fts MATCH ? ORDER BY score DESC LIMIT ?`, []any{match, n}
	if sc.ChatOnly {
		// A chat's own documents are a few among many: ranking the whole
		// index and filtering after would page through all of it.
		q, args = `SELECT rowid, -`+s.rankExpr()+` AS score FROM chunks_fts
		WHERE chunks_fts MATCH ? AND rowid IN (SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id WHERE d.chat_id = ?)
		ORDER BY score DESC LIMIT ?`, []any{match, sc.Chat, n}
	}
	rows, err := s.db.R.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("keyword search: %w", err)
	}
	defer rows.Close()
	var hits []kwHit
	for rows.Next() {
		var h kwHit
		if err := rows.Scan(&h.id, &h.score); err != nil {
			return nil, fmt.Errorf("keyword search: %w", err)
		}
		hits = append(hits, h)
	}
	return hits, rows.Err()
}

// visible filters hits to the workspace's chunks of live, completed
// documents in scope, in order.
func (s *DocumentService) visible(ctx context.Context, ws string, sc Scope, hits []kwHit) ([]kwHit, error) {
	if len(hits) == 0 {
		return nil, nil
	}
	args := make([]any, 0, len(hits)+1)
	marks := make([]string, len(hits))
	for i, h := range hits {
		marks[i] = "?"
		args = append(args, h.id)
	}
	args = append(args, ws)
	rows, err := s.db.R.QueryContext(ctx, `SELECT c.id, COALESCE(d.chat_id, '') FROM chunks c JOIN documents d ON d.id = c.document_id
		WHERE c.id IN (`+strings.Join(marks, ",")+`) AND c.workspace_id = ? AND d.deleted_at IS NULL
		  AND d.status = 'completed'`, args...)
	if err != nil {
		return nil, fmt.Errorf("keyword search: %w", err)
	}
	defer rows.Close()
	ok := make(map[int64]bool, len(hits))
	for rows.Next() {
		var id int64
		var chat string
		if err := rows.Scan(&id, &chat); err != nil {
			return nil, fmt.Errorf("keyword search: %w", err)
		}
		ok[id] = sc.sees(chat)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("keyword search: %w", err)
	}
	out := hits[:0:0]
	for _, h := range hits {
		if ok[h.id] {
			out = append(out, h)
		}
	}
	return out, nil
}

func quoteOr(parts []string) string {
	q := make([]string, len(parts))
	for i, p := range parts {
		q[i] = `"` + strings.ReplaceAll(p, `"`, `""`) + `"`
	}
	return strings.Join(q, " OR ")
}
