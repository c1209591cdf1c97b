package chat

import (
	"context"
	"reflect"
	"sort"
	"testing"
)

func citedOf(cits []Citation) []int {
	out := []int{}
	for _, c := range cits {
		if c.Cited {
			out = append(out, c.N)
		}
	}
	sort.Ints(out)
	return out
}

// Models write grouped and ranged markers as often as [n]; each number in
// them cites its source, numbers beyond the sources and code do not.
func TestCitationsCountGroupedAndRangedMarkers(t *testing.T) {
	sources := make([]Source, 5)
	for _, tc := range []struct {
		answer string
		want   []int
	}{
		{"Plain [2].", []int{2}},
		{"Adjacent [1][3].", []int{1, 3}},
		{"Grouped [1, 2] and [4,5].", []int{1, 2, 4, 5}},
		{"Semicolons [2; 3].", []int{2, 3}},
		{"Range [1-3].", []int{1, 2, 3}},
		{"En dash [2–4], spaced em dash [4 — 5].", []int{2, 3, 4, 5}},
		{"Mixed [1, 3-4].", []int{1, 3, 4}},
		{"Out of range [9], [2, 9], [4-7], [3-1].", []int{2}},
		{"A link [1](https://example.com) is no marker.", []int{}},
		{"In code `xs[1, 2]` and\n```\nm[3-4]\n```\nbut [5].", []int{5}},
	} {
		if got := citedOf(citations(sources, tc.answer)); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: cited %v, want %v", tc.answer, got, tc.want)
		}
	}
}

// An answer given through the local API is recorded with the same cited set.
func TestRecordedAPIAnswerMarksGroupedCitations(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	id, err := h.svc.RecordExternal(ctx, h.ws, ExternalTurn{ModelRef: "openai:fake-chat", Question: "q",
		Answer: "Both say so [1, 3].", Sources: []Source{{DocumentName: "a"}, {DocumentName: "b"}, {DocumentName: "c"}}})
	if err != nil {
		t.Fatal(err)
	}
	v, err := h.svc.ViewChat(ctx, id, 0, "")
	if err != nil {
		t.Fatal(err)
	}
	answer := v.Messages[len(v.Messages)-1]
	if got := citedOf(answer.Citations); !reflect.DeepEqual(got, []int{1, 3}) {
		t.Fatalf("cited %v in %+v", got, answer.Citations)
	}
}
