package rank

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Words splits a text the way the FTS tokenizer (unicode61) does, in
// order and lower-cased.
func Words(q string) []string {
	return strings.FieldsFunc(strings.ToLower(q), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r) && !unicode.IsMark(r)
	})
}

// queryToken is one word of a query and whether it counts as content.
type queryToken struct {
	word    string
	content bool
}

// queryTokens splits a query into words (as Words) and marks the
// content words: those that are not stop words, and also stop words that
// are part of an identifier written with dots, underscores, slashes or
// colons ("once.Do", "sync.Once", "net/http", "io::Read"), where every
// part names something. Abbreviations of single letters ("e.g.") are not
// identifiers.
func queryTokens(q string) []queryToken {
	var out []queryToken
	for _, raw := range strings.Fields(q) {
		words := Words(raw)
		ident := len(words) > 1 && isIdentifier(raw, words)
		for _, w := range words {
			out = append(out, queryToken{word: w, content: ident || !stopWords[w]})
		}
	}
	return out
}

func isIdentifier(raw string, words []string) bool {
	long := false
	for _, w := range words {
		if utf8.RuneCountInString(w) > 1 {
			long = true
		}
	}
	if !long {
		return false
	}
	// A connector between two word characters, not at either end of the
	// token (which is sentence punctuation).
	t := strings.TrimFunc(raw, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
	return strings.ContainsAny(t, "._/:")
}

// Terms are the query's content words without duplicates, at most 32: the
// words a keyword search asks the index for. A query of stop words only
// ("what is it") keeps them.
func Terms(q string) []string {
	var terms []string
	seen := map[string]bool{}
	toks := queryTokens(q)
	for _, t := range toks {
		if !t.content || seen[t.word] {
			continue
		}
		seen[t.word] = true
		terms = append(terms, t.word)
	}
	if len(terms) == 0 {
		for _, t := range toks {
			if !seen[t.word] {
				seen[t.word] = true
				terms = append(terms, t.word)
			}
		}
	}
	if len(terms) > 32 {
		terms = terms[:32]
	}
	return terms
}

// queryPhrases are the spans between neighbouring content words of the
// query, stop words between them included ("loop variables", "go 1 22",
// "incompatible with secondary"): a chunk that has them in that order is
// likelier to be about what was asked than one with the words scattered
// (the sequential dependence idea of term-proximity ranking). Spans longer
// than four words are left out.
func queryPhrases(q string) []string {
	toks := queryTokens(q)
	var phrases []string
	seen := map[string]bool{}
	prev := -1
	for i, t := range toks {
		if !t.content {
			continue
		}
		if prev >= 0 && i-prev <= 3 {
			words := make([]string, 0, i-prev+1)
			for _, u := range toks[prev : i+1] {
				words = append(words, u.word)
			}
			p := strings.Join(words, " ")
			if !seen[p] {
				seen[p] = true
				phrases = append(phrases, p)
			}
		}
		prev = i
	}
	if len(phrases) > 32 {
		phrases = phrases[:32]
	}
	return phrases
}
