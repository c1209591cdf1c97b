package usage

import (
	"context"
	"fmt"
	"strings"

	"bookbag/backend/apperr"
	"bookbag/backend/llm"
	"bookbag/backend/store"
)

// bucketMs is the rollup's bucket: every time zone's midnight falls on a
// quarter hour, so days and months in any zone are whole buckets.
const bucketMs = 15 * 60 * 1000

// Record stores one call with the price effective when it ended, and adds
// it to the rollup in the same transaction.
func (s *Service) Record(ctx context.Context, c Call) (Recorded, error) {
	ref, err := llm.ParseEmbeddingRef(c.ModelRef)
	if err != nil {
		return Recorded{}, fmt.Errorf("record usage: %w", err)
	}
	switch c.Source {
	case SourceChat, SourceTool, SourceTitle, SourceRerank, SourceEmbedding, SourceAPI:
	default:
		return Recorded{}, apperr.New(apperr.Invalid, "record usage: unknown source %q", c.Source)
	}
	if c.At == 0 {
		c.At = s.now().UnixMilli()
	}
	r := Recorded{ID: store.NewID(), At: c.At, WorkspaceID: c.WorkspaceID, ModelRef: llm.FormatRef(ref.Provider, ref.Model),
		Provider: ref.Provider, Local: isLocal(ref.Provider), Source: c.Source,
		InputTokens: max(c.InputTokens, 0), OutputTokens: max(c.OutputTokens, 0), Estimated: c.Estimated, DurationMs: c.DurationMs}
	r.CachedTokens = min(max(c.CachedTokens, 0), r.InputTokens)
	if r.Local {
		r.Priced = true // free
	} else {
		prices, err := s.loadPrices(ctx)
		if err != nil {
			return Recorded{}, fmt.Errorf("record usage: %w", err)
		}
		if p, ok := priceFor(prices, r.ModelRef, r.At); ok {
			r.Priced, r.PriceInput, r.PriceOutput, r.PriceCached = true, p.InputMicros, p.OutputMicros, p.CachedMicros
			r.CostMicros = cost(r)
		}
	}
	err = s.db.Tx(ctx, func(tx *store.Tx) error { return insertCall(ctx, tx, r) })
	if err != nil {
		return Recorded{}, fmt.Errorf("record usage: %w", err)
	}
	return r, nil
}

// insertCall stores a call and adds it to its rollup bucket, in the
// caller's transaction.
func insertCall(ctx context.Context, tx *store.Tx, r Recorded) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO usage_calls (id, at, workspace_id, model_ref, provider, local, source,
		input_tokens, output_tokens, cached_tokens, estimated, duration_ms, priced, price_input, price_output, price_cached, cost_micros)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.At, r.WorkspaceID, r.ModelRef, r.Provider, r.Local, r.Source, r.InputTokens, r.OutputTokens, r.CachedTokens,
		r.Estimated, r.DurationMs, r.Priced, r.PriceInput, r.PriceOutput, r.PriceCached, r.CostMicros); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO usage_rollup (bucket, workspace_id, model_ref, calls, input_tokens,
		output_tokens, cached_tokens, cost_micros, unpriced) VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?)
		ON CONFLICT (bucket, workspace_id, model_ref) DO UPDATE SET calls = calls + 1,
		input_tokens = input_tokens + excluded.input_tokens, output_tokens = output_tokens + excluded.output_tokens,
		cached_tokens = cached_tokens + excluded.cached_tokens, cost_micros = cost_micros + excluded.cost_micros,
		unpriced = unpriced + excluded.unpriced`,
		r.At/bucketMs, r.WorkspaceID, r.ModelRef, r.InputTokens, r.OutputTokens, r.CachedTokens, r.CostMicros, boolInt(!r.Priced))
	if err != nil {
		return err
	}
	// One row per offset the page has asked for (usually one or two).
	_, err = tx.ExecContext(ctx, `INSERT INTO usage_daily (offset_min, day, workspace_id, model_ref, calls, input_tokens,
		output_tokens, cached_tokens, cost_micros, unpriced)
		SELECT offset_min, (? + offset_min * 60000) / 86400000, ?, ?, 1, ?, ?, ?, ?, ? FROM usage_daily_offsets WHERE true
		ON CONFLICT (offset_min, day, workspace_id, model_ref) DO UPDATE SET calls = calls + 1,
		input_tokens = input_tokens + excluded.input_tokens, output_tokens = output_tokens + excluded.output_tokens,
		cached_tokens = cached_tokens + excluded.cached_tokens, cost_micros = cost_micros + excluded.cost_micros,
		unpriced = unpriced + excluded.unpriced`,
		r.At, r.WorkspaceID, r.ModelRef, r.InputTokens, r.OutputTokens, r.CachedTokens, r.CostMicros, boolInt(!r.Priced))
	if err != nil {
		return err
	}
	for _, k := range [][2]string{{"m", r.ModelRef}, {"w", r.WorkspaceID}} {
		_, err = tx.ExecContext(ctx, `INSERT INTO usage_daily_keys (offset_min, dim, day, key, calls, input_tokens,
			output_tokens, cached_tokens, cost_micros, unpriced)
			SELECT offset_min, ?, (? + offset_min * 60000) / 86400000, ?, 1, ?, ?, ?, ?, ? FROM usage_daily_offsets WHERE true
			ON CONFLICT (offset_min, dim, day, key) DO UPDATE SET calls = calls + 1,
			input_tokens = input_tokens + excluded.input_tokens, output_tokens = output_tokens + excluded.output_tokens,
			cached_tokens = cached_tokens + excluded.cached_tokens, cost_micros = cost_micros + excluded.cost_micros,
			unpriced = unpriced + excluded.unpriced`,
			k[0], r.At, k[1], r.InputTokens, r.OutputTokens, r.CachedTokens, r.CostMicros, boolInt(!r.Priced))
		if err != nil {
			return err
		}
	}
	return nil
}

// cost is the call's price in micro-USD, rounded to the nearest: uncached
// input, cached input and output each at their price per million.
func cost(r Recorded) int64 {
	sum := (r.InputTokens-r.CachedTokens)*r.PriceInput + r.CachedTokens*r.PriceCached + r.OutputTokens*r.PriceOutput
	return (sum + 500_000) / 1_000_000
}

// isLocal reports whether a ref's provider runs on this machine (Ollama,
// LM Studio, vLLM, llama.cpp): its calls cost nothing.
func isLocal(provider string) bool {
	if provider == string(llm.KindOllama) {
		return true
	}
	p, ok := llm.PresetByID(provider)
	return ok && p.Local
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// modelOf is the model id of a ref ("openai:gpt-4o" gives "gpt-4o").
func modelOf(ref string) string {
	_, m, _ := strings.Cut(ref, ":")
	return m
}
