package rank

import (
	"reflect"
	"testing"
	"unicode/utf8"
)

// A chunk whose query words all lie in the text it shares with a better
// neighbour (the splitter's overlap) adds nothing new: it drops below a
// weaker chunk elsewhere. Relevance stays in (0, 1].
func TestRankDiversifiesOverlappingNeighbours(t *testing.T) {
	cfg := DefaultConfig()
	q := cfg.NewQuery("job control", []string{"job", "control"}, []int{3, 3}, 10000)
	r := cfg.Rescoring(q, 100, RowLengths{Row: 8})
	a := "Typing the suspend character stops it. Job control"
	n := utf8.RuneCountInString(a)
	start := n - len("Job control")
	b := "Job control is done by the shell with bg and fg."
	r.Add(1, Candidate{Doc: "d", Ordinal: 0, RuneEnd: n, Text: a, Context: "Job control"})
	r.Add(2, Candidate{Doc: "d", Ordinal: 1, RuneStart: start, RuneEnd: start + utf8.RuneCountInString(b), Text: b})
	r.Add(3, Candidate{Doc: "e", Text: "A job runs in the background."})
	hits := []Hit{{ID: 3}, {ID: 2}, {ID: 1}}
	r.Score(hits)
	if !(hits[2].Score > hits[1].Score && hits[1].Score > hits[0].Score && hits[0].Score > 0) {
		t.Fatalf("BM25F before diversifying: %+v", hits)
	}
	got := r.Rank(hits, nil, 3)
	var ids []int64
	for _, h := range got {
		ids = append(ids, h.ID)
		if h.Relevance <= 0 || h.Relevance > 1 {
			t.Errorf("chunk %d: relevance %v", h.ID, h.Relevance)
		}
	}
	if !reflect.DeepEqual(ids, []int64{1, 3, 2}) || got[2].Score != 0 {
		t.Fatalf("ranked %+v", got)
	}
}
