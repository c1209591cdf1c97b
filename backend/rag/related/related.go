// Package related says which words are near a word in meaning, so that the
// keyword search can also ask for them at a discount: a question that says
// "writer" then finds a passage that says "author", one that says "built"
// finds "constructed". The table (related.txt.gz, 166 kB) is derived from
// Princeton WordNet 3.1 (LICENSE-WordNet.txt): for each of 19,072
// single-word lemmas, the other single-word lemmas of its commonest
// synset in each part of speech the word is used in (synonyms) and the
// words its derivational pointers lead to, each weighted by its relation
// (synonym 1, derived form 0.8) and by how common that sense is, for the
// word and for the related word; only senses SemCor has tagged are kept.
// It is built by cmd/bookbag-related -wordnet.
package related

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"
)

//go:embed related.txt.gz
var packed []byte

//go:embed LICENSE-WordNet.txt
var license string

// License is WordNet's licence, which asks for its notice on every copy:
// the app shows it in Settings and the packages install it.
func License() string { return license }

// Near is a word near another in meaning, with its weight in the table
// (0–1: the relation's weight times the senses').
type Near struct {
	Word string
	Sim  float64
}

// Table is the related-words table. It is unpacked on first use (0.5 MB
// of text and an index of line starts), so an app that never searches
// never holds it.
type Table struct {
	once   sync.Once
	text   string
	starts []int32 // where each line starts, lines sorted by their word
	err    error
}

// New returns the table built into the app.
func New() *Table { return &Table{} }

// Err reports whether the table could not be read (then Near finds
// nothing and the search goes on without related words).
func (t *Table) Err() error {
	t.once.Do(t.load)
	return t.err
}

// Near lists word's related words, best first; nil for a word the table
// does not have under its own form or a base form (baseForms). word is
// lower case, as the index's tokens are.
func (t *Table) Near(word string) []Near {
	t.once.Do(t.load)
	line, ok := t.line(word)
	if !ok {
		// WordNet's lemmas are base forms: try the word's (morphy's
		// detachment rules, the first base form the table has).
		for _, b := range baseForms(word) {
			if line, ok = t.line(b); ok {
				break
			}
		}
	}
	if !ok {
		return nil
	}
	f := strings.Fields(line)
	out := make([]Near, 0, len(f)/2)
	for i := 0; i+1 < len(f); i += 2 {
		hundredths, err := strconv.Atoi(f[i+1])
		if err != nil {
			break
		}
		out = append(out, Near{Word: f[i], Sim: float64(hundredths) / 100})
	}
	return out
}

// line finds word's list (the text after its tab) by binary search.
func (t *Table) line(word string) (string, bool) {
	if word == "" || len(t.starts) == 0 {
		return "", false
	}
	key := word + "\t"
	i := sort.Search(len(t.starts), func(i int) bool { return t.at(i) >= key })
	if i == len(t.starts) {
		return "", false
	}
	l := t.at(i)
	if !strings.HasPrefix(l, key) {
		return "", false
	}
	return l[len(key):], true
}

// at is line i without its newline.
func (t *Table) at(i int) string {
	end := len(t.text)
	if i+1 < len(t.starts) {
		end = int(t.starts[i+1]) - 1
	}
	return t.text[t.starts[i]:end]
}

func (t *Table) load() {
	zr, err := gzip.NewReader(bytes.NewReader(packed))
	if err != nil {
		t.err = fmt.Errorf("read related words: %w", err)
		return
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.err = fmt.Errorf("read related words: %w", err)
		return
	}
	text := strings.TrimSuffix(string(b), "\n")
	starts := []int32{0}
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			starts = append(starts, int32(i+1))
		}
	}
	t.text, t.starts = text, starts
}

// baseForms are the forms WordNet's morphy would try for an inflected
// word (its detachment rules for nouns, verbs and adjectives, and a
// doubled final consonant: "submitted" -> "submit"), most likely first.
func baseForms(w string) []string {
	var out []string
	try := func(suffix, repl string) {
		if len(w) > len(suffix)+1 && strings.HasSuffix(w, suffix) {
			out = append(out, w[:len(w)-len(suffix)]+repl)
		}
	}
	try("ies", "y")
	try("ches", "ch")
	try("shes", "sh")
	try("sses", "ss")
	try("xes", "x")
	try("zes", "z")
	try("men", "man")
	if !strings.HasSuffix(w, "ss") {
		try("s", "")
	}
	try("es", "e")
	try("ied", "y")
	for _, suf := range []string{"ed", "ing", "er", "est"} {
		if len(w) > len(suf)+2 && strings.HasSuffix(w, suf) {
			stem := w[:len(w)-len(suf)]
			n := len(stem)
			if stem[n-1] == stem[n-2] && !strings.ContainsRune("aeiousl", rune(stem[n-1])) {
				out = append(out, stem[:n-1])
			}
			out = append(out, stem, stem+"e")
		}
	}
	return out
}
