package sync

import (
	"context"
	"fmt"
	"strings"
	gosync "sync"
	"testing"
	"time"

	"bookbag/backend/llm/llmtest"
	"bookbag/backend/rag"
	"bookbag/backend/store"
	"bookbag/backend/syncproto"
)

// countingEmbedder is the fake embedding model (llmtest.HashEmbed), counting
// the texts it was asked to embed.
type countingEmbedder struct {
	dims  int
	mu    gosync.Mutex
	texts int
}

func (e *countingEmbedder) Embed(_ context.Context, texts []string) ([][]float32, error) {
	e.mu.Lock()
	e.texts += len(texts)
	e.mu.Unlock()
	out := make([][]float32, len(texts))
	for i, t := range texts {
		out[i] = llmtest.HashEmbed(t, e.dims)
	}
	return out, nil
}

func (e *countingEmbedder) count() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.texts
}

// report is long enough for several chunks.
func report(topic string) string {
	var b strings.Builder
	for i := range 12 {
		fmt.Fprintf(&b, "Section %d of the %s report. The office reviewed item %d of the %s plan and agreed on the budget "+
			"for the next quarter, with notes on staffing, suppliers and the schedule of deliveries.\n\n", i, topic, i, topic)
	}
	return b.String()
}

// vectors lists a document's chunk texts with their vectors, in order.
func (d *desk) vectors(doc string) []string {
	d.t.Helper()
	rows, err := d.db.R.Query(`SELECT text, hex(embedding), embedding_ref FROM chunks WHERE document_id = ? ORDER BY ordinal`, doc)
	if err != nil {
		d.t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var text, vec, ref string
		if err := rows.Scan(&text, &vec, &ref); err != nil {
			d.t.Fatal(err)
		}
		out = append(out, text+"|"+ref+"|"+vec)
	}
	return out
}

func (d *desk) setEmbeddingModel(ws, ref string) {
	d.t.Helper()
	id := d.str(`SELECT id FROM workspace_settings WHERE workspace_id = ?`, ws)
	d.update("workspace_settings", id, store.Values{"embedding_model_ref": ref})
}

// A member whose workspace embeds with the same model takes the vectors the
// indexing device published (no embedding calls) for documents indexed
// before the workspace was shared and after; with another model the member
// embeds itself, and the file of vectors goes with the documents' rows.
func TestSharedEmbeddingsReusedWithTheSameModel(t *testing.T) {
	const model, other = "fake:hash@64", "fake:other@32"
	aliceEmb, bobEmb, bobOther := &countingEmbedder{dims: 64}, &countingEmbedder{dims: 64}, &countingEmbedder{dims: 32}
	o := newOffice(t, deskOpts{embedders: rag.EmbedderMap{model: aliceEmb}},
		deskOpts{embedders: rag.EmbedderMap{model: bobEmb, other: bobOther}})
	a, b, ws := o.a, o.b, o.ws
	a.setEmbeddingModel(ws, model)

	before := a.addDocument(ws, "budget.txt", report("budget"))
	if n := aliceEmb.count(); n == 0 || a.count(`SELECT count(*) FROM chunks WHERE document_id = ? AND embedding_ref = ?`, before, model) < 2 {
		t.Fatalf("alice embedded %d texts", n)
	}
	if got := a.str(`SELECT embeddings_sha256 FROM documents WHERE id = ?`, before); got != "" {
		t.Fatalf("a workspace not shared published embeddings %q", got)
	}
	o.shareAndJoin(t)
	settleAll(ws, a, b)
	b.waitIndexed(before)
	if n := bobEmb.count(); n != 0 {
		t.Fatalf("bob embedded %d texts of a document alice had embedded with the same model", n)
	}
	if av, bv := a.vectors(before), b.vectors(before); len(av) < 2 || strings.Join(av, "\n") != strings.Join(bv, "\n") {
		t.Fatalf("bob's chunks and vectors differ from alice's:\n%d vs %d", len(av), len(bv))
	}

	// A document added to the shared workspace goes out once indexed, with
	// its vectors.
	after := a.addDocument(ws, "staffing.txt", report("staffing"))
	a.sync(ws)
	b.sync(ws)
	b.waitIndexed(after)
	if n := bobEmb.count(); n != 0 {
		t.Fatalf("bob embedded %d texts of the new document", n)
	}
	if strings.Join(a.vectors(after), "\n") != strings.Join(b.vectors(after), "\n") {
		t.Fatal("bob's vectors of the new document differ from alice's")
	}
	found, err := b.docs.Search(ctxb, rag.SearchRequest{WorkspaceID: ws, Query: "staffing plan budget"})
	if err != nil || len(found.Hits) == 0 || found.Mode != rag.ModeHybrid {
		t.Fatalf("bob's search: %+v %v", found, err)
	}
	if st, _ := b.docs.Status(ctxb, ws); st.Mode != rag.ModeHybrid || st.Embedded != st.Chunks || st.Chunks == 0 {
		t.Fatalf("bob's index: %+v", st)
	}

	// Alice (the admin) moves the workspace to a model her device lacks:
	// Bob's device, which has it, embeds (no vectors of that model exist yet)
	// and publishes; Alice's device then takes Bob's vectors without an
	// embedder of its own.
	oldVectors := a.str(`SELECT embeddings_sha256 FROM documents WHERE id = ?`, before)
	a.setEmbeddingModel(ws, other)
	if _, err := a.docs.Reembed(ctxb, ws); err != nil {
		t.Fatal(err)
	}
	a.sync(ws)
	b.sync(ws) // the settings change starts Bob's re-embedding
	b.waitFor("re-embedded with the other model", func() bool {
		return b.count(`SELECT count(*) FROM chunks WHERE workspace_id = ? AND embedding_ref != ?`, ws, other) == 0
	})
	if bobOther.count() == 0 {
		t.Fatal("bob did not embed with the other model")
	}
	b.waitFor("vectors of the other model published", func() bool {
		return b.count(`SELECT count(*) FROM documents WHERE workspace_id = ? AND embeddings_ref = ?`, ws, other) == 2
	})
	b.sync(ws)
	a.sync(ws)
	a.waitFor("alice took bob's vectors", func() bool {
		return a.count(`SELECT count(*) FROM chunks WHERE workspace_id = ? AND embedding_ref != ?`, ws, other) == 0
	})
	for _, doc := range []string{before, after} {
		if strings.Join(a.vectors(doc), "\n") != strings.Join(b.vectors(doc), "\n") {
			t.Fatal("alice's vectors of the other model differ from bob's")
		}
	}
	if st, _ := b.svc.Status(ctxb, ws); len(st.Rejections) != 0 {
		t.Fatalf("bob's changes were refused: %+v", st.Rejections)
	}
	sameRows(t, a, b, ws)
	if ok, _ := a.blobs.Has(oldVectors); ok {
		t.Fatal("the vectors file the document named before stayed on alice's disk")
	}

	// Deleting a document removes its file of vectors when nothing else names it.
	sum := a.str(`SELECT embeddings_sha256 FROM documents WHERE id = ?`, after)
	if ok, _ := a.blobs.Has(sum); !ok {
		t.Fatal("alice does not hold the published vectors")
	}
	if err := a.docs.Delete(ctxb, after); err != nil {
		t.Fatal(err)
	}
	if ok, _ := a.blobs.Has(sum); ok {
		t.Fatal("the vectors of a deleted document stayed on disk")
	}
	// On Bob's desk too, once the delete arrives: the document's file and its vectors go.
	file := b.str(`SELECT sha256 FROM documents WHERE id = ?`, after)
	a.sync(ws)
	b.sync(ws)
	for _, f := range []string{file, sum} {
		if ok, _ := b.blobs.Has(f); ok {
			t.Fatalf("file %s of the deleted document stayed on bob's disk", f)
		}
	}
}

// A document is held back while its device indexes it, and goes out once
// indexed (with the vectors it then names).
func TestDocumentPushedOnceIndexed(t *testing.T) {
	const model = "fake:hash@64"
	emb := &countingEmbedder{dims: 64}
	o := newOffice(t, deskOpts{embedders: rag.EmbedderMap{model: emb}}, deskOpts{embedders: rag.EmbedderMap{model: emb}})
	a, b, ws := o.a, o.b, o.ws
	a.setEmbeddingModel(ws, model)
	o.shareAndJoin(t)

	a.docs.Close() // the ingest worker is stopped, as if busy with other files
	res, err := a.docs.AddBytes(ctxb, ws, "", "minutes.txt", []byte(report("minutes")))
	if err != nil {
		t.Fatal(err)
	}
	doc := res.Document.ID
	if st := a.sync(ws); st.Pending != 0 || st.State != StateSynced {
		t.Fatalf("status while the document is indexed: %+v", st)
	}
	b.sync(ws)
	if n := b.count(`SELECT count(*) FROM documents WHERE id = ?`, doc); n != 0 {
		t.Fatal("a document still being indexed was pushed")
	}

	a.restart() // the worker indexes it; its completion starts nothing by itself here (manual sync)
	a.waitIndexed(doc)
	a.waitFor("vectors published", func() bool {
		return a.str(`SELECT embeddings_ref FROM documents WHERE id = ?`, doc) == model
	})
	a.sync(ws)
	before := emb.count()
	b.sync(ws)
	b.waitIndexed(doc)
	if got := b.str(`SELECT status FROM documents WHERE id = ?`, doc); got != rag.StatusCompleted {
		t.Fatalf("bob's copy: %s", got)
	}
	if emb.count() != before {
		t.Fatal("bob embedded a document whose vectors came with it")
	}
}

// Documents start before sync has loaded its links (app.go's order): a
// workspace linked on disk counts as shared from the first moment, so a
// document finished then still publishes its vectors for the members.
func TestLinkedBeforeStart(t *testing.T) {
	o := newOffice(t, deskOpts{}, deskOpts{})
	o.shareAndJoin(t)
	fresh := NewService(Deps{DB: o.a.db}) // not started: no links loaded
	defer fresh.Close()
	if !fresh.Linked(o.ws) {
		t.Fatal("a linked workspace is not shared before Start")
	}
	private := o.a.newWorkspace("Private")
	if fresh.Linked(private) || fresh.Role(private) != "" {
		t.Fatal("an unlinked workspace counts as shared")
	}
	if got := fresh.Role(o.ws); got != "admin" {
		t.Fatalf("the owner's role before Start is %q", got)
	}
	// A member's workspace must not pass for an unshared one at startup
	// (workspace.Delete lets anyone but a member delete for everyone).
	member := NewService(Deps{DB: o.b.db})
	defer member.Close()
	if got := member.Role(o.ws); got != "member" {
		t.Fatalf("a member's role before Start is %q", got)
	}
}

// slowEmbedder stands in for a provider: each call costs a fixed delay.
type slowEmbedder struct {
	countingEmbedder
	delay time.Duration
}

func (e *slowEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	time.Sleep(e.delay)
	return e.countingEmbedder.Embed(ctx, texts)
}

// BenchmarkSharedEmbeddings: Alice indexes documents with an embedding model
// (each call of 32 chunks costs SYNC_PERF_EMBED_MS, default 200 ms, like a
// cloud API) in a shared workspace; Bob, with the same model, joins and
// indexes them from the vectors she published. Reports both times, Bob's
// embedding calls and the bytes he downloaded.
func BenchmarkSharedEmbeddings(b *testing.B) {
	const model = "fake:hash@768"
	docs := envInt("SYNC_PERF_DOCS", 50)
	delay := time.Duration(envInt("SYNC_PERF_EMBED_MS", 200)) * time.Millisecond
	aliceEmb := &slowEmbedder{countingEmbedder: countingEmbedder{dims: 768}, delay: delay}
	bobEmb := &slowEmbedder{countingEmbedder: countingEmbedder{dims: 768}, delay: delay}
	tb := newCountingTransport()
	o := &office{ts: startServer(b)}
	o.alicePW = o.ts.newUser(b, "alice@example.com", "Alice")
	o.bobPW = o.ts.newUser(b, "bob@example.com", "Bob")
	a := newDesk(b, "alice-desk", deskOpts{embedders: rag.EmbedderMap{model: aliceEmb}})
	bd := newDesk(b, "bob-desk", deskOpts{embedders: rag.EmbedderMap{model: bobEmb}, transport: tb})
	ws := a.newWorkspace("Perf")
	a.setEmbeddingModel(ws, model)
	a.share(o.ts, "alice@example.com", o.alicePW, ws)
	start := time.Now()
	var ids []string
	for i := range docs {
		res, err := a.docs.AddBytes(ctxb, ws, "", fmt.Sprintf("doc-%03d.txt", i), []byte(report(fmt.Sprintf("topic %d", i))))
		if err != nil {
			b.Fatal(err)
		}
		ids = append(ids, res.Document.ID)
	}
	for _, id := range ids {
		a.waitIndexed(id)
	}
	aliceTime := time.Since(start)
	a.waitFor("vectors published", func() bool {
		return a.count(`SELECT count(*) FROM documents WHERE workspace_id = ? AND embeddings_ref = ?`, ws, model) == docs
	})
	a.sync(ws)
	if _, err := a.svc.Invite(ctxb, ws, "bob@example.com", syncproto.RoleMember); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	start = time.Now()
	bd.join(o.ts, "bob@example.com", o.bobPW)
	bd.sync(ws)
	for _, id := range ids {
		bd.waitIndexed(id)
	}
	bobTime := time.Since(start)
	b.StopTimer()
	chunks := bd.count(`SELECT count(*) FROM chunks WHERE workspace_id = ? AND embedding_ref = ?`, ws, model)
	b.Logf("%d documents, %d chunks × 768 dims; alice indexed (embedding, %v per call) in %v with %d texts embedded; "+
		"bob joined and indexed in %v with %d texts embedded, downloading %s", docs, chunks, delay, aliceTime.Round(time.Millisecond),
		aliceEmb.count(), bobTime.Round(time.Millisecond), bobEmb.count(), tb.snapshot())
	if bobEmb.count() != 0 || chunks != a.count(`SELECT count(*) FROM chunks WHERE workspace_id = ?`, ws) {
		b.Fatalf("bob embedded %d texts; %d chunks with vectors", bobEmb.count(), chunks)
	}
}
