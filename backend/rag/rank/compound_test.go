package rank

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

func parts(s []Split) []string {
	var out []string
	for _, x := range s {
		out = append(out, x.Part+"/"+x.Rest)
	}
	return out
}

// The cuts worth a lookup, longest part first, tails then heads: no stop
// word for part or rest, no part shorter than BackoffMin, none whose stem
// is asked for already.
func TestCompoundSplits(t *testing.T) {
	cp := DefaultConfig().Compounds([]string{"email", "newline", "lines"})
	got, need := cp.Splits("newline", 3)
	if want := []string{"ewline/n", "wline/ne"}; !reflect.DeepEqual(parts(got), want) || need != 6 {
		// "line" is the stem of "lines", a query word.
		t.Errorf("newline: %v need %d, want %v need 6", parts(got), need, want)
	}
	got, need = cp.Splits("email", 0)
	if want := []string{"mail/e"}; !reflect.DeepEqual(parts(got), want) || need != 2 {
		t.Errorf("email: %v need %d, want %v need 2", parts(got), need, want)
	}
	cp.Take(got[0])
	if again, _ := cp.Splits("remail", 0); len(again) != 0 {
		t.Errorf("a part taken is offered again: %v", parts(again))
	}
	// "in" + "compatible": the rest is a stop word.
	got, _ = cp.Splits("incompatible", 1)
	if len(got) == 0 || slices.Contains(parts(got), "compatible/in") {
		t.Errorf("incompatible: %v", parts(got))
	}
	// Digits, and a word longer than maxCompoundLen (a pasted hash, a
	// sequence), are not split.
	for _, w := range []string{"utf8mail", strings.Repeat("x", maxCompoundLen) + "mail"} {
		if got, _ := cp.Splits(w, 0); len(got) != 0 {
			t.Errorf("%s: %v", w, parts(got))
		}
	}
}
