package rag

import (
	"reflect"
	"testing"
)

func TestQuestionShape(t *testing.T) {
	for _, c := range []struct {
		q      string
		cue    map[string]answerKind
		pseudo []answerKind
	}{
		{"Which version and date does this license carry?", map[string]answerKind{"version": ansVersion, "date": ansDate}, nil},
		{"What is the maximum number of bits?", map[string]answerKind{"maximum": ansNumber, "number": ansNumber}, nil},
		{"When was the memory model revised?", map[string]answerKind{}, []answerKind{ansDate}},
		{"When I redistribute the work, what must I do?", map[string]answerKind{}, nil},
		{"release date version", map[string]answerKind{}, nil}, // keywords, not a question
	} {
		sh := questionShapeOf(c.q)
		if !reflect.DeepEqual(sh.cue, c.cue) || !reflect.DeepEqual(sh.pseudo, c.pseudo) {
			t.Errorf("%q: cue %v pseudo %v, want %v %v", c.q, sh.cue, sh.pseudo, c.cue, c.pseudo)
		}
	}
}

func TestCountKind(t *testing.T) {
	for _, c := range []struct {
		text string
		kind answerKind
		n    int
	}{
		{"Apache License\nVersion 2.0, January 2004", ansDate, 1},
		{"Version of June 6, 2022; prior to 28 March 2007; 2007-03-28", ansDate, 3},
		{"in 2004 or may 5 and March", ansDate, 0},
		{"Version 2.0, Go 1.22 and v1.2.3", ansVersion, 3},
		{"2.1. Grants\nsee Section 3.2 and 1.5", ansVersion, 1},
		{"either 32 or 64 bits, 10,000 rows", ansNumber, 3},
	} {
		if n := countKind(c.text, c.kind); n != c.n {
			t.Errorf("%q kind %d: %d, want %d", c.text, c.kind, n, c.n)
		}
	}
	m := newTermMatcher([]string{"date", "license"})
	m.kinds = []kindSlot{{0, ansDate}}
	tf := make([]float64, 2)
	m.count("Apache License Version 2.0, January 2004; the date", tf)
	if tf[0] != 2 || tf[1] != 1 {
		t.Fatalf("tf %v", tf)
	}
}
