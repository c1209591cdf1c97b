package rag

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
)

// gatedEmbedder answers its first allowed calls and holds the rest until
// their context ends: a provider stuck mid-pass.
type gatedEmbedder struct {
	inner   Embedder
	mu      sync.Mutex
	allowed int
}

func (g *gatedEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	g.mu.Lock()
	ok := g.allowed > 0
	g.allowed--
	g.mu.Unlock()
	if !ok {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	return g.inner.Embed(ctx, texts)
}

// A re-embedding pass can be stopped (what was embedded stays), and one cut
// short by quitting resumes at the next start.
func TestReembedCancelsAndResumes(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	e := newEnvNoCleanup(t, dir, DefaultSettings())
	e.svc.Start(ctx)
	var ids []string
	for i := range 3 {
		r, err := e.svc.AddBytes(ctx, e.ws, "", fmt.Sprintf("d%d.txt", i), []byte(fmt.Sprintf("document %d about cormorants", i)))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.Document.ID)
	}
	e.wait(t, ids...)
	const ref = "fake:gated@64"
	gate := &gatedEmbedder{inner: e.embed, allowed: 1}
	e.svc.embedders = EmbedderMap{ref: gate}
	e.setModel(ref)

	st, err := e.svc.Reembed(ctx, e.ws)
	if err != nil || !st.Reembedding {
		t.Fatalf("reembed: %+v %v", st, err)
	}
	st = waitStatus(t, e, func(s IndexStatus) bool { return s.Embedded == 1 })
	if !st.Reembedding {
		t.Fatalf("the pass stopped by itself: %+v", st)
	}
	if st, err = e.svc.CancelReembed(ctx, e.ws); err != nil || st.Reembedding || st.Embedded != 1 {
		t.Fatalf("after cancel: %+v %v", st, err)
	}
	if v, _, _ := e.db.GetSetting(ctx, reembedKey(e.ws)); v != "" {
		t.Fatalf("a canceled pass is still due to resume: %q", v)
	}

	// Started again and cut short by quitting: it resumes at the next start.
	if _, err := e.svc.Reembed(ctx, e.ws); err != nil {
		t.Fatal(err)
	}
	if v, _, _ := e.db.GetSetting(ctx, reembedKey(e.ws)); v != ref {
		t.Fatalf("pass not written down: %q", v)
	}
	e.close()

	e = newEnv(t, dir, DefaultSettings())
	e.setModel(ref)
	e.svc.embedders = EmbedderMap{ref: e.embed}
	e.svc.Start(ctx)
	st = waitStatus(t, e, func(s IndexStatus) bool { return s.Embedded == s.Chunks && !s.Reembedding })
	if st.Chunks != 3 || st.Mode != ModeHybrid {
		t.Fatalf("after resuming: %+v", st)
	}
	if v, _, _ := e.db.GetSetting(ctx, reembedKey(e.ws)); v != "" {
		t.Fatalf("a finished pass is still due to resume: %q", v)
	}
}

func waitStatus(t *testing.T, e *testEnv, ok func(IndexStatus) bool) IndexStatus {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		s, err := e.svc.Status(context.Background(), e.ws)
		if err == nil && ok(s) {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("status never came: %+v %v", s, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Cancelling a document while it is being processed (here: stuck in its
// embedding calls) ends it "canceled" with nothing indexed, and the queue
// goes on to the next document.
func TestCancelWhileProcessing(t *testing.T) {
	e := newEnv(t, t.TempDir(), DefaultSettings())
	ctx := context.Background()
	const ref = "fake:gated@64"
	gate := &gatedEmbedder{inner: e.embed}
	e.svc.embedders = EmbedderMap{ref: gate}
	e.setModel(ref)
	e.svc.Start(ctx)
	stuck, err := e.svc.AddBytes(ctx, e.ws, "", "stuck.txt", []byte("puffins dig burrows on cliff tops"))
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		d, _ := e.svc.Get(ctx, stuck.Document.ID)
		if d.Status == StatusProcessing && e.count(t, `SELECT count(*) FROM chunks WHERE document_id = ?`, d.ID) > 0 {
			break // split and indexed, waiting on the embedding model
		}
		if time.Now().After(deadline) {
			t.Fatalf("never reached embedding: %+v", d)
		}
		time.Sleep(5 * time.Millisecond)
	}
	next, err := e.svc.AddBytes(ctx, e.ws, "", "next.txt", []byte("gannets dive for fish"))
	if err != nil {
		t.Fatal(err)
	}
	gate.mu.Lock()
	gate.allowed = 1 << 20 // the next document's calls go through
	gate.mu.Unlock()
	d, err := e.svc.Cancel(ctx, stuck.Document.ID)
	if err != nil || d.Status != StatusError || d.Error != "canceled" {
		t.Fatalf("cancel: %+v %v", d, err)
	}
	got := e.wait(t, next.Document.ID)[0]
	if got.Status != StatusCompleted {
		t.Fatalf("the queue did not go on: %+v", got)
	}
	d, _ = e.svc.Get(ctx, stuck.Document.ID)
	if d.Status != StatusError || d.Error != "canceled" || d.Chunks != 0 ||
		e.count(t, `SELECT count(*) FROM chunks WHERE document_id = ?`, d.ID) != 0 {
		for _, ev := range e.rec.Events("document:status") {
			t.Logf("%+v", ev)
		}
		t.Fatalf("canceled document kept something: %+v", d)
	}
	src, _ := e.svc.Retrieve(ctx, e.ws, "", "puffins burrows")
	for _, h := range src {
		if h.DocumentID == stuck.Document.ID {
			t.Fatalf("a canceled document is searchable: %+v", h)
		}
	}
}

// A re-embed asked for while the service closes starts nothing that Close
// would then wait on (or that would outlive the store).
func TestReembedAfterCloseStartsNothing(t *testing.T) {
	e := newEnvNoCleanup(t, t.TempDir(), DefaultSettings())
	defer e.db.Close()
	ctx := context.Background()
	e.svc.Start(ctx)
	e.setModel("fake:hash@64")
	e.svc.Close()
	st, err := e.svc.Reembed(ctx, e.ws)
	if err != nil || st.Reembedding {
		t.Fatalf("after close: %+v %v", st, err)
	}
	e.svc.mu.Lock()
	n := len(e.svc.reembeds)
	e.svc.mu.Unlock()
	if n != 0 {
		t.Fatalf("%d passes registered after close", n)
	}
}

// The embedding model changes while a document is being embedded: the pass
// the change starts finds no completed document to do, so the document
// itself starts one when it completes with the old model's vectors; none
// of its chunks is left without vectors of the new model.
func TestModelChangedMidIngestIsEmbeddedWithTheNewModel(t *testing.T) {
	ctx := context.Background()
	st := DefaultSettings()
	st.EmbeddingModel = "fake:hash@64"
	e := newEnv(t, t.TempDir(), st)
	hold := make(chan struct{})
	e.embed.hold = hold
	r, err := e.svc.AddBytes(ctx, e.ws, "", "terns.txt", []byte("Arctic terns fly from pole to pole every year."))
	if err != nil {
		t.Fatal(err)
	}
	e.svc.Start(ctx)
	waitCalled(t, e.embed)
	// What the workspace's settings do on a model change.
	e.setModel("fake:wide@1024")
	if _, err := e.svc.Reembed(ctx, e.ws); err != nil {
		t.Fatal(err)
	}
	waitStatus(t, e, func(s IndexStatus) bool { return !s.Reembedding })
	close(hold)
	if d := e.wait(t, r.Document.ID)[0]; d.Status != StatusCompleted {
		t.Fatalf("document %+v", d)
	}
	got := waitStatus(t, e, func(s IndexStatus) bool { return s.Embedded == s.Chunks && !s.Reembedding })
	if got.Chunks == 0 || got.EmbeddingModel != "fake:wide@1024" {
		t.Fatalf("status %+v", got)
	}
}

// A document deleted while a re-embedding pass embeds it leaves no vectors
// behind in the loaded index: a deleted chunk's vector would take a place
// in every search's top k.
func TestDeletedWhileReembeddedLeavesNoVectors(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, t.TempDir(), DefaultSettings())
	var ids []string
	for _, name := range []string{"a.txt", "b.txt"} {
		r, err := e.svc.AddBytes(ctx, e.ws, "", name, []byte(name+": fulmars glide over the cliffs all winter"))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.Document.ID)
	}
	e.svc.Start(ctx)
	e.wait(t, ids...)
	const ref = "fake:wide@1024"
	e.setModel(ref)
	hold := make(chan struct{})
	e.wide.mu.Lock()
	e.wide.hold = hold
	e.wide.mu.Unlock()
	if _, err := e.svc.Reembed(ctx, e.ws); err != nil {
		t.Fatal(err)
	}
	waitCalled(t, e.wide)
	// A search meanwhile loads the index (the pass dropped it at its start).
	if _, err := e.svc.vectors.collection(ctx, e.ws, ref); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.Delete(ctx, ids[0]); err != nil { // the first, being embedded
		t.Fatal(err)
	}
	close(hold)
	waitStatus(t, e, func(s IndexStatus) bool { return !s.Reembedding })
	vc := e.svc.vectors.loaded(e.ws, ref)
	if vc == nil {
		t.Fatal("the index was dropped")
	}
	vc.mu.RLock()
	defer vc.mu.RUnlock()
	want := e.count(t, `SELECT count(*) FROM chunks WHERE document_id = ?`, ids[1])
	if len(vc.refs) != want || want == 0 {
		t.Fatalf("%d vectors in the index, want the %d of the document left", len(vc.refs), want)
	}
	for _, r := range vc.refs {
		if e.count(t, `SELECT count(*) FROM chunks WHERE id = ?`, r.ID) != 1 {
			t.Fatalf("the index holds deleted chunk %d", r.ID)
		}
	}
}

// waitCalled waits until h was called (a held call is waiting in it).
func waitCalled(t *testing.T, h *hashEmbedder) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		h.mu.Lock()
		calls := h.calls
		h.mu.Unlock()
		if calls > 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the embedding call never came")
		}
	}
}
