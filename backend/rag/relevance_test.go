package rag

import (
	"context"
	"testing"
)

// The minimum score filters on relevance, which says whether a passage is
// on topic: an off-topic question that shares one word with the documents
// gets nothing, while a question the documents answer keeps its passage.
// (Score, the fused rank, is 1 for whatever ranks first, so filtering on it
// could never drop an off-topic top hit.)
func TestMinScoreDropsOffTopicPassages(t *testing.T) {
	e := newEnv(t, t.TempDir(), DefaultSettings())
	ctx := context.Background()
	texts := map[string]string{
		"harbour.txt": "At dawn on 12 March 2019 the container ship docks at the quay, and the cranes unload its containers onto waiting trucks.",
		"garden.txt":  "Tomatoes need full sun, deep watering once a week, and stakes to hold the vines as the fruit ripens.",
		"choir.txt":   "The choir rehearses on Thursday evenings; new singers are welcome to join the altos or the tenors.",
	}
	e.index(t, texts)
	const onTopic = "Where do the cranes unload the containers when the ship docks?"
	// Each shares "dawn" only; the second asks for a date, which the
	// harbour passage has: evidence for an answer, not for the topic.
	offTopic := []string{"Which bread recipe should I bake at dawn?", "When was the bread recipe baked at dawn?"}

	for _, q := range offTopic {
		res, err := e.svc.Search(ctx, SearchRequest{WorkspaceID: e.ws, Query: q})
		if err != nil || len(res.Hits) != 1 {
			t.Fatalf("%q: without a minimum the one word still finds its chunk: %+v %v", q, res, err)
		}
		off := res.Hits[0]
		t.Logf("%q: relevance %.3f", q, off.Relevance)
		if off.Score != 1 || off.Relevance <= 0 || off.Relevance >= 0.4 {
			t.Fatalf("%q: off-topic hit: score %v relevance %v", q, off.Score, off.Relevance)
		}
	}
	res, err := e.svc.Search(ctx, SearchRequest{WorkspaceID: e.ws, Query: onTopic})
	if err != nil || len(res.Hits) == 0 {
		t.Fatalf("on topic: %+v %v", res, err)
	}
	on := res.Hits[0]
	t.Logf("on-topic relevance %.3f", on.Relevance)
	if on.DocumentName != "harbour.txt" || on.Relevance < 0.6 || on.Relevance > 1 {
		t.Fatalf("on-topic hit: %s relevance %v", on.DocumentName, on.Relevance)
	}

	e.stMu.Lock()
	e.st.MinScore = 0.4
	e.stMu.Unlock()
	for _, q := range offTopic {
		if src, err := e.svc.Retrieve(ctx, e.ws, "", q); err != nil || len(src) != 0 {
			t.Fatalf("%q with minimum 0.4: %d sources %v", q, len(src), err)
		}
	}
	src, err := e.svc.Retrieve(ctx, e.ws, "", onTopic)
	if err != nil || len(src) != 1 || src[0].DocumentName != "harbour.txt" {
		t.Fatalf("on-topic with minimum 0.4: %+v %v", src, err)
	}
}
