package rank

import "sort"

// Hit is one chunk a keyword search found: its id, its score (higher is
// better) and, once ranked (Rescoring.Rank), its relevance in [0, 1].
type Hit struct {
	ID        int64
	Score     float64
	Relevance float64
}

// Candidate is what the index holds of one candidate chunk: its document,
// its place there (ordinal, and rune offsets in the document's text, for
// the overlap with its neighbours), its text and its context column.
type Candidate struct {
	Doc                         string
	Ordinal, RuneStart, RuneEnd int
	Text, Context               string
}

// Rescoring replaces the FTS5 scores of a query's candidates by BM25F over
// the chunk text and its context column: for each query term, IDF (termIDF
// of the rows containing the term in either column) times the saturated
// frequency tf = tf(text) + ContextWeight * tf(context), with k1 = K1 and
// length normalisation B against the index's mean row length. FTS5's own
// bm25() has k1 and b fixed, so the candidates it ranked are read back and
// their words counted here, with the same tokenizer rules (unicode61 with
// diacritics folded, then Porter; rag's TestStemmerMatchesFTS5 holds the
// two together). An expression of an answer kind a term names counts as an
// occurrence of that term; each pseudo kind is one more slot after the
// terms, weighing pseudoWeight of the words' mean IDF. What was counted
// stays, for diversify.
type Rescoring struct {
	cfg     Config
	q       *Query
	rows    int // chunks in the index
	m       *termMatcher
	weights []float64
	// topicWeights are weights with the pseudo slots at 0 (see topic).
	topicWeights []float64
	avg          RowLengths
	total        int // tokens of the candidates added
	cands        map[int64]*scored
}

// Rescoring starts the rescoring of q's candidates in an index of rows
// chunks whose mean lengths are avg (zero when the index has none: the
// candidates' own mean stands in). Add each candidate, then Score.
func (c Config) Rescoring(q *Query, rows int, avg RowLengths) *Rescoring {
	nt := len(q.terms)
	m := newTermMatcher(q.terms)
	for i, t := range q.terms[:q.words] {
		if k := q.shape.cue[t]; k != ansNone {
			m.kinds = append(m.kinds, kindSlot{i, k})
		}
	}
	for j, k := range q.shape.pseudo {
		m.kinds = append(m.kinds, kindSlot{nt + j, k})
	}
	slots := nt + len(q.shape.pseudo)
	r := &Rescoring{cfg: c, q: q, rows: rows, m: m, weights: make([]float64, slots), avg: avg, cands: map[int64]*scored{}}
	sum := 0.0
	for i := range q.terms {
		r.weights[i] = c.termIDF(rows, q.df[i])
		if i >= q.words {
			r.weights[i] *= q.partW[i-q.words]
		} else {
			sum += r.weights[i]
		}
	}
	for i := nt; i < slots; i++ {
		r.weights[i] = pseudoWeight * sum / float64(max(1, q.words))
	}
	r.topicWeights = append(r.weights[:nt:nt], make([]float64, slots-nt)...)
	return r
}

// Add counts the query's terms in one candidate chunk.
func (r *Rescoring) Add(id int64, c Candidate) {
	slots := len(r.weights)
	s := &scored{doc: c.Doc, ord: c.Ordinal, runeStart: c.RuneStart, runeEnd: c.RuneEnd, text: c.Text,
		tfText: make([]float64, slots), tfCtx: make([]float64, slots)}
	s.nText = r.m.count(c.Text, s.tfText)
	s.nCtx = r.m.count(c.Context, s.tfCtx)
	r.cands[id] = s
	r.total += s.nText + s.nCtx
}

// Score sets each hit's score to its BM25F (0 for a hit never added).
func (r *Rescoring) Score(hits []Hit) {
	if r.avg.Row <= 0 && len(r.cands) > 0 {
		// No statistics from FTS5: the candidates' mean length stands in.
		r.avg.Row = float64(r.total) / float64(len(r.cands))
	}
	for i := range hits {
		hits[i].Score = 0
		if c, ok := r.cands[hits[i].ID]; ok {
			hits[i].Score = r.score(c, c.tfText)
			c.topic = r.cfg.bm25f(c.tfText, c.tfCtx, r.topicWeights, float64(c.nText), float64(c.nCtx), r.avg)
		}
	}
}

// Rank finishes a keyword search over the scored hits: each gets its
// relevance (of its topic score against the query's ideal score), the
// phrase matches add PhraseWeight of their score (bonus, by chunk id; nil
// for none), and the best n are returned, best first, with evidence a
// better hit already shows not counted twice (diversify).
func (r *Rescoring) Rank(hits []Hit, bonus map[int64]float64, n int) []Hit {
	ideal := r.q.ideal(r.rows)
	for i := range hits {
		hits[i].Relevance = relevance(r.topic(hits[i].ID), ideal)
	}
	for i := range hits {
		hits[i].Score += r.cfg.PhraseWeight * bonus[hits[i].ID]
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].Score > hits[j].Score })
	r.diversify(hits)
	if len(hits) > n {
		hits = hits[:n]
	}
	return hits
}

// topic is a candidate's score without the answer kinds a question asks
// for without naming them: how well it matches what the question is
// about, for relevance (a date in a passage is evidence for an answer, not
// for the topic).
func (r *Rescoring) topic(id int64) float64 {
	if c := r.cands[id]; c != nil {
		return c.topic
	}
	return 0
}

// relevance puts a BM25F score on a scale that does not depend on the
// query: against ideal (Query.ideal), the score of a chunk of average
// length that has every query term once (each term then adds its IDF; a
// term no chunk has counts at the IDF of the rarest), capped at 1. A
// passage sharing one common word with the question scores near 0, one
// that has all its rare words near 1, whatever the index size.
func relevance(score, ideal float64) float64 {
	if ideal <= 0 {
		return 0
	}
	return min(1, score/ideal)
}

// scored is what rescoring counted for one candidate chunk.
type scored struct {
	doc                     string
	ord, runeStart, runeEnd int
	text                    string
	tfText, tfCtx           []float64
	nText, nCtx             int
	topic                   float64
}

// score is c's BM25F with tfText standing for the term counts of its text.
func (r *Rescoring) score(c *scored, tfText []float64) float64 {
	return r.cfg.bm25f(tfText, c.tfCtx, r.weights, float64(c.nText), float64(c.nCtx), r.avg)
}

// diversify orders hits (sorted best first) so that evidence a chunk
// ranked higher already shows is not counted twice. Neighbouring chunks of
// a document share text (the splitter's overlap); when a query's words lie
// in that shared text, both chunks match on them, and the second adds
// nothing new for the reader or the model. Greedily, best first, a chunk
// whose neighbour was already chosen is scored on the text it does not
// share with it (the same BM25F, its words outside the overlap only).
func (r *Rescoring) diversify(hits []Hit) {
	base := make([]float64, len(hits))
	adj := make([]float64, len(hits))
	for i, h := range hits {
		base[i], adj[i] = h.Score, h.Score
	}
	type key struct {
		doc string
		ord int
	}
	chosen := map[key]*scored{}
	for k := range hits {
		best := k
		for j := k + 1; j < len(hits); j++ {
			if adj[j] > adj[best] {
				best = j
			}
		}
		hits[k], hits[best] = hits[best], hits[k]
		base[k], base[best] = base[best], base[k]
		adj[k], adj[best] = adj[best], adj[k]
		hits[k].Score = adj[k]
		c := r.cands[hits[k].ID]
		if c == nil {
			continue
		}
		chosen[key{c.doc, c.ord}] = c
		for j := k + 1; j < len(hits); j++ {
			n := r.cands[hits[j].ID]
			if n == nil || n.doc != c.doc || (n.ord != c.ord-1 && n.ord != c.ord+1) {
				continue
			}
			adj[j] = base[j] * r.novel(n, chosen[key{n.doc, n.ord - 1}], chosen[key{n.doc, n.ord + 1}])
		}
	}
}

// novel is the share of c's score left when the text it shares with the
// chosen chunks before and after it (either may be nil) is taken out.
func (r *Rescoring) novel(c, before, after *scored) float64 {
	full := r.score(c, c.tfText)
	if full <= 0 {
		return 1
	}
	runes := []rune(c.text)
	lo, hi := 0, len(runes)
	if before != nil && before.runeEnd > c.runeStart {
		lo = min(hi, before.runeEnd-c.runeStart)
	}
	if after != nil && c.runeEnd > after.runeStart {
		hi = max(lo, hi-(c.runeEnd-after.runeStart))
	}
	if lo == 0 && hi == len(runes) {
		return 1
	}
	tf := make([]float64, len(c.tfText))
	r.m.count(string(runes[lo:hi]), tf)
	return r.score(c, tf) / full
}

// RowLengths are the index's mean token counts: of a row, and of each
// column (chunk text, context).
type RowLengths struct{ Row, Text, Context float64 }

// bm25f scores one row from its per-term frequencies in the two columns
// and the columns' lengths, as FTS5 combines them: the frequencies, the
// context's weighted, are added and normalised by the row's length.
// (Normalising each column by its own length first, Robertson's BM25F,
// ranked the same on every question set we tried.)
func (cfg Config) bm25f(tfText, tfCtx, idf []float64, lenText, lenCtx float64, avg RowLengths) float64 {
	norm := cfg.K1 * (1 - cfg.B + cfg.B*(lenText+lenCtx)/max(avg.Row, 1))
	sc := 0.0
	for i, w := range idf {
		if f := tfText[i] + cfg.ContextWeight*tfCtx[i]; f > 0 {
			sc += w * f * (cfg.K1 + 1) / (f + norm)
		}
	}
	return sc
}
