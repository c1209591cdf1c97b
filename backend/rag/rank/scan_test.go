package rank

import (
	"math"
	"math/rand"
	"reflect"
	"strconv"
	"testing"
)

// randomRefs are n random unit vectors of dims dimensions; every fifth
// belongs to one of three chats.
func randomRefs(rng *rand.Rand, n, dims int) []VecRef {
	refs := make([]VecRef, n)
	for i := range refs {
		v := make([]float32, dims)
		var sum float64
		for j := range v {
			v[j] = float32(rng.NormFloat64())
			sum += float64(v[j]) * float64(v[j])
		}
		for j := range v {
			v[j] /= float32(math.Sqrt(sum))
		}
		refs[i] = VecRef{ID: int64(i), V: v}
		if i%5 == 0 {
			refs[i].Chat = "c" + strconv.Itoa(i%3)
		}
	}
	return refs
}

// Scan, split across workers with a heap each, answers what sorting every
// visible vector's similarity answers.
func TestScanMatchesSortingAll(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	refs := randomRefs(rng, 6000, 32)
	for k := 0; k < 10; k++ {
		q := randomRefs(rng, 1, 32)[0].V
		for _, chat := range []string{"", "c1"} {
			sees := func(c string) bool { return c == "" || c == chat }
			var want []VecHit
			for _, r := range refs {
				if sees(r.Chat) {
					want = append(want, VecHit{ID: r.ID, Sim: float64(dot(q, r.V))})
				}
			}
			SortVecHits(want)
			if got := Scan(refs, q, sees, 50); !reflect.DeepEqual(got, want[:50]) {
				t.Fatalf("chat %q: scan %v\nwant %v", chat, got, want[:50])
			}
		}
	}
	if got := Scan(refs[:3], refs[0].V, func(string) bool { return true }, 50); len(got) != 3 || got[0].ID != 0 {
		t.Fatalf("fewer vectors than asked for: %v", got)
	}
}

// BenchmarkScan is the vector scan alone on 100k x 768 random unit vectors
// (no SQLite, no embedding): the floor of rag's BenchmarkVectorQuery.
func BenchmarkScan(b *testing.B) {
	refs := randomRefs(rand.New(rand.NewSource(1)), 100000, 768)
	q := refs[42].V
	all := func(string) bool { return true }
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Scan(refs, q, all, 50)
	}
}
