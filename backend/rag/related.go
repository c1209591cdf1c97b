package rag

import (
	"context"

	"bookbag/backend/rag/rank"
)

// relatedLookups bounds the related words one query looks up in the index
// (each one small FTS5 count, cached with the document frequencies).
const relatedLookups = 48

// withRelated adds to q, for each of its words, up to RelatedPerWord of
// its related words that the index has (rank.Query.Related), as long as
// the rows they touch fit.
func (s *Service) withRelated(ctx context.Context, q *rank.Query) error {
	if s.related == nil {
		return nil
	}
	lookups := 0
	for _, w := range q.RelatedWords() {
		if q.Room() <= 0 { // the query's own words fill the row budget (or overrun it: the first is always kept)
			return nil
		}
		taken := 0
		for _, n := range s.related.Near(w) {
			if taken == s.ranking.RelatedPerWord {
				break
			}
			if !q.Related(n.Word, n.Sim) {
				continue
			}
			if lookups == relatedLookups {
				return nil
			}
			lookups++
			// Counting stops past the room left: a word in more rows
			// than that could not be added anyway.
			room := q.Room()
			if room <= 0 {
				return nil
			}
			df, err := s.atLeast(ctx, n.Word, room+1)
			if err != nil {
				return err
			}
			if df > room {
				continue
			}
			if q.AddRelated(n.Word, df, n.Sim) {
				taken++
			}
		}
	}
	return nil
}
