package rank

// addNeighbours adds NeighbourWeight of the better score of each hit's two
// neighbours in its document (ordinal ± 1) that are among the hits: the
// passage window, a chunk scored with the text around it. Scores are read
// before any is changed.
func (r *Rescoring) addNeighbours(hits []Hit) {
	if r.cfg.NeighbourWeight <= 0 {
		return
	}
	type key struct {
		doc string
		ord int
	}
	by := make(map[key]float64, len(hits))
	for _, h := range hits {
		if c := r.cands[h.ID]; c != nil {
			by[key{c.doc, c.ord}] = h.Score
		}
	}
	add := make([]float64, len(hits))
	for i, h := range hits {
		if c := r.cands[h.ID]; c != nil {
			add[i] = r.cfg.NeighbourWeight * max(by[key{c.doc, c.ord - 1}], by[key{c.doc, c.ord + 1}])
		}
	}
	for i := range hits {
		hits[i].Score += add[i]
	}
}
