package rag

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode"
)

// rescore replaces the FTS5 scores of hits by BM25F over the chunk text and
// its context column: for each query term, IDF (as FTS5 computes it, rows
// containing the term in either column) times the saturated frequency
// tf = tf(text) + contextWeight * tf(context), with k1 = bm25K1 and length
// normalisation bm25B against the index's mean row length. FTS5's own
// bm25() has k1 and b fixed, so the candidates it ranked are read back and
// their words counted here, with the same tokenizer rules (unicode61 with
// diacritics folded, then Porter; TestStemmerMatchesFTS5 holds the two
// together). rows and df are the index size and each term's document
// frequency.
func (s *DocumentService) rescore(ctx context.Context, hits []kwHit, terms []string, rows int, df []int) error {
	if len(hits) == 0 {
		return nil
	}
	avg, err := s.avgRowLen(ctx)
	if err != nil {
		return err
	}
	m := newTermMatcher(terms)
	weights := make([]float64, len(terms))
	for i := range terms {
		weights[i] = idf(rows, df[i])
	}
	args := make([]any, len(hits))
	marks := make([]string, len(hits))
	for i, h := range hits {
		args[i] = h.id
		marks[i] = "?"
	}
	q, err := s.db.R.QueryContext(ctx, `SELECT id, text, context FROM chunks WHERE id IN (`+strings.Join(marks, ",")+`)`, args...)
	if err != nil {
		return fmt.Errorf("keyword search: %w", err)
	}
	defer q.Close()
	type counted struct {
		tfText, tfCtx []float64
		n             int
	}
	rowsOf := make(map[int64]counted, len(hits))
	var text, context string
	total := 0
	for q.Next() {
		var id int64
		if err := q.Scan(&id, &text, &context); err != nil {
			return fmt.Errorf("keyword search: %w", err)
		}
		c := counted{tfText: make([]float64, len(terms)), tfCtx: make([]float64, len(terms))}
		c.n = m.count(text, c.tfText) + m.count(context, c.tfCtx)
		rowsOf[id] = c
		total += c.n
	}
	if err := q.Err(); err != nil {
		return fmt.Errorf("keyword search: %w", err)
	}
	if avg <= 0 && len(rowsOf) > 0 {
		// No statistics from FTS5: the candidates' mean length stands in.
		avg = float64(total) / float64(len(rowsOf))
	}
	for i := range hits {
		c, ok := rowsOf[hits[i].id]
		if !ok {
			hits[i].score = 0
			continue
		}
		hits[i].score = bm25f(c.tfText, c.tfCtx, weights, float64(c.n), avg)
	}
	return nil
}

// bm25f scores one row from its per-term frequencies in the two columns.
func bm25f(tfText, tfCtx, idf []float64, length, avg float64) float64 {
	norm := bm25K1 * (1 - bm25B + bm25B*length/max(avg, 1))
	sc := 0.0
	for i, w := range idf {
		f := tfText[i] + contextWeight*tfCtx[i]
		if f > 0 {
			sc += w * f * (bm25K1 + 1) / (f + norm)
		}
	}
	return sc
}

// avgRowLen is the mean token count of an indexed row, from the totals
// FTS5 keeps for its own bm25 (the "averages" record, rowid 1 of its data
// table: a varint row count, then one varint token total per column).
func (s *DocumentService) avgRowLen(ctx context.Context) (float64, error) {
	st := &s.fts
	st.mu.Lock()
	gen, avg, ok := st.gen, st.avgLen, st.avgGen == st.gen && st.avgLen > 0
	st.mu.Unlock()
	if ok {
		return avg, nil
	}
	var blob []byte
	err := s.db.R.QueryRowContext(ctx, `SELECT block FROM chunks_fts_data WHERE id = 1`).Scan(&blob)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("keyword search: %w", err)
	}
	avg = averagesRecord(blob)
	st.mu.Lock()
	if st.gen == gen {
		st.avgLen, st.avgGen = avg, gen
	}
	st.mu.Unlock()
	return avg, nil
}

// averagesRecord decodes FTS5's averages record into tokens per row; 0
// when it is empty or malformed.
func averagesRecord(b []byte) float64 {
	rows, n := sqliteVarint(b)
	if n == 0 || rows == 0 {
		return 0
	}
	b = b[n:]
	var total uint64
	for len(b) > 0 {
		v, n := sqliteVarint(b)
		if n == 0 {
			return 0
		}
		total += v
		b = b[n:]
	}
	return float64(total) / float64(rows)
}

// sqliteVarint decodes SQLite's big-endian varint (7 bits a byte, the
// ninth byte 8 bits) and returns its length, 0 if b is too short.
func sqliteVarint(b []byte) (uint64, int) {
	var v uint64
	for i := 0; i < 9 && i < len(b); i++ {
		if i == 8 {
			return v<<8 | uint64(b[i]), 9
		}
		v = v<<7 | uint64(b[i]&0x7f)
		if b[i]&0x80 == 0 {
			return v, i + 1
		}
	}
	return 0, 0
}

// termMatcher counts query terms in text as the index tokenizes it.
type termMatcher struct {
	stems []string
	// first[c] is set when a term's stem can start with byte c: most
	// words are rejected on their first letter without being stemmed.
	first [256]bool
	// prefix[i] is what a word must start with to stem to stems[i]
	// (Porter only rewrites the last letters of a word).
	prefix []string
}

func newTermMatcher(terms []string) *termMatcher {
	m := &termMatcher{}
	for _, t := range terms {
		st := stemWord(t)
		p := st[:max(1, len(st)-2)]
		if len(st) <= 3 {
			p = st[:1]
		}
		m.stems = append(m.stems, st)
		m.prefix = append(m.prefix, p)
		m.first[p[0]] = true
	}
	return m
}

// count adds each term's occurrences in text to tf and returns the number
// of tokens of text (runs of letters, digits and marks, as unicode61).
func (m *termMatcher) count(text string, tf []float64) int {
	n := 0
	start := -1
	flush := func(end int) {
		n++
		w := text[start:end]
		c := w[0]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c < 0x80 && !m.first[c] {
			return
		}
		w = foldDiacritics(strings.ToLower(w))
		stem := ""
		for i, p := range m.prefix {
			if !strings.HasPrefix(w, p) {
				continue
			}
			if stem == "" {
				stem = porterStem(w)
			}
			if stem == m.stems[i] {
				tf[i]++
			}
		}
	}
	for i, r := range text {
		if unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			flush(i)
			start = -1
		}
	}
	if start >= 0 {
		flush(len(text))
	}
	return n
}
