package rank

import (
	"strings"
	"unicode"
)

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
		st := Stem(t)
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
