package main

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestTruncatedSVD checks that the right singular vectors are orthonormal
// and that ‖A·v_j‖ ≈ σ_j (to 0.1%: the tail of a randomized SVD is approximate), σ decreasing, on a random sparse matrix with a
// decaying spectrum.
func TestTruncatedSVD(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	n, cols, k := 300, 400, 20
	rows := make([][]entry, n)
	for i := range rows {
		for c := range cols {
			if rng.Float64() < 0.05 {
				rows[i] = append(rows[i], entry{int32(c), rng.NormFloat64() / float64(1+c%50)})
			}
		}
	}
	sigma, vk := truncatedSVD(rows, cols, k)
	for j := range k {
		for j2 := range k {
			var d float64
			for c := range cols {
				d += vk[c][j] * vk[c][j2]
			}
			want := 0.0
			if j == j2 {
				want = 1
			}
			if math.Abs(d-want) > 1e-6 {
				t.Fatalf("vᵀv[%d][%d] = %g", j, j2, d)
			}
		}
		var nrm float64
		for _, row := range rows {
			var s float64
			for _, e := range row {
				s += e.val * vk[e.col][j]
			}
			nrm += s * s
		}
		if math.Abs(math.Sqrt(nrm)-sigma[j]) > 1e-3*sigma[j] {
			t.Errorf("‖A v_%d‖ = %g, σ = %g", j, math.Sqrt(nrm), sigma[j])
		}
		if j > 0 && sigma[j] > sigma[j-1] {
			t.Errorf("σ not decreasing at %d", j)
		}
	}
}

func TestEmbedUnit(t *testing.T) {
	m := fitLSA([]string{"the cat sat on the mat", "a cat and a dog", "the dog sat down", "mat and dog"}, 2, true)
	for _, s := range []string{"cat dog", "nothing known here"} {
		v := m.embed(s)
		var n float64
		for _, x := range v {
			n += float64(x) * float64(x)
		}
		if len(v) != 2 || math.Abs(n-1) > 1e-5 {
			t.Errorf("embed(%q) = %v", s, v)
		}
	}
}
