package rank

import (
	"sort"
	"strings"
)

// Query is what a keyword search ranks by: the query's words it keeps
// (NewQuery), then the compound parts standing in for some of them
// (AddPart), each with its document frequency, and the answer kinds the
// question asks for.
type Query struct {
	cfg Config
	// terms are the words kept, then (from words on) the compound parts
	// and related words, which weigh partW of their IDF.
	terms []string
	df    []int
	words int
	partW []float64
	// shape is the question's answer kinds (see questionShape).
	shape questionShape
	// all are every query term with its document frequency, kept or not.
	all   []string
	allDF []int
	kept  map[string]bool
	// room is how many more rows compound parts and related words may
	// touch (below 0 when the first word alone is past the limit).
	room    int
	phrases []string
	// asked are the stems of every word and term, so that no related word
	// repeats one (nil until Related needs it).
	asked map[string]bool
}

// NewQuery picks the words of a query (text; terms are Terms(text), df
// their document frequencies in the index) that a keyword search ranks by.
//
// Scoring every chunk that has any common word is what makes OR queries
// slow on a large index, so terms are taken rarest first while the rows
// they touch add up to at most limit; the commonest words of a query over
// a large index are left out (they are the ones whose IDF adds least, and
// a word in most chunks adds nothing). On a small index every term counts.
// A word no chunk has is left out too, but the answer kind it names still
// counts (see withMissing).
func (c Config) NewQuery(text string, terms []string, df []int, limit int) *Query {
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
		if k > 0 && budget+df[i] > limit {
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
	var missing []string
	for i, t := range terms {
		if df[i] == 0 {
			missing = append(missing, t)
		}
	}
	var phrases []string
	for _, p := range queryPhrases(text) {
		w := strings.Fields(p)
		if kept[w[0]] && kept[w[len(w)-1]] {
			phrases = append(phrases, p)
		}
	}
	return &Query{
		cfg: c, terms: use, df: useDF, words: len(use), shape: questionShapeOf(text).withMissing(missing),
		all: terms, allDF: df, kept: kept, room: limit - budget, phrases: phrases,
	}
}

// Terms are what the search asks the index for: the words kept, then the
// compound parts added.
func (q *Query) Terms() []string { return q.terms }

// Phrases are the query's phrases (see queryPhrases) that start and end
// with a word kept: a chunk with one gets a bonus (Rescoring.Rank).
func (q *Query) Phrases() []string { return q.phrases }

// BackoffWords are the words whose compound parts are worth looking for,
// with their document frequencies: those ranked, and those no chunk has
// (the likeliest to be another form of one: "email" for "mail"). None
// when the config turns the backoff off.
func (q *Query) BackoffWords() ([]string, []int) {
	if q.cfg.BackoffWeight <= 0 {
		return nil, nil
	}
	var words []string
	var df []int
	for i, t := range q.all {
		if q.kept[t] || q.allDF[i] == 0 {
			words, df = append(words, t), append(df, q.allDF[i])
		}
	}
	return words, df
}

// AddPart ranks by a compound part (in df chunks) too, at BackoffWeight,
// when the rows it touches fit in what NewQuery's limit left.
func (q *Query) AddPart(part string, df int) {
	if df > q.room {
		return
	}
	q.add(part, df, q.cfg.BackoffWeight)
}

// add ranks by an added term at weight w of its IDF.
func (q *Query) add(term string, df int, w float64) {
	q.room -= df
	q.terms = append(q.terms, term)
	q.df = append(q.df, df)
	q.partW = append(q.partW, w)
	if q.asked != nil {
		q.asked[Stem(term)] = true
	}
}

// ideal is the score relevance is measured against (see relevance) in an
// index of rows chunks: every query word once. A word no chunk has still
// counts (an off-topic question is mostly such words), but no more than
// the rarest word that is there: its IDF would otherwise be the largest of
// all, and weigh most on a small index. When no word is there, the rarest
// added term (a compound part or a related word) stands in at its full
// IDF, so that a passage found by those alone is at most their weight
// relevant.
func (q *Query) ideal(rows int) float64 {
	rarest, ideal, missing := 0.0, 0.0, 0
	for _, d := range q.allDF {
		if d == 0 {
			missing++
			continue
		}
		w := q.cfg.termIDF(rows, d)
		rarest = max(rarest, w)
		ideal += w
	}
	if rarest == 0 {
		for _, d := range q.df[q.words:] {
			rarest = max(rarest, q.cfg.termIDF(rows, d))
		}
	}
	return ideal + float64(missing)*rarest
}
