package usage

import (
	"context"
	"fmt"
	"strings"

	"bookbag/backend/store"
	"bookbag/backend/syncproto"
)

// The office sync's side of usage: it asks for a shared workspace's calls
// not yet sent, pushes them as syncproto.UsageEvent (the wire type, so the
// sync client copies nothing) and marks those the server took. An event's
// id is the call's, so a re-send after a lost answer counts once.

// PendingSync returns up to limit calls of a workspace not yet sent to the
// office server, oldest first.
func (s *Service) PendingSync(ctx context.Context, workspaceID string, limit int) ([]syncproto.UsageEvent, error) {
	if limit <= 0 {
		limit = 500
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, at, model_ref, source, input_tokens, output_tokens, cached_tokens,
		duration_ms, cost_micros FROM usage_calls WHERE workspace_id = ? AND sent_at IS NULL ORDER BY at, id LIMIT ?`,
		workspaceID, limit)
	if err != nil {
		return nil, fmt.Errorf("read unsent usage: %w", err)
	}
	defer rows.Close()
	out := []syncproto.UsageEvent{}
	for rows.Next() {
		var e syncproto.UsageEvent
		if err := rows.Scan(&e.ID, &e.At, &e.Model, &e.Source, &e.InputTokens, &e.OutputTokens, &e.CachedTokens,
			&e.DurationMs, &e.CostMicros); err != nil {
			return nil, fmt.Errorf("read unsent usage: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// MarkSent records that the server has these calls.
func (s *Service) MarkSent(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	now := s.now().UnixMilli()
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		for start := 0; start < len(ids); start += 500 {
			part := ids[start:min(start+500, len(ids))]
			args := []any{now}
			for _, id := range part {
				args = append(args, id)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE usage_calls SET sent_at = ? WHERE sent_at IS NULL AND id IN (?`+
				strings.Repeat(", ?", len(part)-1)+`)`, args...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("mark usage sent: %w", err)
	}
	return nil
}
