package rank

import (
	"math"
	"slices"
	"testing"
)

// A related word is looked up when it is similar enough, no stop word and
// not another form of a word or term the query asks for; it is added only
// when its rows fit, and counts RelatedWeight × similarity of its IDF.
func TestRelatedWords(t *testing.T) {
	cfg := DefaultConfig()
	q := cfg.NewQuery("who built the bridge", []string{"built", "bridge"}, []int{2, 5}, 100)
	if got := q.RelatedWords(); !slices.Equal(got, []string{"built", "bridge"}) {
		t.Fatalf("related words asked for %v", got)
	}
	for _, c := range []struct {
		word string
		sim  float64
		want bool
	}{
		{"constructed", 0.91, true},
		{"erected", cfg.RelatedMinSim - 0.01, false}, // not similar enough
		{"bridges", 0.9, false},                      // the stem of "bridge", asked for
		{"would", 0.9, false},                        // a stop word
	} {
		if got := q.Related(c.word, c.sim); got != c.want {
			t.Errorf("Related(%s, %.2f) = %v", c.word, c.sim, got)
		}
	}
	if q.Room() != 100-7 {
		t.Fatalf("room %d", q.Room())
	}
	if q.AddRelated("tunnel", 94, 0.8) || q.AddRelated("viaduct", 0, 0.8) {
		t.Fatal("a word in more rows than the room, or in none, was added")
	}
	if !q.AddRelated("constructed", 4, 0.9) || q.Related("construct", 0.9) {
		t.Fatal("constructed: not added, or its stem offered again")
	}
	if !slices.Equal(q.Terms(), []string{"built", "bridge", "constructed"}) || q.Room() != 89 {
		t.Fatalf("terms %v room %d", q.Terms(), q.Room())
	}
	r := cfg.Rescoring(q, 100, RowLengths{Row: 8})
	want := cfg.termIDF(100, 4) * cfg.RelatedWeight * 0.9
	if math.Abs(r.weights[2]-want) > 1e-12 || r.weights[2] >= r.weights[0] {
		t.Errorf("related word's weight %v, want %v (below a query word's %v)", r.weights[2], want, r.weights[0])
	}

	cfg.RelatedWeight = 0
	if got := cfg.NewQuery("who built it", []string{"built"}, []int{2}, 100).RelatedWords(); got != nil {
		t.Errorf("related words off, still asked for %v", got)
	}
}
