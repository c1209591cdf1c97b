package rank

import (
	"math"
	"sort"
)

// proximityAlpha is α of Tao and Zhai's proximity bonus (SIGIR 2007):
// log(α + e^-δ), where δ is the smallest distance in tokens between
// occurrences of two different query terms (MinDist). Their α = 0.3.
const proximityAlpha = 0.3

// minPairDistance is MinDist: the smallest distance, in tokens, between an
// occurrence of one term and an occurrence of another (pos[i] are term i's
// token indexes, ascending), or -1 when fewer than two terms occur.
func minPairDistance(pos [][]int) int {
	type occ struct{ at, term int }
	var all []occ
	for t, ps := range pos {
		for _, p := range ps {
			all = append(all, occ{p, t})
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].at < all[j].at })
	best := -1
	for i := 1; i < len(all); i++ {
		if all[i].term == all[i-1].term {
			continue
		}
		if d := all[i].at - all[i-1].at; best < 0 || d < best {
			best = d
		}
	}
	return best
}

// proximityBonus is Tao and Zhai's log(α + e^-δ), shifted by -log(α) so that
// a chunk with one query term (no pair, δ infinite) gets 0 and adjacent
// terms (δ = 1) get log((α + 1/e)/α) ≈ 0.80.
func proximityBonus(minDist int) float64 {
	if minDist < 0 {
		return 0
	}
	return math.Log(proximityAlpha+math.Exp(-float64(minDist))) - math.Log(proximityAlpha)
}
