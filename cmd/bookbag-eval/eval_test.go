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
	"bookbag/backend/store"
	"bookbag/backend/workspace"
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

// The tool's ranking is what a chat retrieves (Service.Retrieve) in
// a workspace set to top-k 10 and minimum score 0, chunk for chunk and in
// order, for every dev question over the whole corpus; and it does not
// depend on the workspace's own top-k and minimum score.
func TestRankingEqualsChatRetrieval(t *testing.T) {
	dir := corpusDir(t)
	ctx := context.Background()
	e, err := newEnv(ctx, "", nil, quiet())
	if err != nil {
		t.Fatal(err)
	}
	defer e.close()
	lines, err := e.ingest(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	completed := 0
	for _, l := range lines {
		if l.Status == rag.StatusCompleted {
			completed++
		}
	}
	if completed < 10 {
		t.Fatalf("only %d corpus documents completed: %+v", completed, lines)
	}
	qs, err := readQuestions(filepath.Join(dir, "questions-dev.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) == 0 {
		t.Fatal("no questions")
	}
	// The tool's ranking, with workspace settings that would cut a chat's
	// retrieval short.
	setRetrieval(t, e, 3, 0.99)
	got := make([][]rag.Source, len(qs))
	for i, q := range qs {
		if got[i], err = e.ranked(ctx, q.Question); err != nil {
			t.Fatal(err)
		}
	}
	setRetrieval(t, e, topN, 0)
	for i, q := range qs {
		want, err := e.svc.Retrieve(ctx, e.ws, "", q.Question)
		if err != nil {
			t.Fatal(err)
		}
		if len(want) != topN {
			t.Fatalf("%s: chat retrieval gave %d chunks, want %d (the comparison needs a full top 10)", q.ID, len(want), topN)
		}
		if !reflect.DeepEqual(chunkIDs(got[i]), chunkIDs(want)) {
			t.Fatalf("%s: tool %v, chat retrieval %v", q.ID, chunkIDs(got[i]), chunkIDs(want))
		}
	}
}

// setRetrieval saves the eval workspace's top-k and minimum score in its
// settings row, as the workspace settings page does.
func setRetrieval(t *testing.T, e *env, topK int, minScore float64) {
	t.Helper()
	ctx := context.Background()
	err := e.db.Tx(ctx, func(tx *store.Tx) error {
		var id string
		if err := tx.QueryRowContext(ctx, `SELECT id FROM workspace_settings WHERE workspace_id = ?`, e.ws).Scan(&id); err != nil {
			return err
		}
		return tx.Update(ctx, "workspace_settings", id, store.Values{"top_k": topK, "min_score": minScore})
	})
	if err != nil {
		t.Fatal(err)
	}
	st, err := workspaceSettings(workspace.NewService(workspace.Deps{DB: e.db}))(ctx, e.ws)
	if err != nil || st.TopK != topK || st.MinScore != minScore {
		t.Fatalf("settings %+v %v", st, err)
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
	res, err := e.svc.Search(context.Background(), rag.SearchRequest{WorkspaceID: e.ws, Query: "glaciers carving rock", Limit: 2})
	if err != nil || res.Mode != rag.ModeHybrid || len(res.Hits) != 2 {
		t.Fatalf("search %+v %v", res, err)
	}
	// Fused by reciprocal rank: the glacier chunk is first in both lists
	// (score 1, a keyword and a cosine part, the latter from the server's
	// vectors); the otter chunk comes from the vector list only.
	top, other := res.Hits[0], res.Hits[1]
	if top.DocumentName != "b.txt" || top.Score != 1 || top.BM25 <= 0 || top.Vector <= 0.3 || top.Relevance < top.Vector {
		t.Fatalf("top hit %+v", top)
	}
	if other.DocumentName != "a.txt" || other.BM25 != 0 || other.Score >= 0.6 {
		t.Fatalf("second hit %+v", other)
	}
}

// -check prints the app's search check on the folder through the real
// provider adapter (fakellm's fake-embed), and needs no question file.
func TestSearchCheckFlag(t *testing.T) {
	srv := llmtest.Start(t)
	t.Setenv("OPENAI_API_KEY", "sk-test")
	docs := t.TempDir()
	os.WriteFile(filepath.Join(docs, "a.txt"), []byte("Otters hold hands while they sleep so they do not drift apart on the water.\n\n"+
		"Glaciers move slowly down the mountain valley, carving the hard rock beneath them.\n"), 0o600)
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"-docs", docs, "-check", "-embedder", "openai:fake-embed", "-base-url", srv.OpenAIURL()}, &out, &errOut)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	last := strings.TrimSpace(out.String())
	last = last[strings.LastIndex(last, "\n")+1:]
	var got struct{ Check rag.SearchCheck }
	if err := json.Unmarshal([]byte(last), &got); err != nil {
		t.Fatalf("last line %q: %v", last, err)
	}
	c := got.Check
	if c.Questions != 1 || c.Keyword != 1 || c.Hybrid != 1 || !strings.HasPrefix(c.Model, "openai:fake-embed@") || c.Verdict != rag.CheckOK {
		t.Fatalf("check %+v", c)
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

// Every entry of the folder that is a file gets one line: a symbolic link
// to a file is ingested under the link's name, a broken link is an error
// that says so, links to folders and subfolders are left out. A file with
// the content of an earlier one is an error naming it, with no chunks, and
// the summary counts the chunks in the index.
func TestSymlinksAndDuplicates(t *testing.T) {
	docs := t.TempDir()
	outside := t.TempDir()
	write := func(p, text string) {
		t.Helper()
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target, name string) {
		t.Helper()
		if err := os.Symlink(target, filepath.Join(docs, name)); err != nil {
			t.Skipf("symlinks: %v", err)
		}
	}
	herons := "Blue herons nest in tall trees near the lake.\n\n" + strings.Repeat("Herons wade in shallow water and wait for fish to come close. ", 30)
	write(filepath.Join(docs, "a.txt"), herons)
	write(filepath.Join(outside, "otters.txt"), "Otters hold hands while they sleep so they do not drift apart.")
	link(filepath.Join(outside, "otters.txt"), "b.txt")
	write(filepath.Join(docs, "c.txt"), herons)
	link(filepath.Join(outside, "gone.txt"), "d.txt")
	link(outside, "e")
	link("a.txt", "f.txt")
	if err := os.Mkdir(filepath.Join(docs, "sub"), 0o700); err != nil {
		t.Fatal(err)
	}
	write(filepath.Join(docs, "sub", "g.txt"), "not ingested")
	qf := filepath.Join(t.TempDir(), "q.jsonl")
	write(qf, `{"id":"q1","doc":"b.txt","question":"why do otters hold hands","answer":"do not drift apart"}`+"\n")

	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"-docs", docs, "-questions", qf}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 6 {
		t.Fatalf("stdout:\n%s", out.String())
	}
	var docLines []docLine
	for _, l := range lines[:5] {
		var d docLine
		if err := json.Unmarshal([]byte(l), &d); err != nil {
			t.Fatal(err)
		}
		docLines = append(docLines, d)
	}
	aChunks := docLines[0].Chunks
	if aChunks < 2 {
		t.Fatalf("a.txt should make several chunks: %s", lines[0])
	}
	want := []docLine{
		{Doc: "a.txt", Status: "completed", Chunks: aChunks},
		{Doc: "b.txt", Status: "completed", Chunks: 1},
		{Doc: "c.txt", Status: "error", Error: "same content as a.txt (already indexed)"},
		{Doc: "d.txt", Status: "error", Error: "broken symbolic link: " + filepath.Join(outside, "gone.txt") + " does not exist"},
		{Doc: "f.txt", Status: "error", Error: "same content as a.txt (already indexed)"},
	}
	if !reflect.DeepEqual(docLines, want) {
		t.Fatalf("lines\n%s\nwant %+v", out.String(), want)
	}
	var sum summary
	if err := json.Unmarshal([]byte(lines[5]), &sum); err != nil {
		t.Fatal(err)
	}
	if sum.Chunks != aChunks+1 {
		t.Fatalf("summary chunks %d, want %d: %s", sum.Chunks, aChunks+1, lines[5])
	}
	if sum.Questions != 1 || sum.Recall1 != 1 {
		t.Fatalf("the linked file is not searchable: %s", lines[5])
	}

	// The summary's count is the index's.
	e, err := newEnv(context.Background(), "", nil, quiet())
	if err != nil {
		t.Fatal(err)
	}
	defer e.close()
	got, err := e.ingest(context.Background(), docs)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("ingest %+v", got)
	}
	n, err := e.indexedChunks(context.Background())
	if err != nil || n != aChunks+1 {
		t.Fatalf("index holds %d chunks (%v), want %d", n, err, aChunks+1)
	}
}
