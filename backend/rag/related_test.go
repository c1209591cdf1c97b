package rag

import (
	"context"
	"testing"
)

// A question that says "started" finds the passage that says "commenced"
// (a synonym of its base form), although another passage has more of the
// question's own words; with related words off, that other passage ranks
// first.
func TestRelatedWordsBridgeAParaphrase(t *testing.T) {
	e := newEnv(t, t.TempDir(), DefaultSettings())
	ctx := context.Background()
	e.index(t, map[string]string{
		"bridge.txt": "The masons of the town commenced the old stone bridge over the river in 1820.",
		"ferry.txt":  "The old ferry runs beside the old bridge over the river, and the old town keeps its boats there.",
		"garden.txt": "Tomatoes need full sun, deep watering once a week, and stakes to hold the vines.",
	})
	const q = "When was the old bridge over the river started?"
	first := func() string {
		t.Helper()
		res, err := e.svc.Search(ctx, SearchRequest{WorkspaceID: e.ws, Query: q, Limit: 3})
		if err != nil || len(res.Hits) == 0 {
			t.Fatalf("search: %+v %v", res, err)
		}
		for _, h := range res.Hits {
			t.Logf("%s %.3f", h.DocumentName, h.BM25)
		}
		return res.Hits[0].DocumentName
	}
	if got := first(); got != "bridge.txt" {
		t.Errorf("with related words: first hit from %s, want bridge.txt", got)
	}
	e.svc.ranking.RelatedWeight = 0
	e.svc.fts.invalidate()
	if got := first(); got != "ferry.txt" {
		t.Errorf("without related words: first hit from %s, want ferry.txt (the test would not see the difference)", got)
	}
}
