package rag

import (
	"context"
	"slices"
	"testing"

	"bookbag/backend/rag/related"
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

// countingRelated offers one related word for every word and counts the asks.
type countingRelated struct{ asked int }

func (c *countingRelated) Near(string) []related.Near {
	c.asked++
	return []related.Near{{Word: "commenced", Sim: 1}}
}

// When the query's own words already fill the row budget (the first word
// is kept even past it, so the room can be negative), no related word is
// looked up: counting one could not add it, and a negative LIMIT would
// make SQLite count its whole posting list.
func TestRelatedWordsSkippedWithoutRoom(t *testing.T) {
	e := newEnv(t, t.TempDir(), DefaultSettings())
	ctx := context.Background()
	e.index(t, map[string]string{
		"a.txt": "The old bridge over the river was commenced in 1820.",
		"b.txt": "The old ferry runs beside the bridge.",
	})
	fake := &countingRelated{}
	e.svc.related = fake
	q := e.svc.ranking.NewQuery("old bridge", []string{"old", "bridge"}, []int{2, 2}, 1) // room 1 - 2
	if q.Room() >= 0 {
		t.Fatalf("room %d, want below 0", q.Room())
	}
	if err := e.svc.withRelated(ctx, q); err != nil {
		t.Fatal(err)
	}
	if fake.asked != 0 || len(q.Terms()) != 1 {
		t.Fatalf("asked %d times, terms %v", fake.asked, q.Terms())
	}
	q = e.svc.ranking.NewQuery("old bridge", []string{"old", "bridge"}, []int{2, 2}, 100)
	if err := e.svc.withRelated(ctx, q); err != nil {
		t.Fatal(err)
	}
	if fake.asked == 0 || !slices.Contains(q.Terms(), "commenced") {
		t.Fatalf("with room: asked %d times, terms %v", fake.asked, q.Terms())
	}
}
