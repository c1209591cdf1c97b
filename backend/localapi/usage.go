package localapi

import (
	"context"
	"fmt"

	"bookbag/backend/sqlkit"
)

// ModelUsage is what the API's answered chat requests in a workspace used
// of one model.
type ModelUsage struct {
	ModelRef string
	Input    int64 // tokens of the requests not kept as chats (those count as chat answers)
	Output   int64
	Requests int64 // every answered request
	InChats  int64 // those kept as chats
}

// WorkspaceUsage sums the answered chat requests made through the API to a
// workspace since a time: per model, and per day (dayMs wide, days of
// them), so a workspace's usage counts them beside its chats' answers.
func (s *Service) WorkspaceUsage(ctx context.Context, q sqlkit.Queryer, workspaceID string, since, dayMs int64, days int) ([]ModelUsage, []int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT model_ref, SUM(CASE WHEN source = 'api' THEN input_tokens ELSE 0 END),
		SUM(CASE WHEN source = 'api' THEN output_tokens ELSE 0 END), count(*), SUM(source != 'api') FROM api_requests
		WHERE workspace_id = ? AND endpoint = 'chat' AND status = 200 AND created_at >= ? AND model_ref != ''
		GROUP BY model_ref ORDER BY model_ref`, workspaceID, since)
	if err != nil {
		return nil, nil, fmt.Errorf("read api usage: %w", err)
	}
	defer rows.Close()
	var out []ModelUsage
	for rows.Next() {
		var u ModelUsage
		if err := rows.Scan(&u.ModelRef, &u.Input, &u.Output, &u.Requests, &u.InChats); err != nil {
			return nil, nil, fmt.Errorf("read api usage: %w", err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("read api usage: %w", err)
	}
	rows.Close()
	daily := make([]int64, days)
	rows, err = q.QueryContext(ctx, `SELECT (created_at - ?) / ?, SUM(input_tokens + output_tokens) FROM api_requests
		WHERE workspace_id = ? AND endpoint = 'chat' AND status = 200 AND source = 'api' AND created_at >= ? GROUP BY 1`, since, dayMs, workspaceID, since)
	if err != nil {
		return nil, nil, fmt.Errorf("read daily api usage: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var i, n int64
		if err := rows.Scan(&i, &n); err != nil {
			return nil, nil, fmt.Errorf("read daily api usage: %w", err)
		}
		if i >= 0 && i < int64(days) {
			daily[i] = n
		}
	}
	return out, daily, rows.Err()
}
