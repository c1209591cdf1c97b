package related

import (
	"slices"
	"strings"
	"testing"
)

func TestNearFindsRelatedWordsBestFirst(t *testing.T) {
	tab := New()
	if err := tab.Err(); err != nil {
		t.Fatal(err)
	}
	// "started" and "permitted" have no line: their base forms do.
	for word, want := range map[string]string{"author": "writer", "build": "construct", "permitted": "allow", "started": "begin"} {
		near := tab.Near(word)
		if len(near) == 0 || len(near) > 10 {
			t.Fatalf("%s: %d related words", word, len(near))
		}
		found := false
		for i, n := range near {
			if n.Sim < 0.4 || n.Sim > 1 || (i > 0 && n.Sim > near[i-1].Sim) {
				t.Errorf("%s: %+v out of order or range", word, near)
			}
			found = found || n.Word == want
		}
		if !found {
			t.Errorf("%s: %+v, want %s among them", word, near, want)
		}
	}
	// "built" neither: irregular forms need WordNet's exception lists,
	// which the table is not built from.
	for _, word := range []string{"", "qzxv", "author\t", "zzzzzzzzzz", "a", "built"} {
		if near := tab.Near(word); near != nil {
			t.Errorf("%q: %+v, want none", word, near)
		}
	}
}

func TestBaseForms(t *testing.T) {
	for word, want := range map[string]string{
		"libraries": "library", "boxes": "box", "files": "file", "permitted": "permit",
		"making": "make", "started": "start", "women": "woman", "larger": "large",
	} {
		if got := baseForms(word); !slices.Contains(got, want) {
			t.Errorf("baseForms(%s) = %v, want %s among them", word, got, want)
		}
	}
	if got := baseForms("is"); len(got) != 0 {
		t.Errorf("baseForms(is) = %v", got)
	}
}

// The table is what binary search needs: one line per word, sorted, each
// a word, a tab and word-weight pairs.
func TestTableIsSortedAndWellFormed(t *testing.T) {
	tab := New()
	if err := tab.Err(); err != nil {
		t.Fatal(err)
	}
	if len(tab.starts) < 15000 {
		t.Fatalf("%d lines", len(tab.starts))
	}
	prev := ""
	for i := range tab.starts {
		l := tab.at(i)
		word, list, ok := strings.Cut(l, "\t")
		if !ok || word == "" || strings.Contains(list, "\t") || len(strings.Fields(list))%2 != 0 {
			t.Fatalf("line %d: %q", i, l)
		}
		if word+"\t" <= prev+"\t" {
			t.Fatalf("line %d: %q after %q", i, word, prev)
		}
		prev = word
	}
}

// BenchmarkLoad is what the first search pays to read the table.
func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if err := New().Err(); err != nil {
			b.Fatal(err)
		}
	}
}
