package rank

import (
	"reflect"
	"testing"
)

func TestFuse(t *testing.T) {
	got := Fuse([][]int64{{1, 2, 3}, {3, 4, 1}}, 60)
	// 1: 1/61+1/63, 3: 1/63+1/61 (tie, 1 first by BM25 order), 2: 1/62, 4: 1/62.
	var ids []int64
	for _, h := range got {
		ids = append(ids, h.ID)
	}
	if !reflect.DeepEqual(ids, []int64{1, 3, 2, 4}) {
		t.Fatalf("order %v", ids)
	}
	if got[0].Score > 1 || got[0].Score < 0.98 {
		t.Fatalf("normalised score %v", got[0].Score)
	}
	one := Fuse([][]int64{{7}}, 60)
	if len(one) != 1 || one[0].Score != 1 {
		t.Fatalf("single list %+v", one)
	}
}
