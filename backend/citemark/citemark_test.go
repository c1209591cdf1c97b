package citemark

import "testing"

func TestRewriteKeepsInvalidItemsAsWritten(t *testing.T) {
	known := func(n int) bool { return n >= 1 && n <= 3 }
	mark := func(n int) string { return "<" + string(rune('0'+n)) + ">" }
	for in, want := range map[string]string{
		"a [1, 2] b":     "a <1><2> b",
		"a [2, 9] b":     "a <2>[9] b",
		"a [9, 12] b":    "a [9, 12] b",
		"a [1–3] b":      "a <1><2><3> b",
		"a [2-5] b":      "a [2-5] b",
		"a [1][3] b":     "a <1><3> b",
		"a [1](x) [2] b": "a [1](x) <2> b",
	} {
		if got := Rewrite(in, known, mark); got != want {
			t.Errorf("%q became %q, want %q", in, got, want)
		}
	}
}

// First finds the marker that cites a source, grouped or ranged, never one
// in code or a link.
func TestFirstMarkerOfASource(t *testing.T) {
	answer := "See `xs[2]` and [2](u); both [1, 3-4] agree, and [2]."
	for _, tc := range []struct {
		n    int
		want string
	}{{1, "[1, 3-4]"}, {3, "[1, 3-4]"}, {4, "[1, 3-4]"}, {2, "[2]"}} {
		start, end, ok := First(answer, tc.n, 4)
		if !ok || answer[start:end] != tc.want {
			t.Errorf("source %d: %q (%v), want %q", tc.n, answer[start:end], ok, tc.want)
		}
	}
	if _, _, ok := First(answer, 5, 5); ok {
		t.Error("source 5 is not cited")
	}
	if _, _, ok := First("```\n[1]\n```\n", 1, 1); ok {
		t.Error("a marker in a fenced block was found")
	}
}
