package store

import (
	"context"
	"database/sql"
	"fmt"
)

// RowQuerier runs a query that returns one row (*sql.DB, *sql.Tx, *Tx).
type RowQuerier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// FileInUse reports whether a live row names the stored file sum: a
// document's file or its shared vectors, or a message's image. Domains call
// it before deleting a file from the blob store.
func FileInUse(ctx context.Context, q RowQuerier, sum string) (bool, error) {
	var used int
	err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM documents WHERE (sha256 = ?1 OR embeddings_sha256 = ?1) AND deleted_at IS NULL)
		OR EXISTS (SELECT 1 FROM messages WHERE attachments LIKE '%' || ?1 || '%')`, sum).Scan(&used)
	if err != nil {
		return false, fmt.Errorf("check stored file: %w", err)
	}
	return used == 1, nil
}
