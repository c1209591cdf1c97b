package chat

import (
	"context"
	"encoding/json"
	"fmt"

	"bookbag/backend/sqlkit"
	"bookbag/backend/store"
)

// streamingSQL finds answers left streaming; the literal status lets SQLite
// use the partial index messages_streaming (a bound parameter would not).
const streamingSQL = `SELECT id FROM messages WHERE status = 'streaming' AND deleted_at IS NULL`

// RecoverInterrupted marks answers that were streaming when the app last
// stopped (crash, kill, power loss) as interrupted. Their text, saved as it
// streamed, stays; the UI offers to regenerate. Call once at startup.
func (s *Service) RecoverInterrupted(ctx context.Context) (int, error) {
	ids, err := sqlkit.Strings(ctx, s.db.R, streamingSQL)
	if err != nil {
		return 0, fmt.Errorf("find interrupted answers: %w", err)
	}
	if len(ids) == 0 {
		return 0, nil
	}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		for _, id := range ids {
			if err := tx.Update(ctx, "messages", id, store.Values{"status": StatusInterrupted,
				"error": "BookBag stopped before this answer was complete"}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("mark interrupted answers: %w", err)
	}
	return len(ids), nil
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
