package rag

import (
	"context"
	"fmt"
	"strings"

	"bookbag/backend/sqlkit"
	"bookbag/backend/store"
)

// What other domains ask of documents and chunks, through interfaces wired
// in app.go: a workspace's counts and files for its overview, the files
// documents name, and, inside the caller's transaction, moving a chat's
// documents, purging or tombstoning a deleted workspace's, and forgetting
// documents a member may no longer see.

// Counts are a workspace's live documents and its chunks.
type Counts struct {
	Documents int
	Chunks    int
}

// WorkspaceCounts counts a workspace's live documents and its chunks.
func (s *Service) WorkspaceCounts(ctx context.Context, q sqlkit.Queryer, workspaceID string) (Counts, error) {
	var c Counts
	err := q.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM documents WHERE workspace_id = ?1 AND deleted_at IS NULL),
		(SELECT count(*) FROM chunks WHERE workspace_id = ?1)`, workspaceID).Scan(&c.Documents, &c.Chunks)
	if err != nil {
		return Counts{}, fmt.Errorf("count documents: %w", err)
	}
	return c, nil
}

// DocumentFiles returns the stored files (hash to size) of the workspace's
// live documents, each once.
func (s *Service) DocumentFiles(ctx context.Context, q sqlkit.Queryer, workspaceID string) (map[string]int64, error) {
	out, err := sqlkit.Int64Map(ctx, q, `SELECT sha256, MAX(size) FROM documents
		WHERE workspace_id = ? AND deleted_at IS NULL AND sha256 != '' GROUP BY sha256`, workspaceID)
	if err != nil {
		return nil, fmt.Errorf("read document files: %w", err)
	}
	return out, nil
}

// FileInUse reports whether a live document names the stored file sum (its
// content or its shared vectors).
func (s *Service) FileInUse(ctx context.Context, q sqlkit.Queryer, sum string) (bool, error) {
	var used int
	err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM documents
		WHERE (sha256 = ?1 OR embeddings_sha256 = ?1) AND deleted_at IS NULL)`, sum).Scan(&used)
	if err != nil {
		return false, fmt.Errorf("check document file: %w", err)
	}
	return used == 1, nil
}

// FilesNamed returns every stored file a live document names (its content
// or its shared vectors), for the sweep of unnamed files.
func (s *Service) FilesNamed(ctx context.Context, q sqlkit.Queryer) (map[string]bool, error) {
	sums, err := sqlkit.Strings(ctx, q, `SELECT sha256 FROM documents WHERE deleted_at IS NULL AND sha256 != ''
		UNION SELECT embeddings_sha256 FROM documents WHERE deleted_at IS NULL AND embeddings_sha256 != ''`)
	if err != nil {
		return nil, fmt.Errorf("read document files: %w", err)
	}
	out := make(map[string]bool, len(sums))
	for _, sum := range sums {
		out[sum] = true
	}
	return out, nil
}

// MoveChatDocuments files a chat's live documents (and their chunks) under
// another workspace inside the caller's transaction, so the chat keeps
// seeing them and the old workspace does not.
func (s *Service) MoveChatDocuments(ctx context.Context, tx *store.Tx, chatID, workspaceID string) error {
	ids, err := sqlkit.Strings(ctx, tx, `SELECT id FROM documents WHERE chat_id = ? AND deleted_at IS NULL`, chatID)
	if err != nil {
		return fmt.Errorf("list chat documents: %w", err)
	}
	for _, id := range ids {
		if err := tx.Move(ctx, "documents", id, workspaceID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE chunks SET workspace_id = ? WHERE document_id = ?`, workspaceID, id); err != nil {
			return fmt.Errorf("move chunks: %w", err)
		}
	}
	if len(ids) > 0 {
		tx.AfterCommit(s.fts.invalidate)
	}
	return nil
}

// PurgeWorkspace hard-deletes the documents and chunks of a never-shared
// workspace, and the documents of its chats (chatIDs) wherever they are
// filed, inside the caller's transaction. It returns the files they named.
func (s *Service) PurgeWorkspace(ctx context.Context, tx *store.Tx, workspaceID string, chatIDs []string) ([]string, error) {
	where, args := `workspace_id = ?`, []any{workspaceID}
	if len(chatIDs) > 0 {
		where += ` OR chat_id IN (` + strings.TrimSuffix(strings.Repeat("?,", len(chatIDs)), ",") + `)`
		for _, id := range chatIDs {
			args = append(args, id)
		}
	}
	// Chunks first (their FTS rows go with them, by trigger).
	if _, err := tx.ExecContext(ctx, `DELETE FROM chunks WHERE workspace_id = ? OR document_id IN (SELECT id FROM documents WHERE `+
		where+`)`, append([]any{workspaceID}, args...)...); err != nil {
		return nil, fmt.Errorf("purge chunks: %w", err)
	}
	rows, err := tx.QueryContext(ctx, `DELETE FROM documents WHERE `+where+` RETURNING sha256, embeddings_sha256`, args...)
	if err != nil {
		return nil, fmt.Errorf("purge documents: %w", err)
	}
	defer rows.Close()
	var files []string
	for rows.Next() {
		var sum, vecs string
		if err := rows.Scan(&sum, &vecs); err != nil {
			return nil, fmt.Errorf("purge documents: %w", err)
		}
		files = appendNonEmpty(files, sum, vecs)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("purge documents: %w", err)
	}
	tx.AfterCommit(s.fts.invalidate)
	return files, nil
}

// TombstoneWorkspace drops the chunks of a shared, deleted workspace and
// turns its live documents into tombstones (each change logged so the
// delete travels). It returns the files they named and how many rows went.
func (s *Service) TombstoneWorkspace(ctx context.Context, tx *store.Tx, workspaceID string) ([]string, int, error) {
	res, err := tx.ExecContext(ctx, `DELETE FROM chunks WHERE workspace_id = ?`, workspaceID)
	if err != nil {
		return nil, 0, fmt.Errorf("drop chunks: %w", err)
	}
	chunks, _ := res.RowsAffected()
	n := int(chunks)
	rows, err := tx.QueryContext(ctx, `SELECT id, sha256, embeddings_sha256 FROM documents
		WHERE workspace_id = ? AND deleted_at IS NULL`, workspaceID)
	if err != nil {
		return nil, 0, fmt.Errorf("tombstone documents: %w", err)
	}
	var ids, files []string
	for rows.Next() {
		var id, sum, vecs string
		if err := rows.Scan(&id, &sum, &vecs); err != nil {
			rows.Close()
			return nil, 0, fmt.Errorf("tombstone documents: %w", err)
		}
		ids = append(ids, id)
		files = appendNonEmpty(files, sum, vecs)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("tombstone documents: %w", err)
	}
	for _, id := range ids {
		if err := tx.Delete(ctx, "documents", id); err != nil {
			return nil, 0, err
		}
		n++
	}
	tx.AfterCommit(s.fts.invalidate)
	return files, n, nil
}

// ChatDocuments lists the documents of a chat in a workspace, deleted ones too.
func (s *Service) ChatDocuments(ctx context.Context, q sqlkit.Queryer, workspaceID, chatID string) ([]string, error) {
	ids, err := sqlkit.Strings(ctx, q, `SELECT id FROM documents WHERE chat_id = ? AND workspace_id = ?`, chatID, workspaceID)
	if err != nil {
		return nil, fmt.Errorf("list chat documents: %w", err)
	}
	return ids, nil
}

// ForgetDocuments hard-deletes documents of a workspace with their chunks
// inside the caller's transaction, without logging (sync: rows a member may
// no longer see). It returns how many documents were here.
func (s *Service) ForgetDocuments(ctx context.Context, tx *store.Tx, workspaceID string, ids []string) (int, error) {
	n := 0
	for _, id := range ids {
		if err := s.DropChunks(ctx, tx, id); err != nil {
			return n, err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM documents WHERE id = ? AND workspace_id = ?`, id, workspaceID)
		if err != nil {
			return n, fmt.Errorf("forget document: %w", err)
		}
		k, _ := res.RowsAffected()
		n += int(k)
	}
	return n, nil
}

// DropChunks removes a document's locally derived chunks inside the
// caller's transaction (the FTS trigger removes their index rows); the
// caller tells Forget-like hooks about the in-memory vectors after commit.
func (s *Service) DropChunks(ctx context.Context, tx *store.Tx, docID string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM chunks WHERE document_id = ?`, docID); err != nil {
		return fmt.Errorf("drop chunks: %w", err)
	}
	tx.AfterCommit(s.fts.invalidate)
	return nil
}

// VectorsFile is the file of shared vectors a document names here ("" for
// none).
func (s *Service) VectorsFile(ctx context.Context, q sqlkit.Queryer, docID string) (string, error) {
	var sum string
	if err := q.QueryRowContext(ctx, `SELECT embeddings_sha256 FROM documents WHERE id = ?`, docID).Scan(&sum); err != nil {
		return "", fmt.Errorf("read document: %w", err)
	}
	return sum, nil
}

// AwaitingFile lists a workspace's live documents that are in error with
// reason, by id with the hash of their file (sync: documents that arrived
// before their file).
func (s *Service) AwaitingFile(ctx context.Context, workspaceID, reason string) (map[string]string, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, sha256 FROM documents WHERE workspace_id = ? AND deleted_at IS NULL
		AND status = 'error' AND error = ? AND sha256 != ''`, workspaceID, reason)
	if err != nil {
		return nil, fmt.Errorf("find documents without a file: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, sum string
		if err := rows.Scan(&id, &sum); err != nil {
			return nil, fmt.Errorf("find documents without a file: %w", err)
		}
		out[id] = sum
	}
	return out, rows.Err()
}

// QueueFetched sets documents still in error with reason back to pending
// (their file has arrived) as a local change, not a synced one.
func (s *Service) QueueFetched(ctx context.Context, ids []string, reason string) error {
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, `UPDATE documents SET status = 'pending', error = '' WHERE id = ? AND error = ?`, id, reason); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("queue documents: %w", err)
	}
	return nil
}

// removeUnusedFiles deletes stored files no row names any more (asked of
// every domain through FilesInUse; of documents alone without it).
func (s *Service) removeUnusedFiles(ctx context.Context, sums ...string) {
	inUse := s.inUse
	if inUse == nil {
		inUse = func(ctx context.Context, sum string) (bool, error) { return s.FileInUse(ctx, s.db.R, sum) }
	}
	if err := s.blobs.RemoveUnused(ctx, sums, inUse); err != nil {
		s.log.Warn("delete unused files", "err", err)
	}
}

func appendNonEmpty(out []string, vs ...string) []string {
	for _, v := range vs {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

// WorkspaceRows is the documents domain's part of a workspace (documents
// and chunks) for the workspace service's purge and tombstoning.
type WorkspaceRows struct {
	s       *Service
	chatIDs func(ctx context.Context, q sqlkit.Queryer, workspaceID string) ([]string, error)
}

// WorkspaceRows returns the documents domain's part of workspaces; chatIDs
// lists a workspace's chats (the chat domain), whose documents a purge
// removes wherever they are filed.
func (s *Service) WorkspaceRows(chatIDs func(ctx context.Context, q sqlkit.Queryer, workspaceID string) ([]string, error)) WorkspaceRows {
	return WorkspaceRows{s: s, chatIDs: chatIDs}
}

func (WorkspaceRows) Name() string { return "documents" }

func (p WorkspaceRows) Purge(ctx context.Context, tx *store.Tx, workspaceID string) ([]string, error) {
	var chats []string
	if p.chatIDs != nil {
		var err error
		if chats, err = p.chatIDs(ctx, tx, workspaceID); err != nil {
			return nil, err
		}
	}
	return p.s.PurgeWorkspace(ctx, tx, workspaceID, chats)
}

func (p WorkspaceRows) Tombstone(ctx context.Context, tx *store.Tx, workspaceID string) ([]string, int, error) {
	return p.s.TombstoneWorkspace(ctx, tx, workspaceID)
}
