package rank

import "sort"

// Fused is one chunk of a fused ranking and its score.
type Fused struct {
	ID    int64
	Score float64
}

// Fuse combines ranked lists of chunk ids by reciprocal rank: score = sum
// of 1/(k+rank), normalised so that first place in every list scores 1.
// Ties keep the order of the first list (BM25), then id, so results are
// deterministic.
func Fuse(lists [][]int64, k int) []Fused {
	score := map[int64]float64{}
	first := map[int64]int{}
	order := 0
	for _, l := range lists {
		for r, id := range l {
			score[id] += 1 / float64(k+r+1)
			if _, ok := first[id]; !ok {
				first[id] = order
				order++
			}
		}
	}
	max := float64(len(lists)) / float64(k+1)
	out := make([]Fused, 0, len(score))
	for id, sc := range score {
		out = append(out, Fused{ID: id, Score: sc / max})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return first[out[i].ID] < first[out[j].ID]
	})
	return out
}
