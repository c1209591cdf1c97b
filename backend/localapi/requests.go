package localapi

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"bookbag/backend/store"
)

// recordUsage records a request's model call for usage, once (a request
// also kept as a chat is not counted again there). It runs after the
// answer, on its own deadline: the client may be gone and its context with
// it.
func (s *Service) recordUsage(r Request, cached int) {
	if s.usage == nil || r.ModelRef == "" {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := s.usage.Record(ctx, UsageCall{WorkspaceID: r.WorkspaceID, ModelRef: r.ModelRef, Embedding: r.Endpoint == "embeddings",
		InputTokens: r.InputTokens, OutputTokens: r.OutputTokens, CachedTokens: cached, Estimated: r.Estimated, DurationMs: r.DurationMs})
	if err != nil {
		s.log.Warn("record usage", "model", r.ModelRef, "err", err)
	}
}

// newRequestID names a model request and tells the client, as OpenAI's
// x-request-id does (the SDKs keep it as the response's request id), so a
// caller's log line can be matched with the request recorded here.
func newRequestID(w http.ResponseWriter) string {
	id := store.NewID()
	w.Header().Set("X-Request-Id", id)
	return id
}

// record stores one request, on its own deadline as recordUsage.
func (s *Service) record(r Request) {
	if r.ID == "" {
		r.ID = store.NewID()
	}
	if r.Source == "" {
		r.Source = "api"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := s.exec(ctx, `INSERT INTO api_requests (id, created_at, token_id, endpoint, model, model_ref, workspace_id,
		input_tokens, output_tokens, estimated, stream, ttft_ms, duration_ms, status, error, source)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.CreatedAt, r.TokenID, r.Endpoint, r.Model, r.ModelRef, r.WorkspaceID, r.InputTokens, r.OutputTokens,
		boolInt(r.Estimated), boolInt(r.Stream), r.TTFTMs, r.DurationMs, r.Status, r.Error, r.Source)
	if err != nil {
		s.log.Warn("record api request", "err", err)
	}
}

// RecentRequests pages through the recorded requests, newest first.
func (s *Service) RecentRequests(ctx context.Context, offset, limit int) (RequestPage, error) {
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	offset = max(offset, 0)
	page := RequestPage{Items: []Request{}}
	if err := s.db.R.QueryRowContext(ctx, `SELECT count(*) FROM api_requests`).Scan(&page.Total); err != nil {
		return page, fmt.Errorf("list api requests: %w", err)
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT r.id, r.created_at, r.token_id, COALESCE(t.name, ''), r.endpoint, r.model,
		r.model_ref, r.workspace_id, r.input_tokens, r.output_tokens, r.estimated, r.stream, r.ttft_ms, r.duration_ms,
		r.status, r.error, r.source
		FROM api_requests r LEFT JOIN api_tokens t ON t.id = r.token_id
		ORDER BY r.created_at DESC, r.id DESC LIMIT ? OFFSET ?`, limit, offset)
	if err != nil {
		return page, fmt.Errorf("list api requests: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r Request
		var est, stream int
		if err := rows.Scan(&r.ID, &r.CreatedAt, &r.TokenID, &r.TokenName, &r.Endpoint, &r.Model, &r.ModelRef, &r.WorkspaceID,
			&r.InputTokens, &r.OutputTokens, &est, &stream, &r.TTFTMs, &r.DurationMs, &r.Status, &r.Error, &r.Source); err != nil {
			return page, fmt.Errorf("list api requests: %w", err)
		}
		r.Estimated, r.Stream = est == 1, stream == 1
		page.Items = append(page.Items, r)
	}
	return page, rows.Err()
}
