package chat

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// rerankNote says under the answer (as "sources: …") how its sources were ordered: by which
// model, in how long and for how many tokens, or why the keyword order was
// kept.
func rerankNote(r Rerank) Note {
	about := ""
	if r.Estimated {
		about = "about "
	}
	cost := fmt.Sprintf("%.1f s, %s%s tokens", float64(r.DurationMs)/1000, about, thousands(r.InputTokens+r.OutputTokens))
	if r.Fallback != "" {
		return Note{Source: "sources", Text: fmt.Sprintf("kept in keyword order; re-ranking by %s failed (%s; %s).", r.Model, r.Fallback, cost)}
	}
	return Note{Source: "sources", Text: fmt.Sprintf("re-ranked by %s in %s.", r.Model, cost)}
}

// thousands writes n with comma separators (3100 → "3,100").
func thousands(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return s
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// recordRerank records the re-ranking call for usage (source "rerank"); a
// failure to record is logged, the answer goes on.
func (s *Service) recordRerank(t turn, r Rerank) {
	if s.usage == nil {
		return
	}
	c := ModelCall{WorkspaceID: t.chat.WorkspaceID, ModelRef: t.ref, Kind: CallRerank, InputTokens: r.InputTokens,
		OutputTokens: r.OutputTokens, Estimated: r.Estimated, Duration: time.Duration(r.DurationMs) * time.Millisecond}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.usage.Record(ctx, c); err != nil {
		s.log.Warn("record usage", "model", t.ref, "err", err)
	}
}
