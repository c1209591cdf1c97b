package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"bookbag/backend/llm/llmtest"
	"bookbag/backend/rag"
	"bookbag/backend/rag/extract"
)

func TestMain(m *testing.M) {
	extract.RunChildIfRequested()
	os.Exit(m.Run())
}

func corpusDir(t *testing.T) string {
	dir := filepath.Join("..", "..", "..", "shared", "corpus")
	if _, err := os.Stat(filepath.Join(dir, "questions-dev.jsonl")); err != nil {
		t.Skipf("corpus not found at %s", dir)
	}
	return dir
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// The tool's ranking is the DocumentService search on the same data.
func TestRankingEqualsDocumentServiceSearch(t *testing.T) {
	dir := corpusDir(t)
	ctx := context.Background()
	e, err := newEnv(ctx, "", nil, quiet())
	if err != nil {
		t.Fatal(err)
	}
	defer e.close()
	docs := t.TempDir()
	// A few documents and questions: under -race, SQLite is slow.
	for _, n := range []string{"mpl-2.0.txt", "countries.csv", "apache-2.0.pdf"} {
		b, _ := os.ReadFile(filepath.Join(dir, n))
		os.WriteFile(filepath.Join(docs, n), b, 0o600)
	}
	if _, err := e.ingest(ctx, docs); err != nil {
		t.Fatal(err)
	}
	qs, err := readQuestions(filepath.Join(dir, "questions-dev.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) > 12 {
		qs = qs[:12]
	}
	for _, q := range qs {
		got, err := e.ranked(ctx, q.Question)
		if err != nil {
			t.Fatal(err)
		}
		want, err := e.svc.Search(ctx, rag.SearchRequest{WorkspaceID: e.ws, Query: q.Question, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(chunkIDs(got), chunkIDs(want.Hits)) {
			t.Fatalf("%s: tool %v, service %v", q.ID, chunkIDs(got), chunkIDs(want.Hits))
		}
	}
}

func chunkIDs(s []rag.Source) []int64 {
	ids := make([]int64, len(s))
	for i, x := range s {
		ids[i] = x.ChunkID
	}
	return ids
}

func TestOutputFormat(t *testing.T) {
	docs := t.TempDir()
	os.WriteFile(filepath.Join(docs, "b.txt"), []byte("The answer is forty-two, said the computer."), 0o600)
	os.WriteFile(filepath.Join(docs, "a.xyz"), []byte("nope"), 0o600)
	os.Mkdir(filepath.Join(docs, "sub"), 0o700)
	os.WriteFile(filepath.Join(docs, "sub", "c.txt"), []byte("not ingested"), 0o600)
	qf := filepath.Join(t.TempDir(), "q.jsonl")
	os.WriteFile(qf, []byte(`{"id":"q1","doc":"b.txt","question":"What did the computer say the answer is?","answer":"forty-two"}`+"\n"), 0o600)
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"-docs", docs, "-questions", qf}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("stdout:\n%s", out.String())
	}
	if lines[0] != `{"doc":"a.xyz","status":"error","error":"unsupported file type .xyz (supported: PDF, DOCX, TXT, MD, HTML, CSV)","chunks":0}` {
		t.Fatalf("line 1: %s", lines[0])
	}
	if lines[1] != `{"doc":"b.txt","status":"completed","error":"","chunks":1}` {
		t.Fatalf("line 2: %s", lines[1])
	}
	var sum map[string]any
	if err := json.Unmarshal([]byte(lines[2]), &sum); err != nil {
		t.Fatal(err)
	}
	keys := []string{"questions", "recall@1", "recall@5", "recall@10", "mrr@10", "ingest_s", "chunks"}
	for _, k := range keys {
		if _, ok := sum[k]; !ok {
			t.Fatalf("summary lacks %s: %s", k, lines[2])
		}
	}
	if !strings.HasPrefix(lines[2], `{"questions":1,"recall@1":1,"recall@5":1,"recall@10":1,"mrr@10":1,"ingest_s":`) {
		t.Fatalf("summary %s", lines[2])
	}
}

func TestEmptyQuestionsAndBadArgs(t *testing.T) {
	docs := t.TempDir()
	qf := filepath.Join(t.TempDir(), "q.jsonl")
	os.WriteFile(qf, nil, 0o600)
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"-docs", docs, "-questions", qf}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if !strings.HasPrefix(out.String(), `{"questions":0,`) {
		t.Fatalf("stdout %q", out.String())
	}
	if code := run(context.Background(), []string{"-docs", docs}, &out, &errOut); code == 0 {
		t.Fatal("missing -questions accepted")
	}
	if code := run(context.Background(), []string{"-docs", docs, "-questions", qf, "-embedder", "bogus"}, &out, &errOut); code == 0 {
		t.Fatal("bogus embedder accepted")
	}
}

// -embedder openai:MODEL goes through the real OpenAI adapter (against the
// llmtest fake on loopback) and makes retrieval hybrid.
func TestHybridWithFakeProvider(t *testing.T) {
	srv := llmtest.Start(t)
	t.Setenv("OPENAI_API_KEY", "sk-test")
	docs := t.TempDir()
	os.WriteFile(filepath.Join(docs, "a.txt"), []byte("Otters hold hands while they sleep so they do not drift apart."), 0o600)
	os.WriteFile(filepath.Join(docs, "b.txt"), []byte("Glaciers move slowly down the valley, carving the rock."), 0o600)
	qf := filepath.Join(t.TempDir(), "q.jsonl")
	os.WriteFile(qf, []byte(`{"id":"q1","doc":"a.txt","question":"why do otters hold hands","answer":"do not drift apart"}`+"\n"), 0o600)
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"-docs", docs, "-questions", qf, "-embedder", "openai:fake-embed", "-base-url", srv.OpenAIURL()}, &out, &errOut)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), `{"questions":1,"recall@1":1,`) {
		t.Fatalf("stdout %s", out.String())
	}
	if len(srv.CallsTo(llmtest.EndpointEmbed)) < 3 { // probe, chunks, question
		t.Fatalf("embed calls %d", len(srv.CallsTo(llmtest.EndpointEmbed)))
	}
	ref, _, err := embedderFor(context.Background(), "openai:fake-embed", srv.OpenAIURL())
	if err != nil || !strings.HasPrefix(ref, "openai:fake-embed@") {
		t.Fatalf("ref %q %v", ref, err)
	}
	e, err := newEnv(context.Background(), ref, mustEmbedders(t, srv.OpenAIURL()), quiet())
	if err != nil {
		t.Fatal(err)
	}
	defer e.close()
	if _, err := e.ingest(context.Background(), docs); err != nil {
		t.Fatal(err)
	}
	res, err := e.svc.Search(context.Background(), rag.SearchRequest{WorkspaceID: e.ws, Query: "glaciers", Limit: 2})
	if err != nil || res.Mode != rag.ModeHybrid {
		t.Fatalf("search %+v %v", res, err)
	}
}

func mustEmbedders(t *testing.T, base string) rag.Embedders {
	_, embs, err := embedderFor(context.Background(), "openai:fake-embed", base)
	if err != nil {
		t.Fatal(err)
	}
	return embs
}

// A hit counts at its rank only when it holds the answer and comes from the
// question's document (the folder may hold a README quoting answers).
func TestScoreCountsHitsFromTheQuestionsDoc(t *testing.T) {
	qs := []question{{ID: "q1", Doc: "a.txt", Answer: "Blue  Herons"}, {ID: "q2", Answer: "pelican"}}
	hits := [][]rag.Source{
		{{DocumentName: "README.md", Text: "blue herons"}, {DocumentName: "b.txt", Text: "nothing"}, {DocumentName: "a.txt", Text: "the blue herons nest"}},
		{{DocumentName: "x.txt", Text: "a pelican"}},
	}
	s := score(hits, qs)
	if s.Recall1 != 0.5 || s.Recall5 != 1 || s.MRR10 != (1.0/3+1)/2 {
		t.Fatalf("score %+v", s)
	}
}
