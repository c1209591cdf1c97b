package chat

import (
	"reflect"
	"testing"
)

// u1 -> a1 -> u2 -> a2
//
//	\-> u2' -> a2' , a2''   (edit of u2, then a regenerated answer)
func sampleTree() tree {
	return newTree([]node{
		{"u1", "", 1}, {"a1", "u1", 2}, {"u2", "a1", 3}, {"a2", "u2", 4},
		{"u2e", "a1", 5}, {"a2e", "u2e", 6}, {"a2r", "u2e", 7},
	})
}

func TestPathFollowsLeaf(t *testing.T) {
	tr := sampleTree()
	if got := tr.path("a2"); !reflect.DeepEqual(got, []string{"u1", "a1", "u2", "a2"}) {
		t.Fatalf("path(a2) = %v", got)
	}
	if got := tr.path("a2e"); !reflect.DeepEqual(got, []string{"u1", "a1", "u2e", "a2e"}) {
		t.Fatalf("path(a2e) = %v", got)
	}
	if got := tr.path("missing"); !reflect.DeepEqual(got, []string{"u1", "a1", "u2e", "a2r"}) {
		t.Fatalf("unknown leaf should give the newest branch, got %v", got)
	}
}

func TestSiblingsAndLatestLeaf(t *testing.T) {
	tr := sampleTree()
	if got := tr.siblings("u2e"); !reflect.DeepEqual(got, []string{"u2", "u2e"}) {
		t.Fatalf("siblings(u2e) = %v", got)
	}
	if got := tr.siblings("a2r"); !reflect.DeepEqual(got, []string{"a2e", "a2r"}) {
		t.Fatalf("siblings(a2r) = %v", got)
	}
	if got := tr.latestLeaf("u2"); got != "a2" {
		t.Fatalf("latestLeaf(u2) = %v", got)
	}
	if got := tr.latestLeaf("u2e"); got != "a2r" {
		t.Fatalf("latestLeaf(u2e) = %v", got)
	}
}

func TestCycleDoesNotHang(t *testing.T) {
	tr := newTree([]node{{"a", "b", 1}, {"b", "a", 2}})
	if got := tr.path("a"); len(got) > 2 {
		t.Fatalf("cycle: %v", got)
	}
}
