package main

import (
	"math"
	"math/rand/v2"
	"sort"
)

// powerIters is the number of power iterations of the randomized SVD; with
// 10 extra columns it makes the top singular values accurate to well
// under 1% on a few thousand passages.
const powerIters = 4

// truncatedSVD returns the top k singular values of the sparse matrix rows
// (n × cols) and, by column index, the matching rows of V (cols × k), by
// the randomized range finder of Halko, Martinsson and Tropp (2011):
// Q spans A·Ω refined by power iterations, and the small matrix B = QᵀA is
// decomposed exactly through the eigenvectors of B·Bᵀ. Dense matrices are
// kept as lists of columns.
func truncatedSVD(rows [][]entry, cols, k int) ([]float64, [][]float64) {
	n := len(rows)
	l := min(k+10, n, cols)
	rng := rand.New(rand.NewPCG(1, 2))
	omega := make([][]float64, l)
	for j := range omega {
		omega[j] = make([]float64, cols)
		for c := range omega[j] {
			omega[j][c] = rng.NormFloat64()
		}
	}
	q := orthonormalize(mulA(rows, omega, n))
	for range powerIters {
		q = orthonormalize(mulA(rows, orthonormalize(mulAT(rows, q, cols)), n))
	}
	bt := mulAT(rows, q, cols) // columns of Bᵀ = AᵀQ
	c := make([][]float64, l)  // B·Bᵀ
	for a := range c {
		c[a] = make([]float64, l)
		for b := 0; b <= a; b++ {
			c[a][b] = dot(bt[a], bt[b])
			c[b][a] = c[a][b]
		}
	}
	vals, vecs := jacobiEigen(c)
	order := make([]int, l)
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(i, j int) bool { return vals[order[i]] > vals[order[j]] })
	k = min(k, l)
	sigma := make([]float64, k)
	vk := make([][]float64, cols)
	for c := range vk {
		vk[c] = make([]float64, k)
	}
	for j := range k {
		e := order[j]
		sigma[j] = math.Sqrt(max(vals[e], 0))
		if sigma[j] < 1e-12 {
			sigma[j] = 1e-12 // a null direction: its column of V stays zero
			continue
		}
		for a := range l {
			w := vecs[a][e] / sigma[j]
			for c, x := range bt[a] {
				vk[c][j] += w * x
			}
		}
	}
	return sigma, vk
}

// mulA returns A·X for X given as columns of length cols; the result's
// columns have length n.
func mulA(rows [][]entry, x [][]float64, n int) [][]float64 {
	y := make([][]float64, len(x))
	for j := range x {
		y[j] = make([]float64, n)
		for i, row := range rows {
			var s float64
			for _, e := range row {
				s += e.val * x[j][e.col]
			}
			y[j][i] = s
		}
	}
	return y
}

// mulAT returns Aᵀ·X for X given as columns of length n.
func mulAT(rows [][]entry, x [][]float64, cols int) [][]float64 {
	y := make([][]float64, len(x))
	for j := range x {
		y[j] = make([]float64, cols)
		for i, row := range rows {
			for _, e := range row {
				y[j][e.col] += e.val * x[j][i]
			}
		}
	}
	return y
}

// orthonormalize makes the columns orthonormal in place (modified
// Gram-Schmidt, twice for stability); a column that is dependent on the
// earlier ones becomes zero.
func orthonormalize(v [][]float64) [][]float64 {
	for range 2 {
		for j := range v {
			for p := range j {
				d := dot(v[p], v[j])
				for i := range v[j] {
					v[j][i] -= d * v[p][i]
				}
			}
			nrm := math.Sqrt(dot(v[j], v[j]))
			for i := range v[j] {
				if nrm > 1e-10 {
					v[j][i] /= nrm
				} else {
					v[j][i] = 0
				}
			}
		}
	}
	return v
}

func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// jacobiEigen diagonalises the symmetric matrix a (destroyed) by cyclic
// Jacobi rotations: the eigenvalues, and the eigenvectors as the columns
// of v.
func jacobiEigen(a [][]float64) ([]float64, [][]float64) {
	n := len(a)
	v := make([][]float64, n)
	for i := range v {
		v[i] = make([]float64, n)
		v[i][i] = 1
	}
	for sweep := 0; sweep < 100; sweep++ {
		var off, diag float64
		for i := range n {
			diag += a[i][i] * a[i][i]
			for j := i + 1; j < n; j++ {
				off += a[i][j] * a[i][j]
			}
		}
		if off <= 1e-24*diag {
			break
		}
		for p := range n {
			for q := p + 1; q < n; q++ {
				if a[p][q] == 0 {
					continue
				}
				theta := (a[q][q] - a[p][p]) / (2 * a[p][q])
				t := math.Copysign(1, theta) / (math.Abs(theta) + math.Sqrt(theta*theta+1))
				c := 1 / math.Sqrt(t*t+1)
				s := t * c
				for r := range n { // columns p and q
					arp, arq := a[r][p], a[r][q]
					a[r][p], a[r][q] = c*arp-s*arq, s*arp+c*arq
				}
				for r := range n { // rows p and q
					apr, aqr := a[p][r], a[q][r]
					a[p][r], a[q][r] = c*apr-s*aqr, s*apr+c*aqr
				}
				for r := range n {
					vrp, vrq := v[r][p], v[r][q]
					v[r][p], v[r][q] = c*vrp-s*vrq, s*vrp+c*vrq
				}
			}
		}
	}
	vals := make([]float64, n)
	for i := range vals {
		vals[i] = a[i][i]
	}
	return vals, v
}
