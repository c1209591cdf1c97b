package server

import (
	"context"
	"fmt"
)

// storageUse is what a workspace stores: the snapshots of its rows and the
// files it holds.
type storageUse struct {
	bytes, files int64
}

// storage sums a workspace's storage from the rows themselves, never from
// a running counter: a counter drifts with every bug, crash or hand edit,
// these sums cannot (docs/DECISIONS.md). A row's size is written with its
// snapshot in one statement; a file counts once per workspace (file_refs'
// key) at the size of its stored bytes.
func (s *Server) storage(ctx context.Context, q queryer, ws string) (storageUse, error) {
	var u storageUse
	var rows, files int64
	if err := q.QueryRowContext(ctx, `SELECT COALESCE(SUM(size), 0) FROM sync_rows WHERE workspace_id = $1`, ws).Scan(&rows); err != nil {
		return u, fmt.Errorf("sum row sizes: %w", err)
	}
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(b.size), 0) FROM file_refs f
		JOIN blobs b ON b.sha256 = f.sha256 WHERE f.workspace_id = $1`, ws).Scan(&u.files, &files); err != nil {
		return u, fmt.Errorf("sum file sizes: %w", err)
	}
	u.bytes = rows + files
	return u, nil
}

// quota is the quota that applies to a workspace whose own quota is own
// (0: the server's default, a runtime setting).
func (s *Server) quota(ctx context.Context, q queryer, own int64) (int64, error) {
	if own > 0 {
		return own, nil
	}
	st, err := s.settings(ctx, q)
	if err != nil {
		return 0, err
	}
	return st.DefaultQuotaBytes, nil
}
