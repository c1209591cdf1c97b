package rank

import "math"

// Config holds the keyword ranking's tuning. FTS5 finds the candidates
// (its bm25 with the fixed k1 = 1.2, b = 0.75); they are then scored again
// as BM25F (see Rescoring) with a weaker length normalisation, and the
// query's phrases add a bonus. A searcher holds one (DefaultConfig) and
// passes it to what it ranks; a test that needs other values sets them on
// its own copy.
type Config struct {
	// ContextWeight is the context column's (document title and section
	// headings) weight against the chunk text: a chunk in the section
	// "JOB CONTROL" is about job control as much as one that says so.
	ContextWeight float64
	// K1 and B are BM25's term-frequency saturation and length
	// normalisation. Chunks are cut to about the same size, so a longer
	// one is not a more verbose one: b = 0.3 instead of FTS5's 0.75, which
	// favoured short chunks such as the last of a document or of a
	// section. (0.2 to 0.4 ranked alike on every question set; 0.5 and
	// up lost.)
	K1, B float64
	// PhraseWeight scales the phrase score against the term score: word
	// order breaks near-ties, it does not overrule the words.
	PhraseWeight float64
	// LuceneIDF selects the IDF of the rescoring: Lucene's
	// ln(1 + (N - n + 0.5) / (n + 0.5)) rather than FTS5's, which drops to
	// (almost) zero for a word in half the chunks or more, so that such a
	// word (the name of the tool in a workspace that is mostly its manual)
	// still counts a little. Off, the rescoring reproduces FTS5's bm25().
	LuceneIDF bool

	// Compound backoff (see compound.go).

	// BackoffWeight scales a part's IDF against a query term's (0.2 to
	// 0.5 ranked alike on every question set; 1 lost a dev question, 0.1
	// moved nothing). 0 turns the backoff off.
	BackoffWeight float64
	// BackoffMin is the shortest part, in letters, and of its stem.
	BackoffMin int
	// BackoffRatio: the part must be in at least this many times as many
	// chunks as the word (Koehn and Knight's frequency criterion for
	// splitting a compound: its parts are commoner than the whole).
	BackoffRatio float64
	// BackoffHeadRest is the shortest rest after a head part (a tail's
	// rest may be one letter: "e-mail", "x-ray").
	BackoffHeadRest int

	// Related words (see related.go).

	// RelatedWeight scales a related word's IDF, times its weight in the
	// table (its relation and senses, see package related), against a
	// query word's. 0 turns it off.
	RelatedWeight float64
	// RelatedPerWord is how many related words one query word adds.
	RelatedPerWord int
	// RelatedMinSim is the lowest table weight a related word may have
	// (the WordNet table has none below 0.4, so 0 takes them all).
	RelatedMinSim float64
}

// DefaultConfig is the tuning every question set was measured with
// (cmd/bookbag-eval; the reasons are on each field).
func DefaultConfig() Config {
	return Config{
		ContextWeight: 1.0, K1: 1.2, B: 0.3, PhraseWeight: 0.3, LuceneIDF: true,
		BackoffWeight: 0.3, BackoffMin: 4, BackoffRatio: 2.0, BackoffHeadRest: 3,
		RelatedWeight: 0.25, RelatedPerWord: 3, RelatedMinSim: 0,
	}
}

// termIDF is the IDF of the rescoring (see LuceneIDF).
func (c Config) termIDF(rows, df int) float64 {
	if !c.LuceneIDF {
		return idf(rows, df)
	}
	return math.Log(1 + (float64(rows)-float64(df)+0.5)/(float64(df)+0.5))
}

// idf is FTS5's: ln((N - n + 0.5) / (n + 0.5)), at least 1e-6.
func idf(rows, df int) float64 {
	v := math.Log((float64(rows) - float64(df) + 0.5) / (float64(df) + 0.5))
	if v <= 0 {
		return 1e-6
	}
	return v
}
