package rank

import (
	"math"
	"testing"
)

// Coverage counts the query words of a chunk and of its neighbours in the
// same document (ordinal ±1) among the candidates, weighted by IDF; a
// chunk further away or in another document adds nothing. The boost is
// score × (1 + CoordWeight × covered IDF / all words' IDF).
func TestCoordinateCountsWordsOfChunkAndNeighbours(t *testing.T) {
	cfg := DefaultConfig()
	q := cfg.NewQuery("alpha beta gamma", []string{"alpha", "beta", "gamma"}, []int{2, 4, 8}, 10000)
	r := cfg.Rescoring(q, 100, RowLengths{Row: 6})
	r.Add(1, Candidate{Doc: "d", Ordinal: 3, Text: "alpha and more words here"})
	r.Add(2, Candidate{Doc: "d", Ordinal: 4, Text: "beta over here"}) // neighbour of 1
	r.Add(3, Candidate{Doc: "d", Ordinal: 6, Text: "gamma far away"}) // not a neighbour of 1
	r.Add(4, Candidate{Doc: "e", Ordinal: 2, Text: "alpha and more words here"})
	r.Add(5, Candidate{Doc: "f", Ordinal: 4, Text: "gamma in another file"}) // ordinal 4, other document
	hits := []Hit{{ID: 1}, {ID: 2}, {ID: 3}, {ID: 4}, {ID: 5}}
	r.Score(hits)
	for i := range hits {
		hits[i].Score = 10
	}
	r.coordinate(hits)
	wa, wb, wg := cfg.termIDF(100, 2), cfg.termIDF(100, 4), cfg.termIDF(100, 8)
	all := wa + wb + wg
	want := map[int64]float64{
		1: 10 * (1 + cfg.CoordWeight*(wa+wb)/all), // its own alpha, beta from chunk 2
		2: 10 * (1 + cfg.CoordWeight*(wa+wb)/all), // its own beta, alpha from chunk 1
		3: 10 * (1 + cfg.CoordWeight*wg/all),
		4: 10 * (1 + cfg.CoordWeight*wa/all),
		5: 10 * (1 + cfg.CoordWeight*wg/all),
	}
	for _, h := range hits {
		if math.Abs(h.Score-want[h.ID]) > 1e-9 {
			t.Errorf("chunk %d: score %v, want %v", h.ID, h.Score, want[h.ID])
		}
	}
	if !(hits[0].Score > hits[3].Score) {
		t.Fatalf("the chunk whose neighbour has another query word should rank above its twin: %+v", hits)
	}
}

// With the weight at 0 scores are left as they are.
func TestCoordinateOff(t *testing.T) {
	cfg := DefaultConfig()
	cfg.CoordWeight = 0
	q := cfg.NewQuery("alpha beta", []string{"alpha", "beta"}, []int{2, 4}, 10000)
	r := cfg.Rescoring(q, 100, RowLengths{Row: 6})
	r.Add(1, Candidate{Doc: "d", Text: "alpha beta"})
	hits := []Hit{{ID: 1, Score: 3}}
	r.coordinate(hits)
	if hits[0].Score != 3 {
		t.Fatalf("score %v, want 3", hits[0].Score)
	}
}
