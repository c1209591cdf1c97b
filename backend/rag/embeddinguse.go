package rag

import (
	"context"
	"fmt"
)

// EmbeddingUse is one embedding model the stored chunks of a workspace were
// made with, and their vectors' dimensions (a backup's manifest lists them).
type EmbeddingUse struct {
	WorkspaceID string
	Ref         string
	Dimensions  int
	Chunks      int
}

// EmbeddingsInUse lists, per workspace, the embedding models of the stored
// vectors.
func (s *Service) EmbeddingsInUse(ctx context.Context) ([]EmbeddingUse, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT workspace_id, embedding_ref, MAX(length(embedding)) / 4, count(*)
		FROM chunks WHERE embedding_ref != '' AND embedding IS NOT NULL
		GROUP BY workspace_id, embedding_ref ORDER BY workspace_id, embedding_ref`)
	if err != nil {
		return nil, fmt.Errorf("list embedding models in use: %w", err)
	}
	defer rows.Close()
	out := []EmbeddingUse{}
	for rows.Next() {
		var u EmbeddingUse
		if err := rows.Scan(&u.WorkspaceID, &u.Ref, &u.Dimensions, &u.Chunks); err != nil {
			return nil, fmt.Errorf("list embedding models in use: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}
