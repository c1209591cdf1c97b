package citemark

import (
	"strings"
	"testing"
)

// FuzzCitedAndFirstAgree checks, on any answer, that the chat's cited set
// (Cited) and the local API's annotation spans (First) agree: a source is
// cited exactly when First finds a marker for it, that marker is a
// bracketed span of the answer, and walking the text outside code changes
// nothing by itself.
func FuzzCitedAndFirstAgree(f *testing.F) {
	for _, s := range []string{"See [1] and [2, 3].", "Ranges [1-3] and `[2]` in code", "```\n[1]\n```\nafter [4]", "[link](http://x) [1][2]", "[3-1] [0] [99]"} {
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, answer string, count int) {
		count %= 20
		if OutsideCode(answer, func(s string) string { return s }) != answer {
			t.Fatalf("walking %q changed it", answer)
		}
		cited := Cited(answer, count)
		for n := range cited {
			if n < 1 || n > count {
				t.Fatalf("%q cites %d of %d", answer, n, count)
			}
		}
		for n := 1; n <= count; n++ {
			start, end, ok := First(answer, n, count)
			if ok != cited[n] {
				t.Fatalf("%q: source %d cited %v but First found %v", answer, n, cited[n], ok)
			}
			if ok && (start < 0 || end > len(answer) || start >= end || !strings.HasPrefix(answer[start:end], "[")) {
				t.Fatalf("%q: marker of %d at [%d,%d)", answer, n, start, end)
			}
		}
	})
}
