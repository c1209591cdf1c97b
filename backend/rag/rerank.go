package rag

import (
	"context"
	"errors"
	"fmt"
	"time"

	"bookbag/backend/rag/rank"
)

// Rerank is how re-ranking went for one question: what it cost, and why
// the keyword order was kept when it was.
type Rerank struct {
	Model        string `json:"model"`
	InputTokens  int    `json:"inputTokens"`
	OutputTokens int    `json:"outputTokens"`
	Estimated    bool   `json:"estimated"` // the provider gave no token counts
	DurationMs   int64  `json:"durationMs"`
	Fallback     string `json:"fallback"` // "" when the model's order was used
}

// Retrieved is a chat question's sources and, when the workspace re-ranks,
// how that went (nil when it does not or there was nothing to reorder).
type Retrieved struct {
	Sources []Source
	Rerank  *Rerank
}

// RetrieveRanked is RetrieveIn, re-ranked by ask when the workspace's
// setting says so: the fused top rank.RerankCandidates go to the model and
// the top k of its order are kept. A model that fails, answers nonsense or
// takes longer than the time limit leaves the keyword order (and says so in
// the log and in Rerank.Fallback); the caller's ctx ending ends it all.
func (s *Service) RetrieveRanked(ctx context.Context, workspaceID string, sc Scope, query string, ask Asker) (Retrieved, error) {
	st, err := s.settings.RetrievalSettings(ctx, workspaceID)
	if err != nil {
		return Retrieved{}, err
	}
	st = st.normalized()
	if sc.ChatOnly {
		// Nothing of the chat's own to search: no query (and no embedding
		// call) for a chat without attached documents.
		if ok, err := s.chatHasDocuments(ctx, workspaceID, sc.Chat); err != nil || !ok {
			return Retrieved{Sources: []Source{}}, err
		}
	}
	if !st.Rerank || ask == nil {
		res, err := s.fusedSearch(ctx, workspaceID, sc, query, st, st.TopK, st.MinScore)
		return Retrieved{Sources: res.Hits}, err
	}
	res, err := s.fusedSearch(ctx, workspaceID, sc, query, st, max(st.TopK, rank.RerankCandidates), st.MinScore)
	if err != nil {
		return Retrieved{}, err
	}
	if len(res.Hits) < 2 {
		return Retrieved{Sources: res.Hits[:min(len(res.Hits), st.TopK)]}, nil
	}
	hits, rr, err := s.Rerank(ctx, ask, query, res.Hits, st.TopK)
	return Retrieved{Sources: hits, Rerank: &rr}, err
}

// Rerank asks the model to order hits for the question and keeps the first
// keep of its order (renumbered); on a failure other than ctx ending it
// keeps the first keep as they were. The eval tool calls it directly.
func (s *Service) Rerank(ctx context.Context, ask Asker, question string, hits []Source, keep int) ([]Source, Rerank, error) {
	passages := make([]string, len(hits))
	for i, h := range hits {
		passages[i] = h.Text
	}
	start := time.Now()
	actx, cancel := context.WithTimeout(ctx, s.rerankFor)
	reply, err := ask.Ask(actx, rank.RerankSystem, rank.RerankPrompt(question, passages))
	if err != nil && actx.Err() == context.DeadlineExceeded && ctx.Err() == nil {
		err = context.DeadlineExceeded // whatever the provider made of it
	}
	cancel()
	rr := Rerank{Model: reply.Model, InputTokens: reply.InputTokens, OutputTokens: reply.OutputTokens, Estimated: reply.Estimated,
		DurationMs: time.Since(start).Milliseconds()}
	if ctx.Err() != nil {
		return nil, rr, ctx.Err() // the turn was cancelled: nothing to fall back for
	}
	var order []int
	if err == nil {
		order, err = rank.ParseRerank(reply.Text, len(hits))
	}
	if err != nil {
		rr.Fallback = fallbackReason(err, s.rerankFor)
		s.log.Warn("re-rank sources; keeping the keyword order", "model", rr.Model, "reason", rr.Fallback,
			"ms", rr.DurationMs, "input_tokens", rr.InputTokens, "output_tokens", rr.OutputTokens)
		order = rank.RerankOrder(len(hits), nil)
	} else {
		s.log.Info("re-rank sources", "model", rr.Model, "ms", rr.DurationMs,
			"input_tokens", rr.InputTokens, "output_tokens", rr.OutputTokens, "ranked", len(order))
		order = rank.RerankOrder(len(hits), order)
	}
	out := make([]Source, 0, min(keep, len(order)))
	for _, i := range order[:min(keep, len(order))] {
		h := hits[i]
		h.Ordinal = len(out) + 1
		out = append(out, h)
	}
	return out, rr, nil
}

func fallbackReason(err error, limit time.Duration) string {
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Sprintf("the model did not answer within %s", limit)
	case errors.Is(err, rank.ErrRerankReply):
		return "the model's reply held no list of passage numbers"
	}
	return "the model failed: " + err.Error()
}
