package rank

import (
	"reflect"
	"testing"
)

func TestQueryIdentifiersKeepStopWords(t *testing.T) {
	if got := Terms("If many goroutines call once.Do with the same function?"); !reflect.DeepEqual(got, []string{"many", "goroutines", "call", "once", "do", "function"}) {
		t.Fatalf("terms %q", got)
	}
	if got := queryPhrases("call once.Do with"); !reflect.DeepEqual(got, []string{"call once", "once do"}) {
		t.Fatalf("phrases %q", got)
	}
	// Sentence punctuation, apostrophes and abbreviations are not identifiers.
	if got := Terms("Is it done? It's e.g. the end."); !reflect.DeepEqual(got, []string{"done", "e", "g", "end"}) {
		t.Fatalf("terms %q", got)
	}
}
