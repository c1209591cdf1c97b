package rag

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode"
)

// rankQuery is what rescore ranks candidates by.
type rankQuery struct {
	// terms are the query's words, then (from words on) the compound
	// parts standing in for some of them (see backoffs), which weigh
	// backoffWeight of their IDF.
	terms []string
	df    []int
	words int
	// shape is the question's answer kinds (see questionShape).
	shape questionShape
}

// rescore replaces the FTS5 scores of hits by BM25F over the chunk text and
// its context column: for each query term, IDF (termIDF of the rows
// containing the term in either column) times the saturated frequency
// tf = tf(text) + ContextWeight * tf(context), with k1 = K1 and length
// normalisation B against the index's mean row length. FTS5's own
// bm25() has k1 and b fixed, so the candidates it ranked are read back and
// their words counted here, with the same tokenizer rules (unicode61 with
// diacritics folded, then Porter; TestStemmerMatchesFTS5 holds the two
// together). rows is the index size, rq.df each term's document frequency.
// An expression of an answer kind a term names counts as an occurrence of
// that term; each pseudo kind is one more slot after the terms, weighing
// pseudoWeight of the words' mean IDF. What was counted stays in the
// result, for diversify.
func (s *DocumentService) rescore(ctx context.Context, hits []kwHit, rq rankQuery, rows int) (*rescoring, error) {
	nt := len(rq.terms)
	m := newTermMatcher(rq.terms)
	for i, t := range rq.terms[:rq.words] {
		if k := rq.shape.cue[t]; k != ansNone {
			m.kinds = append(m.kinds, kindSlot{i, k})
		}
	}
	for j, k := range rq.shape.pseudo {
		m.kinds = append(m.kinds, kindSlot{nt + j, k})
	}
	slots := nt + len(rq.shape.pseudo)
	r := &rescoring{cfg: s.ranking, m: m, weights: make([]float64, slots), rows: map[int64]*scored{}}
	if len(hits) == 0 {
		return r, nil
	}
	var err error
	if r.avg, err = s.avgRowLen(ctx); err != nil {
		return nil, err
	}
	sum := 0.0
	for i := range rq.terms {
		r.weights[i] = s.ranking.termIDF(rows, rq.df[i])
		if i >= rq.words {
			r.weights[i] *= s.ranking.BackoffWeight
		} else {
			sum += r.weights[i]
		}
	}
	for i := nt; i < slots; i++ {
		r.weights[i] = pseudoWeight * sum / float64(max(1, rq.words))
	}
	r.topicWeights = append(r.weights[:nt:nt], make([]float64, slots-nt)...)
	args := make([]any, len(hits))
	marks := make([]string, len(hits))
	for i, h := range hits {
		args[i] = h.id
		marks[i] = "?"
	}
	q, err := s.db.R.QueryContext(ctx, `SELECT id, document_id, ordinal, start_offset, end_offset, text, context
		FROM chunks WHERE id IN (`+strings.Join(marks, ",")+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("keyword search: %w", err)
	}
	defer q.Close()
	var context string
	total := 0
	for q.Next() {
		var id int64
		c := &scored{tfText: make([]float64, slots), tfCtx: make([]float64, slots)}
		if err := q.Scan(&id, &c.doc, &c.ord, &c.runeStart, &c.runeEnd, &c.text, &context); err != nil {
			return nil, fmt.Errorf("keyword search: %w", err)
		}
		c.nText = r.m.count(c.text, c.tfText)
		c.nCtx = r.m.count(context, c.tfCtx)
		r.rows[id] = c
		total += c.nText + c.nCtx
	}
	if err := q.Err(); err != nil {
		return nil, fmt.Errorf("keyword search: %w", err)
	}
	if r.avg.row <= 0 && len(r.rows) > 0 {
		// No statistics from FTS5: the candidates' mean length stands in.
		r.avg.row = float64(total) / float64(len(r.rows))
	}
	for i := range hits {
		hits[i].score = 0
		if c, ok := r.rows[hits[i].id]; ok {
			hits[i].score = r.score(c, c.tfText)
			c.topic = r.cfg.bm25f(c.tfText, c.tfCtx, r.topicWeights, float64(c.nText), float64(c.nCtx), r.avg)
		}
	}
	return r, nil
}

// topic is a candidate's score without the answer kinds a question asks
// for without naming them: how well it matches what the question is
// about, for relevance (a date in a passage is evidence for an answer, not
// for the topic).
func (r *rescoring) topic(id int64) float64 {
	if c := r.rows[id]; c != nil {
		return c.topic
	}
	return 0
}

// keywordRelevance puts a BM25F score on a scale that does not depend on
// the query: against ideal, the score of a chunk of average length that
// has every query term once (each term then adds its IDF; a term no chunk
// has counts at the IDF of the rarest), capped at 1. A
// passage sharing one common word with the question scores near 0, one
// that has all its rare words near 1, whatever the index size.
func keywordRelevance(score, ideal float64) float64 {
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

type rescoring struct {
	cfg     rankConfig
	m       *termMatcher
	weights []float64
	// topicWeights are weights with the pseudo slots at 0 (see topic).
	topicWeights []float64
	avg          rowLengths
	rows         map[int64]*scored
}

// score is c's BM25F with tfText standing for the term counts of its text.
func (r *rescoring) score(c *scored, tfText []float64) float64 {
	return r.cfg.bm25f(tfText, c.tfCtx, r.weights, float64(c.nText), float64(c.nCtx), r.avg)
}

// diversify orders hits (sorted best first) so that evidence a chunk
// ranked higher already shows is not counted twice. Neighbouring chunks of
// a document share text (the splitter's overlap); when a query's words lie
// in that shared text, both chunks match on them, and the second adds
// nothing new for the reader or the model. Greedily, best first, a chunk
// whose neighbour was already chosen is scored on the text it does not
// share with it (the same BM25F, its words outside the overlap only).
func (r *rescoring) diversify(hits []kwHit) {
	base := make([]float64, len(hits))
	adj := make([]float64, len(hits))
	for i, h := range hits {
		base[i], adj[i] = h.score, h.score
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
		hits[k].score = adj[k]
		c := r.rows[hits[k].id]
		if c == nil {
			continue
		}
		chosen[key{c.doc, c.ord}] = c
		for j := k + 1; j < len(hits); j++ {
			n := r.rows[hits[j].id]
			if n == nil || n.doc != c.doc || (n.ord != c.ord-1 && n.ord != c.ord+1) {
				continue
			}
			adj[j] = base[j] * r.novel(n, chosen[key{n.doc, n.ord - 1}], chosen[key{n.doc, n.ord + 1}])
		}
	}
}

// novel is the share of c's score left when the text it shares with the
// chosen chunks before and after it (either may be nil) is taken out.
func (r *rescoring) novel(c, before, after *scored) float64 {
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

// rowLengths are mean token counts: of a row, and of each column.
type rowLengths struct{ row, text, context float64 }

// bm25f scores one row from its per-term frequencies in the two columns
// and the columns' lengths, as FTS5 combines them: the frequencies, the
// context's weighted, are added and normalised by the row's length.
// (Normalising each column by its own length first, Robertson's BM25F,
// ranked the same on every question set we tried.)
func (cfg rankConfig) bm25f(tfText, tfCtx, idf []float64, lenText, lenCtx float64, avg rowLengths) float64 {
	norm := cfg.K1 * (1 - cfg.B + cfg.B*(lenText+lenCtx)/max(avg.row, 1))
	sc := 0.0
	for i, w := range idf {
		if f := tfText[i] + cfg.ContextWeight*tfCtx[i]; f > 0 {
			sc += w * f * (cfg.K1 + 1) / (f + norm)
		}
	}
	return sc
}

// avgRowLen gives the mean token counts of indexed rows, from the totals
// FTS5 keeps for its own bm25 (the "averages" record, rowid 1 of its data
// table: a varint row count, then one varint token total per column).
func (s *DocumentService) avgRowLen(ctx context.Context) (rowLengths, error) {
	st := &s.fts
	st.mu.Lock()
	gen, avg, ok := st.gen, st.avgLen, st.avgGen == st.gen && st.avgLen.row > 0
	st.mu.Unlock()
	if ok {
		return avg, nil
	}
	var blob []byte
	err := s.db.R.QueryRowContext(ctx, `SELECT block FROM chunks_fts_data WHERE id = 1`).Scan(&blob)
	if errors.Is(err, sql.ErrNoRows) {
		return rowLengths{}, nil
	}
	if err != nil {
		return rowLengths{}, fmt.Errorf("keyword search: %w", err)
	}
	avg = averagesRecord(blob)
	st.mu.Lock()
	if st.gen == gen {
		st.avgLen, st.avgGen = avg, gen
	}
	st.mu.Unlock()
	return avg, nil
}

// averagesRecord decodes FTS5's averages record (text, then context
// column) into mean tokens per row; zero when it is empty or malformed.
func averagesRecord(b []byte) rowLengths {
	rows, n := sqliteVarint(b)
	if n == 0 || rows == 0 {
		return rowLengths{}
	}
	b = b[n:]
	var cols []uint64
	for len(b) > 0 {
		v, n := sqliteVarint(b)
		if n == 0 {
			return rowLengths{}
		}
		cols = append(cols, v)
		b = b[n:]
	}
	if len(cols) != 2 {
		return rowLengths{}
	}
	r := float64(rows)
	return rowLengths{row: float64(cols[0]+cols[1]) / r, text: float64(cols[0]) / r, context: float64(cols[1]) / r}
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
	// kinds are the answer kinds whose expressions count for a term.
	kinds []kindSlot
}

// kindSlot: expressions of kind count as occurrences of term (an index of tf).
type kindSlot struct {
	term int
	kind answerKind
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
	if len(m.kinds) > 0 {
		kc := countKinds(text)
		for _, k := range m.kinds {
			tf[k.term] += float64(kc[k.kind])
		}
	}
	return n
}
