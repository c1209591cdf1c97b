package rag

import (
	"context"
	"fmt"

	"bookbag/backend/rag/rank"
)

// backoffLookups bounds the candidate parts one query looks up (each one
// or two small FTS5 counts, cached with the document frequencies).
const backoffLookups = 64

// withBackoffs adds to q the compound parts of its words (rank.Compounds),
// as long as the rows they touch fit.
func (s *Service) withBackoffs(ctx context.Context, q *rank.Query) error {
	words, df := q.BackoffWords()
	bo, err := s.backoffs(ctx, words, df)
	if err != nil {
		return err
	}
	for _, b := range bo {
		q.AddPart(b.part, b.df)
	}
	return nil
}

type backoff struct {
	term string // the query word
	part string
	df   int
}

// backoffs finds, for each term, the first of its cuts (rank's Splits)
// whose part is in enough chunks and whose rest is an indexed word too.
// df are the terms' document frequencies.
func (s *Service) backoffs(ctx context.Context, terms []string, df []int) ([]backoff, error) {
	cp := s.ranking.Compounds(terms)
	var out []backoff
	lookups := 0
	for i, t := range terms {
		splits, need := cp.Splits(t, df[i])
		for _, c := range splits {
			if lookups >= backoffLookups {
				return out, nil
			}
			lookups++
			// The rest first: an absent word is cached, a part that is
			// common enough is not (only counts below the limit are exact).
			if n, err := s.atLeast(ctx, c.Rest, 1); err != nil {
				return nil, err
			} else if n == 0 {
				continue
			}
			n, err := s.atLeast(ctx, c.Part, need)
			if err != nil {
				return nil, err
			}
			if n < need {
				continue
			}
			_, pdf, err := s.counts(ctx, []string{c.Part})
			if err != nil {
				return nil, err
			}
			out = append(out, backoff{term: t, part: c.Part, df: pdf[0]})
			cp.Take(c)
			break
		}
	}
	return out, nil
}

// atLeast counts the rows that have word, up to limit: whether a word is
// in at least limit chunks costs no more than reading limit rows of its
// posting list. A count below the limit is exact and is cached with the
// document frequencies.
func (s *Service) atLeast(ctx context.Context, word string, limit int) (int, error) {
	st := &s.fts
	st.mu.Lock()
	n, ok := st.df[word]
	fresh := st.df != nil && st.seen == st.gen
	gen := st.gen
	st.mu.Unlock()
	if ok && fresh {
		return n, nil
	}
	if err := s.db.R.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM chunks_fts WHERE chunks_fts MATCH ? LIMIT ?)`, quoteOr([]string{word}), limit).Scan(&n); err != nil {
		return 0, fmt.Errorf("count term: %w", err)
	}
	if n < limit {
		st.mu.Lock()
		if st.gen == gen && st.seen == gen && st.df != nil && len(st.df) < 10000 {
			st.df[word] = n
		}
		st.mu.Unlock()
	}
	return n, nil
}
