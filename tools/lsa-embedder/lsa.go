package main

import (
	"math"
	"strings"
	"unicode"
)

// model is a fitted LSA space.
type model struct {
	vocab map[string]int32 // word → column
	idf   []float64        // by column
	vk    [][]float64      // by column: the word's row of the K right singular vectors
	sigma []float64        // the K singular values, largest first
	scale bool             // divide by sigma when folding in
}

// entry is one non-zero of a sparse row.
type entry struct {
	col int32
	val float64
}

// tokens returns the lower-case words of s (runs of letters and digits)
// that are not stop words.
func tokens(s string) []string {
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	out := words[:0]
	for _, w := range words {
		if !stopWords[w] {
			out = append(out, w)
		}
	}
	return out
}

func counts(s string) map[string]int {
	c := map[string]int{}
	for _, w := range tokens(s) {
		c[w]++
	}
	return c
}

// fitLSA builds the tf-idf matrix of texts and keeps its top k singular
// directions.
func fitLSA(texts []string, k int, scale bool) *model {
	tfs := make([]map[string]int, len(texts))
	df := map[string]int{}
	for i, t := range texts {
		tfs[i] = counts(t)
		for w := range tfs[i] {
			df[w]++
		}
	}
	m := &model{vocab: map[string]int32{}, scale: scale}
	n := float64(len(texts))
	for w, d := range df {
		if d >= 2 {
			m.vocab[w] = int32(len(m.idf))
			m.idf = append(m.idf, math.Log(n/float64(d)))
		}
	}
	rows := make([][]entry, len(texts))
	for i, tf := range tfs {
		rows[i] = m.weigh(tf)
	}
	m.sigma, m.vk = truncatedSVD(rows, len(m.idf), k)
	return m
}

// weigh is a text's tf-idf row, (1+ln tf)·idf, L2-normalised.
func (m *model) weigh(tf map[string]int) []entry {
	var row []entry
	var norm float64
	for w, c := range tf {
		if col, ok := m.vocab[w]; ok {
			v := (1 + math.Log(float64(c))) * m.idf[col]
			row = append(row, entry{col, v})
			norm += v * v
		}
	}
	for i := range row {
		row[i].val /= math.Sqrt(norm)
	}
	return row
}

// embed folds a text into the space: its tf-idf row times V_k (divided by
// sigma with scale), L2-normalised. A text with none of the fitted words
// gets a pseudo-random direction (the app rejects zero vectors).
func (m *model) embed(text string) []float32 {
	k := len(m.sigma)
	p := make([]float64, k)
	for _, e := range m.weigh(counts(text)) {
		for j, x := range m.vk[e.col] {
			p[j] += e.val * x
		}
	}
	var norm float64
	for j := range p {
		if m.scale {
			p[j] /= m.sigma[j]
		}
		norm += p[j] * p[j]
	}
	if norm == 0 || math.IsNaN(norm) {
		return hashVector(text, k)
	}
	out := make([]float32, k)
	for j := range p {
		out[j] = float32(p[j] / math.Sqrt(norm))
	}
	return out
}

func (m *model) embedAll(texts []string) [][]float32 {
	out := make([][]float32, len(texts))
	for i, t := range texts {
		out[i] = m.embed(t)
	}
	return out
}

// stopWords is a common English list (the NLTK one, without contractions).
var stopWords = func() map[string]bool {
	s := map[string]bool{}
	for _, w := range strings.Fields(`a about above after again against all am an and any are as at be
		because been before being below between both but by can did do does doing don down during each
		few for from further had has have having he her here hers herself him himself his how i if in
		into is it its itself just me more most my myself no nor not now of off on once only or other
		our ours ourselves out over own s same she should so some such t than that the their theirs
		them themselves then there these they this those through to too under until up very was we
		were what when where which while who whom why will with would you your yours yourself
		yourselves`) {
		s[w] = true
	}
	return s
}()
