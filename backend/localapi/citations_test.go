package localapi

import (
	"testing"
	"unicode/utf8"
)

// A grouped or ranged marker spans each source it cites; a marker in code
// does not count; indexes count code points.
func TestAnnotationsSpanGroupedMarkers(t *testing.T) {
	sources := []Source{{DocumentID: "a", DocumentName: "A"}, {DocumentID: "b", DocumentName: "B"}, {DocumentID: "c", DocumentName: "C"}}
	answer := "Café `m[3]` says so [1, 2]; see also [3]."
	text := answer + sourcesText(sources)
	runes := []rune(text)
	want := []string{"[1, 2]", "[1, 2]", "[3]"}
	for i, a := range annotations(sources, answer, text, true) {
		u := a.URLCitation
		if got := string(runes[u.StartIndex:u.EndIndex]); got != want[i] {
			t.Errorf("source %d spans %q, want %q", i+1, got, want[i])
		}
	}
	if utf8.RuneCountInString(answer) == len(answer) {
		t.Fatal("the answer must hold a multi-byte character")
	}
}
