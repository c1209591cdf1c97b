package rank

import (
	"math"
	"unicode/utf8"
)

// Compound backoff (as search engines split compounds): a query word can
// be a rare written form of a commoner word it ends or starts with:
// "email" for "mail" ("mailing lists"), "histfilesize" for "size",
// "coprocess" for "process", "panicnil" for "panic". Such a word also
// asks for that part, at a discount, so a chunk that says it the other
// way is not left with no credit for it.
//
// Which cuts of a word are worth asking the index about is decided here;
// whether the index has the part often enough, and the rest at all, is
// for the caller to look up (package rag), in the order given.

// maxCompoundLen: a longer word is not split (a pasted hash or DNA
// sequence would cost a lookup per letter and find nothing real).
const maxCompoundLen = 24

// Split is one cut of a query word into a compound part and the rest.
type Split struct {
	Part, Rest string
	stem       string // the part's
}

// Compounds proposes the compound parts of a query's words, never one
// whose stem is a word's or an earlier part's.
type Compounds struct {
	cfg Config
	// have are the stems asked for: the words', and the parts taken.
	have map[string]bool
}

// Compounds starts the backoff for a query's words (Query.BackoffWords).
func (c Config) Compounds(words []string) *Compounds {
	cp := &Compounds{cfg: c, have: map[string]bool{}}
	for _, w := range words {
		cp.have[Stem(w)] = true
	}
	return cp
}

// Splits lists word's cuts worth looking up, best first: the longest tail
// or head part that is a word of its own wins. Each part has at least
// BackoffMin letters, and so has its stem; neither is a stop word, nor is
// the rest ("in" + "compatible" is no compound), nor is the stem asked for
// already. Tails are cut from the word ("newline" / "line"); heads from
// its stem, since Porter rewrites only a word's ending, and a head of the
// word itself is mostly the word less an inflection ("models" / "mode").
// need is how many chunks a part must be in, given the word's document
// frequency df (BackoffRatio times as many); the caller also checks that
// the rest is an indexed word, then calls Take with the first part that
// passes.
func (cp *Compounds) Splits(word string, df int) (splits []Split, need int) {
	if !isLetters(word) || utf8.RuneCountInString(word) > maxCompoundLen {
		return nil, 0
	}
	c := cp.cfg
	var cands []Split
	rt := []rune(word)
	for l := len(rt) - 1; l >= c.BackoffMin; l-- {
		cands = append(cands, Split{Part: string(rt[len(rt)-l:]), Rest: string(rt[:len(rt)-l])})
	}
	rs := []rune(Stem(word))
	for l := len(rs) - c.BackoffHeadRest; l >= c.BackoffMin; l-- {
		cands = append(cands, Split{Part: string(rs[:l]), Rest: string(rs[l:])})
	}
	for _, s := range cands {
		s.stem = Stem(s.Part)
		if stopWords[s.Part] || cp.have[s.stem] || utf8.RuneCountInString(s.stem) < c.BackoffMin || stopWords[s.stem] {
			continue
		}
		if stopWords[s.Rest] {
			continue
		}
		splits = append(splits, s)
	}
	return splits, int(math.Ceil(c.BackoffRatio * float64(max(df, 1))))
}

// Take records that s's part is asked for, so no later word adds it again.
func (cp *Compounds) Take(s Split) { cp.have[s.stem] = true }

// isLetters: a word without digits (no "1.22", "utf8" splits).
func isLetters(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z') && r < 0x80 {
			return false
		}
	}
	return true
}
