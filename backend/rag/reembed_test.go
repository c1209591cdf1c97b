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
