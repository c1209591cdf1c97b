package rag

import (
	"context"
	"fmt"
	"math"
	"unicode/utf8"
)

// Compound backoff (as search engines split compounds): a query word can
// be a rare written form of a commoner word it ends or starts with:
// "email" for "mail" ("mailing lists"), "histfilesize" for "size",
// "coprocess" for "process", "panicnil" for "panic". Such a word also
// asks for that part, at a discount, so a chunk that says it the other
// way is not left with no credit for it.
const (
	// backoffMaxLen: a longer word is not split (a pasted hash or DNA
	// sequence would cost a lookup per letter and find nothing real).
	backoffMaxLen = 24
	// backoffLookups bounds the candidate parts one query looks up (each
	// one or two small FTS5 counts, cached with the document frequencies).
	backoffLookups = 64
)

// withBackoffs adds to rq the compound parts of the query's words (those
// ranked, kept, and those no chunk has, the likeliest to be another form of
// one: "email" for "mail"), at BackoffWeight, as long as the rows they
// touch fit in room.
func (s *DocumentService) withBackoffs(ctx context.Context, rq rankQuery, terms []string, df []int, kept map[string]bool, room int) (rankQuery, error) {
	if s.ranking.BackoffWeight <= 0 {
		return rq, nil
	}
	var words []string
	var wordDF []int
	for i, t := range terms {
		if kept[t] || df[i] == 0 {
			words, wordDF = append(words, t), append(wordDF, df[i])
		}
	}
	bo, err := s.backoffs(ctx, words, wordDF)
	if err != nil {
		return rq, err
	}
	for _, b := range bo {
		if b.df > room {
			continue
		}
		room -= b.df
		rq.terms = append(rq.terms, b.part)
		rq.df = append(rq.df, b.df)
	}
	return rq, nil
}

type backoff struct {
	term string // the query word
	part string
	df   int
}

// backoffs finds, for each term, its longest tail or head part that is a
// word of its own: at least BackoffMin letters, not a stop word, not the
// stem of a query term, in at least BackoffRatio times as many chunks as
// the term, and with a rest that is an indexed word too and not a stop
// word ("in" + "compatible" is no compound). Tails are cut from the word
// ("newline" / "line"); heads from its stem, since Porter rewrites only a
// word's ending, and a head of the word itself is mostly the word less an
// inflection ("models" / "mode"). df are the terms' document frequencies.
func (s *DocumentService) backoffs(ctx context.Context, terms []string, df []int) ([]backoff, error) {
	cfg := s.ranking
	have := map[string]bool{}
	for _, t := range terms {
		have[stemWord(t)] = true
	}
	var out []backoff
	lookups := 0
	for i, t := range terms {
		if !isLetters(t) || utf8.RuneCountInString(t) > backoffMaxLen {
			continue
		}
		type split struct{ part, rest string }
		var cands []split
		rt := []rune(t)
		for l := len(rt) - 1; l >= cfg.BackoffMin; l-- {
			cands = append(cands, split{string(rt[len(rt)-l:]), string(rt[:len(rt)-l])})
		}
		rs := []rune(stemWord(t))
		for l := len(rs) - cfg.BackoffHeadRest; l >= cfg.BackoffMin; l-- {
			cands = append(cands, split{string(rs[:l]), string(rs[l:])})
		}
		need := int(math.Ceil(cfg.BackoffRatio * float64(max(df[i], 1))))
		for _, c := range cands {
			st := stemWord(c.part)
			if stopWords[c.part] || have[st] || utf8.RuneCountInString(st) < cfg.BackoffMin || stopWords[st] {
				continue
			}
			if stopWords[c.rest] {
				continue
			}
			if lookups >= backoffLookups {
				return out, nil
			}
			lookups++
			// The rest first: an absent word is cached, a part that is
			// common enough is not (only counts below the limit are exact).
			if n, err := s.atLeast(ctx, c.rest, 1); err != nil {
				return nil, err
			} else if n == 0 {
				continue
			}
			n, err := s.atLeast(ctx, c.part, need)
			if err != nil {
				return nil, err
			}
			if n < need {
				continue
			}
			_, pdf, err := s.counts(ctx, []string{c.part})
			if err != nil {
				return nil, err
			}
			out = append(out, backoff{term: t, part: c.part, df: pdf[0]})
			have[st] = true
			break
		}
	}
	return out, nil
}

// atLeast counts the rows that have word, up to limit: whether a word is
// in at least limit chunks costs no more than reading limit rows of its
// posting list. A count below the limit is exact and is cached with the
// document frequencies.
func (s *DocumentService) atLeast(ctx context.Context, word string, limit int) (int, error) {
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

// isLetters: a word without digits (no "1.22", "utf8" splits).
func isLetters(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z') && r < 0x80 {
			return false
		}
	}
	return true
}
