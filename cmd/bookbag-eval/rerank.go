package main

import (
	"context"
	"fmt"

	"bookbag/backend/rag"
	"bookbag/backend/rag/rank"
)

// rerankSummary is what re-ranking did over a question set (the summary
// line's "rerank", present only with -rerank-model).
type rerankSummary struct {
	Model        string  `json:"model"`
	Calls        int     `json:"calls"`
	Fallbacks    int     `json:"fallbacks"` // keyword order kept: bad reply, error or time limit
	InputTokens  int     `json:"input_tokens"`
	OutputTokens int     `json:"output_tokens"`
	MeanS        float64 `json:"mean_s"`
}

// askerFor resolves -rerank-model ("ollama:MODEL" or "openai:MODEL", any
// OpenAI-compatible server through -rerank-url); "" is no re-ranking.
func askerFor(spec, baseURL string) (rag.Asker, error) {
	if spec == "" {
		return nil, nil
	}
	prov, model, err := providerFor(spec, baseURL)
	if err != nil {
		return nil, fmt.Errorf("rerank model %w", err)
	}
	return rag.ModelAsker(prov, model, spec, false, 0), nil
}

// reranked is the app's chat retrieval with re-ranking on: the top
// rank.RerankCandidates asked of the model, its order's top topN kept.
func (e *env) reranked(ctx context.Context, q string, ask rag.Asker, sum *rerankSummary) ([]rag.Source, error) {
	res, err := e.svc.Search(ctx, rag.SearchRequest{WorkspaceID: e.ws, Query: q, Limit: rank.RerankCandidates})
	if err != nil || len(res.Hits) < 2 {
		return res.Hits, err
	}
	hits, rr, err := e.svc.Rerank(ctx, ask, q, res.Hits, topN)
	sum.Calls++
	sum.InputTokens += rr.InputTokens
	sum.OutputTokens += rr.OutputTokens
	sum.MeanS += float64(rr.DurationMs) / 1000 // a total until finish
	if rr.Fallback != "" {
		sum.Fallbacks++
	}
	return hits, err
}

func (s *rerankSummary) finish() {
	if s.Calls > 0 {
		s.MeanS = float64(int(s.MeanS/float64(s.Calls)*1000)) / 1000
	}
}
