package rag

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"bookbag/backend/rag/rank"
)

// rescore scores hits again by BM25F (rank.Rescoring): it reads the
// candidates' text and context and the index's mean row lengths, which
// FTS5 keeps for its own bm25. rows is the index size.
func (s *Service) rescore(ctx context.Context, hits []rank.Hit, q *rank.Query, rows int) (*rank.Rescoring, error) {
	if len(hits) == 0 {
		return s.ranking.Rescoring(q, rows, rank.RowLengths{}), nil
	}
	avg, err := s.avgRowLen(ctx)
	if err != nil {
		return nil, err
	}
	r := s.ranking.Rescoring(q, rows, avg)
	args := make([]any, len(hits))
	marks := make([]string, len(hits))
	for i, h := range hits {
		args[i] = h.ID
		marks[i] = "?"
	}
	cur, err := s.db.R.QueryContext(ctx, `SELECT id, document_id, ordinal, start_offset, end_offset, text, context
		FROM chunks WHERE id IN (`+strings.Join(marks, ",")+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("keyword search: %w", err)
	}
	defer cur.Close()
	for cur.Next() {
		var id int64
		var c rank.Candidate
		if err := cur.Scan(&id, &c.Doc, &c.Ordinal, &c.RuneStart, &c.RuneEnd, &c.Text, &c.Context); err != nil {
			return nil, fmt.Errorf("keyword search: %w", err)
		}
		r.Add(id, c)
	}
	if err := cur.Err(); err != nil {
		return nil, fmt.Errorf("keyword search: %w", err)
	}
	r.Score(hits)
	return r, nil
}

// avgRowLen gives the mean token counts of indexed rows, from the totals
// FTS5 keeps for its own bm25 (the "averages" record, rowid 1 of its data
// table; see rank.Averages).
func (s *Service) avgRowLen(ctx context.Context) (rank.RowLengths, error) {
	st := &s.fts
	st.mu.Lock()
	gen, avg, ok := st.gen, st.avgLen, st.avgGen == st.gen && st.avgLen.Row > 0
	st.mu.Unlock()
	if ok {
		return avg, nil
	}
	var blob []byte
	err := s.db.R.QueryRowContext(ctx, `SELECT block FROM chunks_fts_data WHERE id = 1`).Scan(&blob)
	if errors.Is(err, sql.ErrNoRows) {
		return rank.RowLengths{}, nil
	}
	if err != nil {
		return rank.RowLengths{}, fmt.Errorf("keyword search: %w", err)
	}
	avg = rank.Averages(blob)
	st.mu.Lock()
	if st.gen == gen {
		st.avgLen, st.avgGen = avg, gen
	}
	st.mu.Unlock()
	return avg, nil
}
