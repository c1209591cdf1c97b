package rag

import (
	"context"
	"fmt"

	"bookbag/backend/apperr"
	"bookbag/backend/sqlkit"
)

// Actions on all of a workspace's own documents at once (the Documents
// page's list, not those attached to a chat): retry every failed one,
// remove every failed one, cancel every queued one. Each document goes
// through the same path as its own button, so events, the queue and the
// index stay as they would.

// BulkResult is how many documents an action on all of them changed.
type BulkResult struct {
	Count int `json:"count"`
}

// RetryFailed queues again every failed document of the workspace that can
// be read again (a file that was never stored cannot).
func (s *Service) RetryFailed(ctx context.Context, workspaceID string) (BulkResult, error) {
	ids, err := sqlkit.Strings(ctx, s.db.R, `SELECT id FROM documents WHERE workspace_id = ? AND chat_id IS NULL
		AND deleted_at IS NULL AND status = ? AND sha256 <> '' ORDER BY created_at`, workspaceID, StatusError)
	if err != nil {
		return BulkResult{}, fmt.Errorf("list failed documents: %w", err)
	}
	var res BulkResult
	for _, id := range ids {
		if _, err := s.Reindex(ctx, id); err != nil {
			return res, err
		}
		res.Count++
	}
	return res, nil
}

// RemoveFailed deletes every document of the workspace that failed, was
// canceled or was refused when added, as Delete does one: a mixed drop
// leaves no pile of rows to delete one by one.
func (s *Service) RemoveFailed(ctx context.Context, workspaceID string) (BulkResult, error) {
	ids, err := sqlkit.Strings(ctx, s.db.R, `SELECT id FROM documents WHERE workspace_id = ? AND chat_id IS NULL
		AND deleted_at IS NULL AND status = ? ORDER BY created_at`, workspaceID, StatusError)
	if err != nil {
		return BulkResult{}, fmt.Errorf("list failed documents: %w", err)
	}
	var res BulkResult
	for _, id := range ids {
		if err := s.Delete(ctx, id); err != nil && !apperr.Is(err, apperr.NotFound) {
			return res, err
		}
		res.Count++
	}
	return res, nil
}

// CancelQueued cancels every document of the workspace still waiting or
// being read; each ends as canceled, which Retry (or RetryFailed) undoes.
// The newest go first: the worker takes the oldest next, so it does not
// start documents about to be canceled.
func (s *Service) CancelQueued(ctx context.Context, workspaceID string) (BulkResult, error) {
	ids, err := sqlkit.Strings(ctx, s.db.R, `SELECT id FROM documents WHERE workspace_id = ? AND chat_id IS NULL
		AND deleted_at IS NULL AND status IN (?, ?) ORDER BY created_at DESC`, workspaceID, StatusPending, StatusProcessing)
	if err != nil {
		return BulkResult{}, fmt.Errorf("list queued documents: %w", err)
	}
	var res BulkResult
	for _, id := range ids {
		if _, err := s.Cancel(ctx, id); err != nil {
			return res, err
		}
		res.Count++
	}
	return res, nil
}
