package rag

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"bookbag/backend/llm"
	"bookbag/backend/llm/llmtest"
	"bookbag/backend/llm/provider"
)

// rerankEnv is a workspace of six documents that all mention the harbour,
// with re-ranking on and the top 3 kept, and a fake OpenAI server behind
// the real adapter as the model to ask.
func rerankEnv(t *testing.T) (*testEnv, *llmtest.Server, Asker, []Source) {
	t.Helper()
	st := DefaultSettings()
	st.TopK, st.Rerank = 3, true
	e := newEnv(t, t.TempDir(), st)
	texts := map[string]string{}
	for i, what := range []string{"cranes", "trucks", "tugs", "pilots", "customs", "ferries"} {
		texts[fmt.Sprintf("h%d.txt", i)] = fmt.Sprintf("The harbour has %s. %s", what, strings.Repeat("harbour ", 6-i))
	}
	e.index(t, texts)
	srv := llmtest.Start(t, llmtest.WithAPIKey("sk-test"))
	client, err := provider.New(provider.Config{Preset: llm.PresetOpenAI, BaseURL: srv.OpenAIURL(), APIKey: "sk-test"})
	if err != nil {
		t.Fatal(err)
	}
	// The keyword order the model is shown: the candidates, in the same
	// numbering as the prompt.
	cands, err := e.svc.Search(context.Background(), SearchRequest{WorkspaceID: e.ws, Query: "harbour", Limit: 30})
	if err != nil || len(cands.Hits) != 6 {
		t.Fatalf("candidates: %+v %v", cands, err)
	}
	return e, srv, ModelAsker(client, "fake-chat", "fake-chat", false, 0), cands.Hits
}

func chunkIDs(s []Source) []int64 {
	out := make([]int64, len(s))
	for i, x := range s {
		out[i] = x.ChunkID
	}
	return out
}

func sameIDs(a, b []int64) bool { return fmt.Sprint(a) == fmt.Sprint(b) }

func TestRerankKeepsTheModelsOrder(t *testing.T) {
	e, srv, ask, cands := rerankEnv(t)
	srv.PushChat(llmtest.Script{Text: []string{"Ranking: [6, ", "2]"}, InputTokens: 3100, OutputTokens: 7})
	res, err := e.svc.RetrieveRanked(context.Background(), e.ws, Scope{}, "harbour", ask)
	if err != nil {
		t.Fatal(err)
	}
	// The model's two, then the best remaining keyword hit, renumbered.
	want := []int64{cands[5].ChunkID, cands[1].ChunkID, cands[0].ChunkID}
	if !sameIDs(chunkIDs(res.Sources), want) || res.Sources[0].Ordinal != 1 || res.Sources[2].Ordinal != 3 {
		t.Fatalf("sources %v (ordinals %d..%d), want %v", chunkIDs(res.Sources), res.Sources[0].Ordinal, res.Sources[2].Ordinal, want)
	}
	rr := res.Rerank
	if rr == nil || rr.Fallback != "" || rr.Model != "fake-chat" || rr.InputTokens != 3100 || rr.OutputTokens != 7 || rr.Estimated {
		t.Fatalf("rerank report %+v", rr)
	}
	calls := srv.CallsTo(llmtest.EndpointChat)
	if len(calls) != 1 {
		t.Fatalf("%d model calls, want 1", len(calls))
	}
	prompt := calls[0].Messages[0].Text
	if !strings.Contains(prompt, "Question: harbour") || !strings.Contains(prompt, "[6] ") || strings.Contains(prompt, "[7] ") ||
		!strings.Contains(calls[0].System, "JSON array") {
		t.Fatalf("prompt does not number the six candidates under the question:\n%s\n%s", calls[0].System, prompt)
	}
	// A provider that reports no usage: the cost is estimated from the text.
	srv.PushChat(llmtest.Script{Text: []string{"[6, 2]"}, NoUsage: true})
	res, err = e.svc.RetrieveRanked(context.Background(), e.ws, Scope{}, "harbour", ask)
	if rr := res.Rerank; err != nil || rr == nil || !rr.Estimated || rr.InputTokens < len(prompt)/4 || rr.OutputTokens < 1 {
		t.Fatalf("estimated report %+v %v", rr, err)
	}
}

func TestRerankFallsBackToTheKeywordOrder(t *testing.T) {
	e, srv, ask, cands := rerankEnv(t)
	keyword := chunkIDs(cands[:3])
	for _, c := range []struct {
		name   string
		script llmtest.Script
		reason string
	}{
		{"prose", llmtest.Script{Text: []string{"The second passage is the best one."}}, "no list"},
		{"cut off", llmtest.Script{Text: []string{"[6, 2, "}, FinishReason: "length"}, "no list"},
		{"unknown numbers", llmtest.Script{Text: []string{"[41, 99]"}}, "no list"},
		{"provider error", llmtest.Script{Status: 500, ErrorMessage: "overloaded"}, "the model failed"},
		{"broken stream", llmtest.Script{Text: []string{"[6,", " 2]"}, Fault: llmtest.FaultCut, FaultAfter: 1}, "the model failed"},
	} {
		srv.PushChat(c.script)
		res, err := e.svc.RetrieveRanked(context.Background(), e.ws, Scope{}, "harbour", ask)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !sameIDs(chunkIDs(res.Sources), keyword) || res.Rerank == nil || !strings.Contains(res.Rerank.Fallback, c.reason) {
			t.Fatalf("%s: sources %v (keyword %v), report %+v; want the keyword order and %q", c.name, chunkIDs(res.Sources), keyword, res.Rerank, c.reason)
		}
	}
}

func TestRerankGivesUpOnASlowModel(t *testing.T) {
	e, srv, ask, cands := rerankEnv(t)
	e.svc.rerankFor = 50 * time.Millisecond
	srv.PushChat(llmtest.Script{Text: []string{"[6, 2]"}, FirstByteDelay: time.Hour})
	res, err := e.svc.RetrieveRanked(context.Background(), e.ws, Scope{}, "harbour", ask)
	if err != nil {
		t.Fatal(err)
	}
	if !sameIDs(chunkIDs(res.Sources), chunkIDs(cands[:3])) || res.Rerank == nil || !strings.Contains(res.Rerank.Fallback, "did not answer within 50ms") {
		t.Fatalf("sources %v, report %+v; want the keyword order after the time limit", chunkIDs(res.Sources), res.Rerank)
	}
}

func TestRerankEndsWithTheTurn(t *testing.T) {
	e, srv, ask, _ := rerankEnv(t)
	srv.PushChat(llmtest.Script{Text: []string{"[6, 2]"}, FirstByteDelay: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for len(srv.CallsTo(llmtest.EndpointChat)) == 0 {
			time.Sleep(5 * time.Millisecond)
		}
		cancel()
	}()
	res, err := e.svc.RetrieveRanked(ctx, e.ws, Scope{}, "harbour", ask)
	if !errors.Is(err, context.Canceled) || len(res.Sources) != 0 {
		t.Fatalf("after cancel: %+v, %v; want context.Canceled and no sources", res, err)
	}
}

func TestRerankOffAsksNoModel(t *testing.T) {
	e, srv, ask, cands := rerankEnv(t)
	e.stMu.Lock()
	e.st.Rerank = false
	e.stMu.Unlock()
	res, err := e.svc.RetrieveRanked(context.Background(), e.ws, Scope{}, "harbour", ask)
	if err != nil {
		t.Fatal(err)
	}
	if !sameIDs(chunkIDs(res.Sources), chunkIDs(cands[:3])) || res.Rerank != nil {
		t.Fatalf("sources %v, report %+v; want the keyword top 3 and no report", chunkIDs(res.Sources), res.Rerank)
	}
	if n := len(srv.CallsTo(llmtest.EndpointChat)); n != 0 {
		t.Fatalf("%d model calls with re-ranking off, want 0", n)
	}
}
