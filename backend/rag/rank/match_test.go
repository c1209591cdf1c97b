package rank

import "testing"

func TestTermMatcherCounts(t *testing.T) {
	m := newTermMatcher([]string{"suspends", "job", "curacao"})
	tf := make([]float64, 3)
	n := m.count("Suspended jobs: a JOB is suspending; Curaçao", tf)
	if n != 7 || tf[0] != 2 || tf[1] != 2 || tf[2] != 1 {
		t.Fatalf("n=%d tf=%v", n, tf)
	}
}
