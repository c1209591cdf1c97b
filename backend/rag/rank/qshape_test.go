package rank

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
		{"release date version", map[string]answerKind{}, nil},   // keywords, not a question
		{"May 2004 release notes", map[string]answerKind{}, nil}, // the month, not "may I"
		{"does bash keep a history size", map[string]answerKind{"size": ansNumber}, nil},
		{"In which year was it released?", map[string]answerKind{"year": ansYear}, nil},
	} {
		sh := questionShapeOf(c.q)
		if !reflect.DeepEqual(sh.cue, c.cue) || !reflect.DeepEqual(sh.pseudo, c.pseudo) {
			t.Errorf("%q: cue %v pseudo %v, want %v %v", c.q, sh.cue, sh.pseudo, c.cue, c.pseudo)
		}
	}
	// A cue word no chunk has still asks for its kind, once.
	sh := questionShapeOf("When was the number of cranes and the date of the count set?").withMissing([]string{"number", "cranes", "count"})
	if !reflect.DeepEqual(sh.pseudo, []answerKind{ansNumber}) {
		t.Errorf("with missing cue words: pseudo %v", sh.pseudo)
	}
}

func TestCountKinds(t *testing.T) {
	for _, c := range []struct {
		text                        string
		date, year, version, number int
	}{
		{"Apache License\nVersion 2.0, January 2004", 1, 1, 1, 2},
		{"Version of June 6, 2022; prior to 28 March 2007; 2007-03-28", 3, 3, 0, 7},
		{"in 2004 or may 5 and March", 0, 1, 0, 2},
		{"Go 1.0 was released in 2012.", 0, 1, 1, 2},
		{"logged at 2022-06-06T10:00:00Z", 1, 1, 0, 3},
		{"Version 2.0, Go 1.22 and v1.2.3", 0, 0, 3, 2},
		{"2.0 first; 2.1. Grants\nsee Section 3.2 and 1.5", 0, 0, 2, 4},
		{"v1.2.3 - fixes\nv1.2.4", 0, 0, 2, 0},
		{"either 32 or 64 bits, 10,000 rows; x86, utf8, 2nd", 0, 0, 0, 3},
		{"1998–2004 and «2005»", 0, 3, 0, 3},
		{"no digits at all", 0, 0, 0, 0},
	} {
		got := countKinds(c.text)
		want := kindCounts{ansDate: c.date, ansYear: c.year, ansVersion: c.version, ansNumber: c.number}
		if got != want {
			t.Errorf("%q: %v, want %v", c.text, got, want)
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
