package rag

import (
	"context"
	"database/sql"
	"fmt"

	"bookbag/backend/sqlkit"
	"bookbag/backend/store"
)

// What the workspace archive asks of documents: their chunks (derived data
// an archive may carry so the importing device need not index again) and,
// inside the import's transaction, whether a document needs them.

// ChunkRecord is one chunk as an archive carries it.
type ChunkRecord struct {
	DocumentID   string
	Ordinal      int
	Page         int
	StartOffset  int
	EndOffset    int
	Text         string
	Context      string
	Embedding    []byte // little-endian float32s
	EmbeddingRef string
}

// ExportChunks calls each for every chunk of the workspace's live
// documents, in document and chunk order, in the caller's snapshot q, and
// returns how many there were.
func (s *Service) ExportChunks(ctx context.Context, q sqlkit.Queryer, workspaceID string, each func(ChunkRecord) error) (int, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.document_id, c.ordinal, c.page, c.start_offset, c.end_offset, c.text, c.context,
		c.embedding, c.embedding_ref FROM chunks c JOIN documents d ON d.id = c.document_id
		WHERE d.workspace_id = ? AND d.deleted_at IS NULL ORDER BY c.document_id, c.ordinal, c.id`, workspaceID)
	if err != nil {
		return 0, fmt.Errorf("read chunks: %w", err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var c ChunkRecord
		if err := rows.Scan(&c.DocumentID, &c.Ordinal, &c.Page, &c.StartOffset, &c.EndOffset, &c.Text, &c.Context,
			&c.Embedding, &c.EmbeddingRef); err != nil {
			return n, fmt.Errorf("read chunks: %w", err)
		}
		if err := each(c); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}

// DocumentState is what an import needs to know of a document here.
type DocumentState struct {
	WorkspaceID string
	Status      string
	HLC         string
	SHA256      string
	Deleted     bool
	Chunks      int
}

// DocumentState reads a document's state in the caller's transaction.
func (s *Service) DocumentState(ctx context.Context, q sqlkit.Queryer, id string) (DocumentState, error) {
	var st DocumentState
	var deleted sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT workspace_id, status, hlc, sha256, deleted_at,
		(SELECT count(*) FROM chunks WHERE document_id = documents.id) FROM documents WHERE id = ?`, id).
		Scan(&st.WorkspaceID, &st.Status, &st.HLC, &st.SHA256, &deleted, &st.Chunks)
	if err != nil {
		return DocumentState{}, fmt.Errorf("read document: %w", err)
	}
	st.Deleted = deleted.Valid
	return st, nil
}

// QueueLocally sets a document pending in the caller's transaction as a
// local, derived change (not a synced one): the queue indexes it.
func (s *Service) QueueLocally(ctx context.Context, tx *store.Tx, id string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE documents SET status = 'pending' WHERE id = ?`, id); err != nil {
		return fmt.Errorf("queue document: %w", err)
	}
	return nil
}

// AddChunks stores chunks an archive carried for a document, in the
// caller's transaction.
func (s *Service) AddChunks(ctx context.Context, tx *store.Tx, docID, workspaceID string, chunks []ChunkRecord) error {
	for _, ch := range chunks {
		var emb any
		if len(ch.Embedding) > 0 {
			emb = ch.Embedding
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO chunks (document_id, workspace_id, ordinal, page, start_offset,
			end_offset, text, context, embedding, embedding_ref) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			docID, workspaceID, ch.Ordinal, ch.Page, ch.StartOffset, ch.EndOffset, ch.Text, ch.Context, emb, ch.EmbeddingRef); err != nil {
			return fmt.Errorf("add chunks: %w", err)
		}
	}
	if len(chunks) > 0 {
		tx.AfterCommit(s.fts.invalidate)
	}
	return nil
}
