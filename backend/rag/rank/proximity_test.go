package rank

import (
	"math"
	"testing"
)

func TestMinPairDistance(t *testing.T) {
	cases := []struct {
		pos  [][]int
		want int
	}{
		{nil, -1},
		{[][]int{{3, 9}}, -1},       // one term only: no pair
		{[][]int{{3}, nil}, -1},     // the other never occurs
		{[][]int{{1, 20}, {17}}, 3}, // 17 and 20
		{[][]int{{5}, {6}, {40}}, 1},
		{[][]int{{2, 3, 4}, {10}}, 6}, // repeats of one term do not count
	}
	for _, c := range cases {
		if got := minPairDistance(c.pos); got != c.want {
			t.Errorf("minPairDistance(%v) = %d, want %d", c.pos, got, c.want)
		}
	}
}

func TestProximityBonus(t *testing.T) {
	if proximityBonus(-1) != 0 {
		t.Fatal("no pair must give no bonus")
	}
	prev := math.Inf(1)
	for d := 1; d < 30; d++ {
		b := proximityBonus(d)
		if b <= 0 || b >= prev {
			t.Fatalf("bonus(%d) = %g: must be positive and fall with the distance", d, b)
		}
		prev = b
	}
	if b := proximityBonus(1); math.Abs(b-math.Log((0.3+math.Exp(-1))/0.3)) > 1e-12 {
		t.Fatalf("bonus(1) = %g", b)
	}
}
