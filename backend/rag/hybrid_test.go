package rag

import (
	"context"
	"strings"
	"testing"
	"time"
)

const hybridDocs = `Automobiles need petrol or electricity to run.

Photosynthesis turns sunlight, water and carbon dioxide into sugar.

The harbour master keeps a log of every ship that docks.`

// hybridEnv is a running service embedding with the fake model, with
// hybridDocs added in chunks of one sentence.
func hybridEnv(t *testing.T) (*testEnv, AddResult) {
	st := DefaultSettings()
	st.ChunkSize, st.ChunkOverlap = 80, 0
	st.EmbeddingModel = "fake:hash@64"
	e := newEnv(t, t.TempDir(), st)
	e.svc.Start(context.Background())
	r, err := e.svc.AddBytes(context.Background(), e.ws, "", "mixed.txt", []byte(hybridDocs))
	if err != nil {
		t.Fatal(err)
	}
	return e, r
}

func TestHybridRetrieval(t *testing.T) {
	e, r := hybridEnv(t)
	ctx := context.Background()
	d := e.wait(t, r.Document.ID)[0]
	if d.Status != StatusCompleted || d.Chunks != 3 || d.Warning != "" {
		t.Fatalf("document %+v", d)
	}
	if n := e.count(t, `SELECT count(*) FROM chunks WHERE embedding_ref = 'fake:hash@64' AND length(embedding) = 256`); n != 3 {
		t.Fatalf("%d chunks with a 64-dim float32 blob", n)
	}
	res, err := e.svc.Search(ctx, SearchRequest{WorkspaceID: e.ws, Query: "ship docks harbour", Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	if res.Mode != ModeHybrid || len(res.Hits) != 3 {
		t.Fatalf("search %+v", res)
	}
	top := res.Hits[0]
	if !strings.Contains(top.Text, "harbour") || top.BM25 <= 0 || top.Vector <= 0.3 || top.Score != 1 {
		t.Fatalf("top hit %+v", top)
	}
	// Vector-only hits still come back (a word BM25 does not know).
	res, _ = e.svc.Search(ctx, SearchRequest{WorkspaceID: e.ws, Query: "sunlight", Limit: 3})
	if !strings.Contains(res.Hits[0].Text, "Photosynthesis") {
		t.Fatalf("hybrid top %q", res.Hits[0].Text)
	}
	// Top-k from settings, min score filters.
	e.stMu.Lock()
	e.st.TopK, e.st.MinScore = 2, 0.9
	e.stMu.Unlock()
	src, err := e.svc.Retrieve(ctx, e.ws, "", "ship docks harbour")
	if err != nil || len(src) == 0 || len(src) > 2 {
		t.Fatalf("retrieve %d %v", len(src), err)
	}
	for _, s := range src {
		if s.Relevance < 0.9 {
			t.Fatalf("min score not applied: %+v", s)
		}
	}
}

func TestEmbedderDownFallsBackToKeywords(t *testing.T) {
	st := DefaultSettings()
	st.EmbeddingModel = "fake:hash@64"
	e := newEnv(t, t.TempDir(), st)
	e.embed.fail = true
	ctx := context.Background()
	e.svc.Start(ctx)
	r, _ := e.svc.AddBytes(ctx, e.ws, "", "n.txt", []byte("nightingales sing at night"))
	d := e.wait(t, r.Document.ID)[0]
	if d.Status != StatusCompleted || !strings.Contains(d.Warning, "embeddings unavailable") {
		t.Fatalf("document %+v", d)
	}
	res, err := e.svc.Search(ctx, SearchRequest{WorkspaceID: e.ws, Query: "nightingales"})
	if err != nil || res.Mode != ModeKeyword || len(res.Hits) != 1 || res.Note == "" {
		t.Fatalf("search %+v %v", res, err)
	}
	// The provider is back: re-embedding fills the vectors in the background.
	e.embed.mu.Lock()
	e.embed.fail = false
	e.embed.mu.Unlock()
	if _, err := e.svc.Reembed(ctx, e.ws); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		s, _ := e.svc.Status(ctx, e.ws)
		if s.Embedded == s.Chunks && s.Chunks > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not re-embedded: %+v", s)
		}
		time.Sleep(20 * time.Millisecond)
	}
	res, _ = e.svc.Search(ctx, SearchRequest{WorkspaceID: e.ws, Query: "nightingales"})
	if res.Mode != ModeHybrid || res.Hits[0].Vector <= 0 {
		t.Fatalf("after re-embed %+v", res)
	}
}

// Delete leaves nothing behind: no chunks, no FTS hits, no vectors, no file.
func TestDeleteLeavesNothing(t *testing.T) {
	st := DefaultSettings()
	st.EmbeddingModel = "fake:hash@64"
	e := newEnv(t, t.TempDir(), st)
	ctx := context.Background()
	e.svc.Start(ctx)
	keep, _ := e.svc.AddBytes(ctx, e.ws, "", "keep.txt", []byte("penguins live in the south"))
	gone, _ := e.svc.AddBytes(ctx, e.ws, "", "gone.txt", []byte("albatross glides over oceans; penguins watch"))
	e.wait(t, keep.Document.ID, gone.Document.ID)
	// Load the vector collection, then delete.
	if res, _ := e.svc.Search(ctx, SearchRequest{WorkspaceID: e.ws, Query: "albatross"}); res.Mode != ModeHybrid {
		t.Fatalf("mode %s", res.Mode)
	}
	var chunkIDs []int64
	rows, _ := e.db.R.Query(`SELECT id FROM chunks WHERE document_id = ?`, gone.Document.ID)
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		chunkIDs = append(chunkIDs, id)
	}
	rows.Close()
	if err := e.svc.Delete(ctx, gone.Document.ID); err != nil {
		t.Fatal(err)
	}
	if n := e.count(t, `SELECT count(*) FROM chunks WHERE document_id = ?`, gone.Document.ID); n != 0 {
		t.Fatalf("%d chunks left", n)
	}
	if n := e.count(t, `SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH 'albatross'`); n != 0 {
		t.Fatalf("%d FTS hits left", n)
	}
	vc := e.svc.vectors.loaded(e.ws, "fake:hash@64")
	if vc == nil || vc.c.Count() != 1 {
		t.Fatalf("vectors left: %v", vc)
	}
	for _, id := range chunkIDs {
		if _, err := vc.c.GetByID(ctx, itoa(id)); err == nil {
			t.Fatalf("vector %d left", id)
		}
	}
	if n := e.count(t, `SELECT count(*) FROM documents WHERE id = ? AND deleted_at IS NOT NULL AND name = ''`, gone.Document.ID); n != 1 {
		t.Fatal("no tombstone")
	}
	if ok, _ := e.svc.blobs.Has(gone.Document.SHA256); ok {
		t.Fatal("stored file left")
	}
	if _, err := e.svc.Get(ctx, gone.Document.ID); err == nil {
		t.Fatal("deleted document still readable")
	}
	res, _ := e.svc.Search(ctx, SearchRequest{WorkspaceID: e.ws, Query: "albatross penguins"})
	for _, h := range res.Hits {
		if h.DocumentID == gone.Document.ID {
			t.Fatal("deleted document still found")
		}
	}
	if len(res.Hits) != 1 {
		t.Fatalf("%d hits", len(res.Hits))
	}
}

// TestReindexKeepsEmbeddings: indexing a document again asks the embedding
// model only for chunks whose text is new; the others keep their vectors.
func TestReindexKeepsEmbeddings(t *testing.T) {
	e, r := hybridEnv(t)
	ctx := context.Background()
	e.wait(t, r.Document.ID)
	calls := func() int {
		e.embed.mu.Lock()
		defer e.embed.mu.Unlock()
		return e.embed.calls
	}
	before := calls()
	if _, err := e.svc.Search(ctx, SearchRequest{WorkspaceID: e.ws, Query: "ship", Limit: 3}); err != nil {
		t.Fatal(err) // loads the vector collection, which the re-index must update
	}
	if _, err := e.svc.Reindex(ctx, r.Document.ID); err != nil {
		t.Fatal(err)
	}
	if d := e.wait(t, r.Document.ID)[0]; d.Status != StatusCompleted || d.Chunks != 3 || d.Warning != "" {
		t.Fatalf("document %+v", d)
	}
	if got := calls() - before; got != 1 { // the query's own embedding only
		t.Fatalf("%d embedding calls after re-indexing unchanged text, want 1 (the query)", got)
	}
	if n := e.count(t, `SELECT count(*) FROM chunks WHERE embedding_ref = 'fake:hash@64' AND length(embedding) = 256`); n != 3 {
		t.Fatalf("%d chunks with their vector", n)
	}
	res, err := e.svc.Search(ctx, SearchRequest{WorkspaceID: e.ws, Query: "harbour master log", Limit: 3})
	if err != nil || res.Mode != ModeHybrid || len(res.Hits) != 3 {
		t.Fatalf("search %+v %v", res, err)
	}
	if !strings.Contains(res.Hits[0].Text, "harbour") || res.Hits[0].Vector <= 0 {
		t.Fatalf("top hit %+v", res.Hits[0])
	}

	// Other chunk boundaries: new texts are embedded.
	e.stMu.Lock()
	e.st.ChunkSize = 1000
	e.stMu.Unlock()
	before = calls()
	if _, err := e.svc.Reindex(ctx, r.Document.ID); err != nil {
		t.Fatal(err)
	}
	if d := e.wait(t, r.Document.ID)[0]; d.Status != StatusCompleted || d.Chunks != 1 {
		t.Fatalf("document %+v", d)
	}
	if got := calls() - before; got != 1 {
		t.Fatalf("%d embedding calls for one new chunk", got)
	}
}

// A document the provider cannot embed costs that document only: the rest of
// the workspace is re-embedded.
func TestReembedGoesOnPastADocumentThatFails(t *testing.T) {
	e := newEnv(t, t.TempDir(), DefaultSettings())
	ctx := context.Background()
	e.svc.Start(ctx)
	bad, _ := e.svc.AddBytes(ctx, e.ws, "", "a.txt", []byte("a poison paragraph the provider refuses"))
	good, _ := e.svc.AddBytes(ctx, e.ws, "", "b.txt", []byte("nightingales sing at night"))
	e.wait(t, bad.Document.ID, good.Document.ID)
	e.embed.mu.Lock()
	e.embed.failOn = "poison"
	e.embed.mu.Unlock()
	e.setModel("fake:hash@64")
	if _, err := e.svc.Reembed(ctx, e.ws); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for e.count(t, `SELECT count(*) FROM chunks WHERE document_id = ? AND embedding_ref = 'fake:hash@64'`, good.Document.ID) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the document after the failing one was not re-embedded")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if n := e.count(t, `SELECT count(*) FROM chunks WHERE document_id = ? AND embedding_ref = 'fake:hash@64'`, bad.Document.ID); n != 0 {
		t.Fatalf("the failing document has %d vectors", n)
	}
}

// The Documents page's mode line follows what a search would do: a model
// set but not runnable here (no provider or key) is keyword search, with
// the reason, so the page offers its fix instead of claiming hybrid.
func TestStatusSaysWhenTheModelCannotRun(t *testing.T) {
	st := DefaultSettings()
	st.EmbeddingModel = "ollama:gone@768"
	e := newEnv(t, t.TempDir(), st)
	ctx := context.Background()
	s, err := e.svc.Status(ctx, e.ws)
	if err != nil || s.Mode != ModeKeyword || !strings.Contains(s.Unavailable, "not available on this device") {
		t.Fatalf("unrunnable model: %+v %v", s, err)
	}
	e.stMu.Lock()
	e.st.EmbeddingModel = "fake:hash@64"
	e.stMu.Unlock()
	if s, err = e.svc.Status(ctx, e.ws); err != nil || s.Mode != ModeHybrid || s.Unavailable != "" {
		t.Fatalf("runnable model: %+v %v", s, err)
	}
}

// A chat with the workspace's documents off and none of its own costs no
// search at all: no embedding call for its question.
func TestChatOnlyWithoutDocumentsSearchesNothing(t *testing.T) {
	st := DefaultSettings()
	st.EmbeddingModel = "fake:hash@64"
	e := newEnv(t, t.TempDir(), st)
	ctx := context.Background()
	e.svc.Start(ctx)
	r, _ := e.svc.AddBytes(ctx, e.ws, "", "w.txt", []byte("workspace notes about wrens"))
	e.wait(t, r.Document.ID)
	e.embed.mu.Lock()
	before := e.embed.calls
	e.embed.mu.Unlock()
	src, err := e.svc.RetrieveIn(ctx, e.ws, Scope{Chat: "no-docs", ChatOnly: true}, "wrens")
	e.embed.mu.Lock()
	after := e.embed.calls
	e.embed.mu.Unlock()
	if err != nil || len(src) != 0 || after != before {
		t.Fatalf("sources %+v, err %v, embedding calls %d -> %d", src, err, before, after)
	}
}

// A workspace whose model has no vectors yet (just chosen, still embedding)
// searches in hybrid mode with an empty vector list: keyword hits keep their
// order and score half, as a fusion of two lists where one found nothing.
func TestHybridBeforeAnyVectors(t *testing.T) {
	e := newEnv(t, t.TempDir(), DefaultSettings())
	ctx := context.Background()
	e.svc.Start(ctx)
	r, err := e.svc.AddBytes(ctx, e.ws, "", "animals.txt", []byte("Zebras graze on the open savanna in large herds every morning."))
	if err != nil {
		t.Fatal(err)
	}
	e.wait(t, r.Document.ID)
	e.setModel("fake:hash@64")
	sr, err := e.svc.Search(ctx, SearchRequest{WorkspaceID: e.ws, Query: "zebras savanna"})
	if err != nil {
		t.Fatal(err)
	}
	if sr.Mode != ModeHybrid || len(sr.Hits) != 1 || sr.Hits[0].Score != 0.5 || sr.Hits[0].Vector != 0 {
		t.Fatalf("hybrid search before any vectors: %+v", sr)
	}
}
