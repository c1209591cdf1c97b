package rag

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"bookbag/backend/apperr"
	"bookbag/backend/store"
)

const docColumns = `id, workspace_id, COALESCE(chat_id, ''), name, mime, format, size, sha256, status, error,
	warning, chunk_count, page_count, created_at, updated_at`

type scanner interface{ Scan(dest ...any) error }

func scanDocument(r scanner) (Document, error) {
	var d Document
	err := r.Scan(&d.ID, &d.WorkspaceID, &d.ChatID, &d.Name, &d.Mime, &d.Format, &d.Size, &d.SHA256,
		&d.Status, &d.Error, &d.Warning, &d.Chunks, &d.Pages, &d.CreatedAt, &d.UpdatedAt)
	return d, err
}

// Get returns one live document.
func (s *Service) Get(ctx context.Context, id string) (Document, error) {
	d, err := scanDocument(s.db.R.QueryRowContext(ctx, `SELECT `+docColumns+` FROM documents WHERE id = ? AND deleted_at IS NULL`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Document{}, apperr.New(apperr.NotFound, "document %s not found", id)
	}
	if err != nil {
		return Document{}, fmt.Errorf("get document: %w", err)
	}
	return d, nil
}

// List returns a workspace's documents, newest first. With chatID set it
// lists what that chat sees: its own documents first, then the workspace's
// (a chat's attachments stay on the first page however many documents the
// workspace gains after them).
func (s *Service) List(ctx context.Context, workspaceID, chatID string, offset, limit int) (DocumentPage, error) {
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	if offset < 0 {
		offset = 0
	}
	where := `workspace_id = ? AND deleted_at IS NULL AND (chat_id IS NULL OR chat_id = ?)`
	page := DocumentPage{Offset: offset, Limit: limit, Items: []Document{}}
	if err := s.db.R.QueryRowContext(ctx, `SELECT count(*) FROM documents WHERE `+where, workspaceID, chatID).Scan(&page.Total); err != nil {
		return page, fmt.Errorf("count documents: %w", err)
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+docColumns+` FROM documents WHERE `+where+`
		ORDER BY chat_id IS NULL, created_at DESC, id DESC LIMIT ? OFFSET ?`, workspaceID, chatID, limit, offset)
	if err != nil {
		return page, fmt.Errorf("list documents: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		d, err := scanDocument(rows)
		if err != nil {
			return page, fmt.Errorf("list documents: %w", err)
		}
		page.Items = append(page.Items, d)
	}
	return page, rows.Err()
}

// Cancel stops a pending or processing document; it ends in status error
// ("canceled") with no chunks, and Reindex starts it again.
func (s *Service) Cancel(ctx context.Context, id string) (Document, error) {
	d, err := s.Get(ctx, id)
	if err != nil {
		return Document{}, err
	}
	if d.Status != StatusPending && d.Status != StatusProcessing {
		return d, nil
	}
	// The outcome is written before the job is stopped: a stopped job lets
	// the worker pick its next document at once, and this one must no
	// longer look queued then. The job's own writes check the status first
	// (checkProcessing), so whatever it still does lands before or not at all.
	var ids []int64
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		var err error
		if ids, err = deleteChunks(ctx, tx, id); err != nil {
			return err
		}
		return tx.Update(ctx, "documents", id, store.Values{"status": StatusError, "error": "canceled", "chunk_count": 0})
	})
	s.stopJob(id)
	s.fts.invalidate()
	if err != nil {
		return Document{}, fmt.Errorf("cancel document: %w", err)
	}
	s.vectors.remove(ctx, d.WorkspaceID, ids)
	d, err = s.Get(ctx, id)
	if err == nil {
		s.status(d)
	}
	return d, err
}

// stopJob cancels the document's running job, if any, as a user action.
func (s *Service) stopJob(id string) {
	s.mu.Lock()
	if j, ok := s.running[id]; ok {
		j.canceled = true
		j.cancel()
	}
	s.mu.Unlock()
}

// Delete removes a document: its chunks, FTS rows and vectors go at once and
// the row becomes a tombstone. The stored file is removed when no other live
// document uses the same content.
func (s *Service) Delete(ctx context.Context, id string) error {
	d, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	var ids []int64
	var shared string // the document's published embeddings, if any
	// Tombstone first, then stop the job (see Cancel).
	defer s.stopJob(id)
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		var err error
		if ids, err = deleteChunks(ctx, tx, id); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT embeddings_sha256 FROM documents WHERE id = ?`, id).Scan(&shared); err != nil {
			return fmt.Errorf("read document: %w", err)
		}
		return tx.Delete(ctx, "documents", id)
	})
	s.fts.invalidate()
	if err != nil {
		return fmt.Errorf("delete document: %w", err)
	}
	s.vectors.remove(ctx, d.WorkspaceID, ids)
	for _, sum := range []string{d.SHA256, shared} {
		if sum != "" {
			s.removeUnusedFiles(ctx, sum)
		}
	}
	d.Status = "deleted"
	s.status(d)
	s.changed(d.WorkspaceID)
	return nil
}

// Reindex extracts, splits and embeds a document again (after a failure, a
// cancel, or a change of chunk settings).
func (s *Service) Reindex(ctx context.Context, id string) (Document, error) {
	return s.reindex(ctx, id, nil)
}

// reindex queues a document again, writing also the values of also (a
// failed document retried under the name it was added again with).
func (s *Service) reindex(ctx context.Context, id string, also store.Values) (Document, error) {
	d, err := s.Get(ctx, id)
	if err != nil {
		return Document{}, err
	}
	if d.SHA256 == "" {
		return d, apperr.New(apperr.Invalid, "%s cannot be indexed: %s", d.Name, d.Error)
	}
	s.stopJob(id)
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		vals := store.Values{"status": StatusPending, "error": "", "warning": ""}
		for k, v := range also {
			vals[k] = v
		}
		return tx.Update(ctx, "documents", id, vals)
	})
	if err != nil {
		return Document{}, fmt.Errorf("reindex document: %w", err)
	}
	d, err = s.Get(ctx, id)
	if err == nil {
		s.status(d)
		s.kick()
	}
	return d, err
}

// deleteChunks hard-deletes a document's chunks (the FTS trigger removes
// their index rows) and returns their ids for the vector index.
func deleteChunks(ctx context.Context, tx *store.Tx, docID string) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, `DELETE FROM chunks WHERE document_id = ? RETURNING id`, docID)
	if err != nil {
		return nil, fmt.Errorf("delete chunks: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("delete chunks: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// FilePath returns a live document's original name and where its stored
// content is, for opening it in the system viewer.
func (s *Service) FilePath(ctx context.Context, id string) (name, path string, err error) {
	d, err := s.Get(ctx, id)
	if err != nil {
		return "", "", err
	}
	path, err = s.blobs.Path(d.SHA256)
	if err != nil {
		return "", "", apperr.Wrap(err, apperr.NotFound, "the file of %s is no longer stored", d.Name)
	}
	return d.Name, path, nil
}
