package server

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"bookbag/backend/sqlkit"
	"bookbag/backend/syncproto"
)

// FileSweep is what one CollectFiles pass did.
type FileSweep struct {
	Marked int   // files found unnamed for the first time
	Freed  int   // files dropped from their workspace (quota given back)
	Bytes  int64 // their sizes
	Blobs  int   // stored files deleted, held by no workspace any more
}

// CollectFiles frees the files that no live row of their workspace names:
// a deleted document's file, vectors a member replaced, a deleted
// message's images, an upload whose push never came. A file found unnamed
// is marked, and freed only by a sweep at least FileGrace after the mark
// that still finds it unnamed. An upload comes before the push that names
// it, so the mark is cleared whenever the server tells a client the file
// is there (it will push a row naming it) and when a pushed row names it.
// Freeing gives the workspace its quota back. One workspace per
// transaction, under its lock, so pushes and uploads wait only for their
// own workspace's sweep. Then the stored bytes of files no workspace holds
// (freed here, or by deleting a workspace) are deleted.
func (s *Server) CollectFiles(ctx context.Context) (FileSweep, error) {
	var total FileSweep
	wss, err := sqlkit.Strings(ctx, s.db.Reader(), `SELECT DISTINCT workspace_id FROM file_refs`)
	if err != nil {
		return total, fmt.Errorf("collect files: %w", err)
	}
	var errs []error
	for _, ws := range wss {
		var sw FileSweep
		if err := s.writeTx(ctx, func(tx *sql.Tx) (err error) {
			sw, err = s.collectWorkspaceFiles(ctx, tx, ws)
			return err
		}); err != nil {
			// One workspace's failure leaves the others to be swept.
			errs = append(errs, fmt.Errorf("collect files of %s: %w", ws, err))
			continue
		}
		total.Marked += sw.Marked
		total.Freed += sw.Freed
		total.Bytes += sw.Bytes
	}
	err = s.writeTx(ctx, func(tx *sql.Tx) (err error) {
		total.Blobs, err = s.deleteUnheldBlobs(ctx, tx)
		return err
	})
	return total, errors.Join(append(errs, err)...)
}

// deleteUnheldBlobs deletes the stored files no workspace holds. The
// exclusive blob lock waits for uploads storing a file (they hold it
// shared until they commit their reference), so a file being named again
// is seen held.
func (s *Server) deleteUnheldBlobs(ctx context.Context, tx *sql.Tx) (int, error) {
	if err := s.db.LockBlobs(ctx, tx, true); err != nil {
		return 0, fmt.Errorf("lock files: %w", err)
	}
	sums, err := sqlkit.Strings(ctx, tx, `SELECT sha256 FROM blobs b WHERE NOT EXISTS (SELECT 1 FROM file_refs r WHERE r.sha256 = b.sha256)`)
	if err != nil {
		return 0, fmt.Errorf("list unheld files: %w", err)
	}
	for _, sum := range sums {
		if _, err := tx.ExecContext(ctx, `DELETE FROM blob_chunks WHERE sha256 = $1`, sum); err != nil {
			return 0, fmt.Errorf("free file: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM blobs WHERE sha256 = $1`, sum); err != nil {
			return 0, fmt.Errorf("free file: %w", err)
		}
	}
	return len(sums), nil
}

func (s *Server) collectWorkspaceFiles(ctx context.Context, tx *sql.Tx, ws string) (FileSweep, error) {
	var sw FileSweep
	var deleted sql.NullInt64
	err := tx.QueryRowContext(ctx, `UPDATE workspaces SET seq = seq WHERE id = $1 RETURNING deleted_at`, ws).Scan(&deleted)
	if err != nil {
		return sw, fmt.Errorf("lock workspace: %w", err)
	}
	named := map[string]bool{} // a deleted workspace names nothing
	if !deleted.Valid {
		if named, err = s.namedFiles(ctx, tx, ws); err != nil {
			return sw, err
		}
	}
	type ref struct {
		sum      string
		size     int64
		orphaned sql.NullInt64
	}
	rows, err := tx.QueryContext(ctx, `SELECT sha256, size, orphaned_at FROM file_refs WHERE workspace_id = $1`, ws)
	if err != nil {
		return sw, fmt.Errorf("list files: %w", err)
	}
	var refs []ref
	for rows.Next() {
		var r ref
		if err := rows.Scan(&r.sum, &r.size, &r.orphaned); err != nil {
			rows.Close()
			return sw, fmt.Errorf("list files: %w", err)
		}
		refs = append(refs, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return sw, fmt.Errorf("list files: %w", err)
	}
	now := s.nowMs()
	for _, r := range refs {
		var q string
		args := []any{ws, r.sum}
		switch {
		case named[r.sum] && r.orphaned.Valid:
			q = `UPDATE file_refs SET orphaned_at = NULL WHERE workspace_id = $1 AND sha256 = $2`
		case named[r.sum]:
			continue
		case !r.orphaned.Valid:
			q = `UPDATE file_refs SET orphaned_at = $3 WHERE workspace_id = $1 AND sha256 = $2`
			args = append(args, now)
			sw.Marked++
		case now-r.orphaned.Int64 >= s.cfg.FileGrace.Milliseconds():
			// Only while still marked: a client told the file is there
			// (holdFile) clears the mark without this workspace's lock, and
			// on PostgreSQL may do so after the list above was read. The
			// WHERE is checked again on the row as it is when deleted.
			q = `DELETE FROM file_refs WHERE workspace_id = $1 AND sha256 = $2 AND orphaned_at = $3`
			args = append(args, r.orphaned.Int64)
			res, err := tx.ExecContext(ctx, q, args...)
			if err != nil {
				return sw, fmt.Errorf("sweep file: %w", err)
			}
			if n, _ := res.RowsAffected(); n > 0 {
				sw.Freed++
				sw.Bytes += r.size
			}
			continue
		default:
			continue // marked, still within the grace period
		}
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return sw, fmt.Errorf("sweep file: %w", err)
		}
	}
	return sw, nil
}

// namedFiles are the files the workspace's live rows name.
func (s *Server) namedFiles(ctx context.Context, tx *sql.Tx, ws string) (map[string]bool, error) {
	// Only rows that can name a file are decoded: documents, and messages
	// with attachments.
	rows, err := tx.QueryContext(ctx, `SELECT tbl, snapshot FROM sync_rows
		WHERE workspace_id = $1 AND deleted = 0 AND (tbl = $2 OR (tbl = $3 AND snapshot LIKE '%sha256%'))`,
		ws, syncproto.TableDocuments, syncproto.TableMessages)
	if err != nil {
		return nil, fmt.Errorf("list named files: %w", err)
	}
	defer rows.Close()
	named := map[string]bool{}
	for rows.Next() {
		var tbl, body string
		if err := rows.Scan(&tbl, &body); err != nil {
			return nil, fmt.Errorf("list named files: %w", err)
		}
		var snap map[string]any
		if json.Unmarshal([]byte(body), &snap) != nil {
			continue
		}
		for _, sum := range syncproto.FileRefs(tbl, snap) {
			named[sum] = true
		}
	}
	return named, rows.Err()
}

// sweepFiles runs CollectFiles every FileSweepEvery until the server
// closes, the first a minute after start.
func (s *Server) sweepFiles() {
	t := time.NewTimer(time.Minute)
	defer t.Stop()
	for {
		select {
		case <-s.ctx.Done():
			return
		case <-t.C:
		}
		sw, err := s.CollectFiles(s.ctx)
		if err != nil {
			s.log.Error("collect files", "err", err)
		} else if sw.Marked+sw.Freed > 0 {
			s.log.Info("collect files", "marked", sw.Marked, "freed", sw.Freed, "bytes", sw.Bytes, "blobs", sw.Blobs)
		}
		t.Reset(s.cfg.FileSweepEvery)
	}
}
