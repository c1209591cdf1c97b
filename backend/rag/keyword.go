package rag

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"bookbag/backend/rag/rank"
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
	avgLen rank.RowLengths
	avgGen uint64
}

func (st *ftsStats) invalidate() {
	st.mu.Lock()
	st.gen++
	st.mu.Unlock()
}

// counts returns the number of indexed rows and each phrase's document
// frequency (rows containing it, any column), as FTS5's IDF uses them.
func (s *Service) counts(ctx context.Context, phrases []string) (int, []int, error) {
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

// bm25 returns the best n visible chunks for the query's terms OR-ed
// together: a chunk needs any term, not all (AND-ing paraphrased questions
// finds almost nothing), and BM25's IDF weights rare terms over common ones.
// rank.NewQuery picks the terms within scoredRows, compound parts and
// related words join (withBackoffs, withRelated), FTS5 finds twice n
// candidates, which are scored again (rescore), and the query's phrases
// made of kept words add a bonus.
func (s *Service) bm25(ctx context.Context, ws string, sc Scope, query string, n int) ([]rank.Hit, error) {
	terms := rank.Terms(query)
	if len(terms) == 0 {
		return nil, nil
	}
	rows, df, err := s.counts(ctx, terms)
	if err != nil {
		return nil, err
	}
	q := s.ranking.NewQuery(query, terms, df, scoredRows)
	if err := s.withBackoffs(ctx, q); err != nil {
		return nil, err
	}
	if err := s.withRelated(ctx, q); err != nil {
		return nil, err
	}
	if len(q.Terms()) == 0 {
		return nil, nil
	}
	hits, err := s.visibleRank(ctx, ws, sc, quoteOr(q.Terms()), 2*n)
	if err != nil {
		return nil, err
	}
	rs, err := s.rescore(ctx, hits, q, rows)
	if err != nil {
		return nil, err
	}
	var bonus map[int64]float64
	if phrases := q.Phrases(); len(phrases) > 0 && len(hits) > 0 {
		// Phrases are rarer than their words: the best few hundred phrase
		// matches cover the term candidates that have any.
		extra, err := s.visibleRank(ctx, ws, sc, quoteOr(phrases), 8*n)
		if err != nil {
			return nil, err
		}
		bonus = make(map[int64]float64, len(extra))
		for _, h := range extra {
			bonus[h.ID] = h.Score
		}
	}
	return rs.Rank(hits, bonus, n), nil
}

// visibleRank runs one FTS5 query ranked by BM25 and keeps the chunks the
// caller may see (this workspace; documents completed and not deleted; the
// workspace's or this chat's). Scoring happens inside FTS5 and only the top
// rows are joined (joining every match before sorting was ten times
// slower); when too many of them belong elsewhere, it asks for more.
func (s *Service) visibleRank(ctx context.Context, ws string, sc Scope, match string, n int) ([]rank.Hit, error) {
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
func (s *Service) rankExpr() string {
	return fmt.Sprintf("bm25(chunks_fts, 1.0, %g)", s.ranking.ContextWeight)
}

func (s *Service) ftsTop(ctx context.Context, match string, sc Scope, n int) ([]rank.Hit, error) {
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
	var hits []rank.Hit
	for rows.Next() {
		var h rank.Hit
		if err := rows.Scan(&h.ID, &h.Score); err != nil {
			return nil, fmt.Errorf("keyword search: %w", err)
		}
		hits = append(hits, h)
	}
	return hits, rows.Err()
}

// visible filters hits to the workspace's chunks of live, completed
// documents in scope, in order.
func (s *Service) visible(ctx context.Context, ws string, sc Scope, hits []rank.Hit) ([]rank.Hit, error) {
	if len(hits) == 0 {
		return nil, nil
	}
	args := make([]any, 0, len(hits)+1)
	marks := make([]string, len(hits))
	for i, h := range hits {
		marks[i] = "?"
		args = append(args, h.ID)
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
		if ok[h.ID] {
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
