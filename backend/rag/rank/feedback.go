package rank

import (
	"sort"
	"unicode"
)

// Pseudo-relevance feedback, RM3 (Abdul-Jaleel et al., 2004; Lavrenko and
// Croft's relevance model mixed into the query): the best candidates are
// taken as relevant, the words they use most (p(w|D), weighted by each
// candidate's share of their scores) become a second, weighted query, and
// every candidate is scored by it too. Here it re-ranks the candidates the
// first query found; it does not search again.

// feedbackWords returns up to n expansion words from texts (the best
// candidates' texts, weights their scores): each word's relevance-model
// probability Σ_d w_d · tf(w, d) / |d| with the w_d normalised to sum 1,
// and the result normalised to sum 1 too. Stop words, words of fewer than
// three letters, numbers, and words whose stem is in skip (the query's) are
// left out. Words are returned in a surface form (the first seen) that
// stems to their stem.
func feedbackWords(texts []string, weights []float64, skip map[string]bool, n int) ([]string, []float64) {
	total := 0.0
	for _, w := range weights {
		total += max(w, 0)
	}
	if total <= 0 || n <= 0 {
		return nil, nil
	}
	p := map[string]float64{}
	surface := map[string]string{}
	for d, text := range texts {
		wd := max(weights[d], 0) / total
		words := Words(text)
		if len(words) == 0 || wd == 0 {
			continue
		}
		for _, w := range words {
			if len(w) < 3 || stopWords[w] || !hasLetter(w) {
				continue
			}
			st := Stem(w)
			if skip[st] {
				continue
			}
			if _, ok := surface[st]; !ok {
				surface[st] = w
			}
			p[st] += wd / float64(len(words))
		}
	}
	stems := make([]string, 0, len(p))
	for st := range p {
		stems = append(stems, st)
	}
	sort.Slice(stems, func(i, j int) bool {
		if p[stems[i]] != p[stems[j]] {
			return p[stems[i]] > p[stems[j]]
		}
		return stems[i] < stems[j]
	})
	stems = stems[:min(n, len(stems))]
	out, probs := make([]string, len(stems)), make([]float64, len(stems))
	sum := 0.0
	for _, st := range stems {
		sum += p[st]
	}
	for i, st := range stems {
		out[i], probs[i] = surface[st], p[st]/sum
	}
	return out, probs
}

func hasLetter(w string) bool {
	for _, r := range w {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// FeedbackWords picks RM3's expansion words from the best FeedbackDocs of
// the scored hits (Score first). None when the config turns feedback off.
// Ask the index for their document frequencies and pass them to Expand.
func (r *Rescoring) FeedbackWords(hits []Hit) []string {
	if r.cfg.FeedbackDocs <= 0 || r.cfg.FeedbackTerms <= 0 || len(hits) == 0 {
		return nil
	}
	best := append([]Hit(nil), hits...)
	sort.SliceStable(best, func(i, j int) bool { return best[i].Score > best[j].Score })
	best = best[:min(len(best), r.cfg.FeedbackDocs)]
	var texts []string
	var weights []float64
	for _, h := range best {
		if c := r.cands[h.ID]; c != nil && h.Score > 0 {
			texts, weights = append(texts, c.text), append(weights, h.Score)
		}
	}
	skip := map[string]bool{}
	for _, t := range r.q.all {
		skip[Stem(t)] = true
	}
	words, probs := feedbackWords(texts, weights, skip, r.cfg.FeedbackTerms)
	r.fbProbs = probs
	return words
}

// Expand adds RM3's second query to every hit's score: the expansion words
// (FeedbackWords, in df chunks each) weigh their probability times their
// IDF, with BM25F's saturation and length normalisation over the chunk
// text; mixed as (1-λ)·original/|Q| + λ·feedback, which ranks as
// original + λ/(1-λ)·|Q|·feedback.
func (r *Rescoring) Expand(words []string, df []int, hits []Hit) {
	if len(words) == 0 || len(words) != len(r.fbProbs) || len(df) != len(words) {
		return
	}
	lambda := min(max(r.cfg.FeedbackLambda, 0), 0.95)
	mix := lambda / (1 - lambda) * float64(max(1, r.q.words))
	m := newTermMatcher(words)
	w := make([]float64, len(words))
	for i := range words {
		w[i] = r.fbProbs[i] * r.cfg.termIDF(r.rows, df[i])
	}
	zero := make([]float64, len(words))
	for i := range hits {
		c := r.cands[hits[i].ID]
		if c == nil {
			continue
		}
		tf := make([]float64, len(words))
		m.count(c.text, tf)
		hits[i].Score += mix * r.cfg.bm25f(tf, zero, w, float64(c.nText), float64(c.nCtx), r.avg)
	}
}
