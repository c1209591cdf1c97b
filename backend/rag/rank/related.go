package rank

// Related words (query expansion with a thesaurus, WordNet's synonyms and
// derivationally related forms): a paraphrased question often names a
// thing by another word than the passage that answers it ("writer" for
// "author", "built" for "constructed", "start" for "begin"). Each query
// word also asks for up to RelatedPerWord of its related words (package
// rag/related) that the index has, each at RelatedWeight × its table
// weight of its IDF, so a passage with the question's own words still
// ranks first. Which words a table
// offers, and whether the index has them, is for the caller (package
// rag); what is worth asking for, and at what weight, is decided here.

// RelatedWords are the query's words whose related words are worth asking
// for: every word of the question but stop words, kept or not (a word no
// chunk has is the likeliest to be said otherwise). None when the config
// turns related words off.
func (q *Query) RelatedWords() []string {
	if q.cfg.RelatedWeight <= 0 || q.cfg.RelatedPerWord <= 0 {
		return nil
	}
	var out []string
	for _, t := range q.all {
		if !stopWords[t] {
			out = append(out, t)
		}
	}
	return out
}

// Related reports whether a word near a query word (at similarity sim)
// is worth looking up: similar enough, no stop word, and not another form
// of a word or term the query asks for already.
func (q *Query) Related(word string, sim float64) bool {
	if sim < q.cfg.RelatedMinSim || stopWords[word] {
		return false
	}
	if q.asked == nil {
		q.asked = map[string]bool{}
		for _, t := range q.all {
			q.asked[Stem(t)] = true
		}
		for _, t := range q.terms {
			q.asked[Stem(t)] = true
		}
	}
	return !q.asked[Stem(word)]
}

// Room is how many more rows an added term may touch (see NewQuery).
func (q *Query) Room() int { return q.room }

// AddRelated ranks by a related word (in df chunks, similarity sim to its
// query word) too, when the rows it touches fit.
func (q *Query) AddRelated(word string, df int, sim float64) bool {
	if df <= 0 || df > q.room {
		return false
	}
	q.add(word, df, q.cfg.RelatedWeight*sim)
	return true
}
