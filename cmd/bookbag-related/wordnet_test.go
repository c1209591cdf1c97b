package main

import (
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A dictionary of five words in WordNet's file formats: a noun synset
// {author, writer} and a verb synset {write, compose}, joined by
// derivational pointers writer <-> write; "compose" has no tagged use.
var testDict = map[string]string{
	"data.noun": "  1 This software and database is being provided to you\n" +
		"00000100 10 n 02 author 0 writer 0 001 + 00000300 v 0201 | a person who writes\n" +
		"00000200 23 n 01 one 0 000 | the smallest whole number\n",
	"data.verb":  "00000300 36 v 02 write 0 compose 0 001 + 00000100 n 0102 | produce a text\n",
	"data.adj":   "",
	"data.adv":   "",
	"index.noun": "author n 1 1 + 1 1 00000100\nwriter n 1 1 + 1 1 00000100\none n 1 0 1 0 00000200\n",
	"index.verb": "compose v 1 1 + 1 0 00000300\nwrite v 1 1 + 1 1 00000300\n",
	"index.adj":  "",
	"index.adv":  "",
	"index.sense": "author%1:18:00:: 00000100 1 5\nwriter%1:18:00:: 00000100 1 3\n" +
		"compose%2:36:00:: 00000300 2 0\nwrite%2:36:00:: 00000300 1 10\n",
}

func buildTable(t *testing.T, o wnOptions) []string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range testDict {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "related.txt.gz")
	if err := runWordNet(dir, out, o); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

func TestWordNetTable(t *testing.T) {
	shipped := wnOptions{senses: 1, decay: []float64{1, 0.75, 0.5}, syn: 1, deriv: 0.8, posShare: 0.2, tagged: true,
		theirRank: true, keep: 10, minWeight: 0.01}
	// Synonyms at 1, derived forms at 0.8; "compose" is no synonym of
	// "write" (its sense is not tagged), "one" has nothing; lines sorted.
	want := []string{"author\twriter 100", "compose\twrite 100", "write\twriter 80", "writer\tauthor 100 write 80"}
	if got := buildTable(t, shipped); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("shipped options:\n%q\nwant\n%q", got, want)
	}
	untagged := shipped
	untagged.tagged, untagged.deriv = false, 0
	want = []string{"author\twriter 100", "compose\twrite 100", "write\tcompose 100", "writer\tauthor 100"}
	if got := buildTable(t, untagged); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("untagged synonyms only:\n%q\nwant\n%q", got, want)
	}
}
