package usage

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"bookbag/backend/apperr"
)

const callCols = `id, at, workspace_id, model_ref, provider, local, source, input_tokens, output_tokens, cached_tokens,
	estimated, duration_ms, priced, price_input, price_output, price_cached, cost_micros, sent_at IS NOT NULL`

func scanCall(sc interface{ Scan(...any) error }) (Recorded, error) {
	var r Recorded
	err := sc.Scan(&r.ID, &r.At, &r.WorkspaceID, &r.ModelRef, &r.Provider, &r.Local, &r.Source, &r.InputTokens,
		&r.OutputTokens, &r.CachedTokens, &r.Estimated, &r.DurationMs, &r.Priced, &r.PriceInput, &r.PriceOutput,
		&r.PriceCached, &r.CostMicros, &r.Sent)
	return r, err
}

// callsWhere is the filter of a range's calls (and its arguments).
func callsWhere(q CallQuery) (string, []any, error) {
	_, starts, err := days(q.Range)
	if err != nil {
		return "", nil, err
	}
	where := `at >= ? AND at < ?`
	args := []any{starts[0], starts[len(starts)-1]}
	if q.WorkspaceID != "" {
		where += ` AND workspace_id = ?`
		args = append(args, q.WorkspaceID)
	}
	if q.Model != "" {
		where += ` AND model_ref = ?`
		args = append(args, q.Model)
	}
	return where, args, nil
}

// Calls pages the calls of a range, newest first.
func (s *Service) Calls(ctx context.Context, q CallQuery) (CallPage, error) {
	where, args, err := callsWhere(q)
	if err != nil {
		return CallPage{}, err
	}
	if q.Limit <= 0 || q.Limit > 500 {
		q.Limit = 100
	}
	if q.Cursor != "" {
		at, id, ok := strings.Cut(q.Cursor, "|")
		ms, perr := strconv.ParseInt(at, 10, 64)
		if !ok || perr != nil {
			return CallPage{}, apperr.New(apperr.Invalid, "bad page cursor")
		}
		where += ` AND (at < ? OR (at = ? AND id < ?))`
		args = append(args, ms, ms, id)
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+callCols+` FROM usage_calls WHERE `+where+
		` ORDER BY at DESC, id DESC LIMIT ?`, append(args, q.Limit+1)...)
	if err != nil {
		return CallPage{}, fmt.Errorf("list calls: %w", err)
	}
	defer rows.Close()
	page := CallPage{Calls: []Recorded{}}
	for rows.Next() {
		r, err := scanCall(rows)
		if err != nil {
			return CallPage{}, fmt.Errorf("list calls: %w", err)
		}
		page.Calls = append(page.Calls, r)
	}
	if err := rows.Err(); err != nil {
		return CallPage{}, fmt.Errorf("list calls: %w", err)
	}
	if len(page.Calls) > q.Limit {
		page.Calls = page.Calls[:q.Limit]
		last := page.Calls[q.Limit-1]
		page.Next = strconv.FormatInt(last.At, 10) + "|" + last.ID
	}
	return page, nil
}

// eachCall runs fn on every call of a range, oldest first.
func (s *Service) eachCall(ctx context.Context, cq CallQuery, fn func(Recorded) error) error {
	where, args, err := callsWhere(cq)
	if err != nil {
		return err
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+callCols+` FROM usage_calls WHERE `+where+` ORDER BY at, id`, args...)
	if err != nil {
		return fmt.Errorf("read calls: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanCall(rows)
		if err != nil {
			return fmt.Errorf("read calls: %w", err)
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}
