package server

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"

	"bookbag/backend/blob"
	"bookbag/backend/syncproto"
)

// chunkSize is the size of one stored piece of a file.
const chunkSize = 1 << 20

func (s *Server) handleFilesMissing(ctx context.Context, c *call) error {
	var req syncproto.FilesMissingRequest
	if err := c.decode(&req); err != nil {
		return err
	}
	if len(req.Hashes) > 1000 {
		return errInvalid("ask about at most 1000 files at once")
	}
	out := syncproto.FilesMissingResponse{Missing: []string{}}
	seen := map[string]bool{}
	for _, h := range req.Hashes {
		if !blob.ValidSum(h) {
			return errInvalid("hashes must be lowercase hex SHA-256")
		}
		if seen[h] {
			continue
		}
		seen[h] = true
		// Only this workspace's references count: answering from every
		// workspace's files would tell members what others store.
		ok, err := s.holdFile(ctx, c.ws, h)
		if err != nil {
			return err
		}
		if !ok {
			out.Missing = append(out.Missing, h)
		}
	}
	return c.ok(out)
}

// holdFile reports whether the workspace has the file, and when it has,
// clears a collection mark on it: a client told the file is there will push
// a row naming it, so the file must outlive another grace period (see
// CollectFiles). A sweep freeing it meanwhile makes it missing.
func (s *Server) holdFile(ctx context.Context, ws, sum string) (bool, error) {
	var orphaned sql.NullInt64
	err := s.db.Reader().QueryRowContext(ctx, `SELECT orphaned_at FROM file_refs WHERE workspace_id = $1 AND sha256 = $2`, ws, sum).Scan(&orphaned)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("check file: %w", err)
	}
	if !orphaned.Valid {
		return true, nil
	}
	if err := unmarkFiles(ctx, s.db.Writer(), ws, []string{sum}); err != nil {
		return false, err
	}
	var n int
	if err := s.db.Writer().QueryRowContext(ctx, `SELECT COUNT(*) FROM file_refs WHERE workspace_id = $1 AND sha256 = $2`, ws, sum).Scan(&n); err != nil {
		return false, fmt.Errorf("check file: %w", err)
	}
	return n > 0, nil
}

// unmarkFiles clears the collection marks of the workspace's files sums.
func unmarkFiles(ctx context.Context, q queryer, ws string, sums []string) error {
	for _, sum := range sums {
		if _, err := q.ExecContext(ctx, `UPDATE file_refs SET orphaned_at = NULL
			WHERE workspace_id = $1 AND sha256 = $2 AND orphaned_at IS NOT NULL`, ws, sum); err != nil {
			return fmt.Errorf("keep file: %w", err)
		}
	}
	return nil
}

func (s *Server) fileRef(ctx context.Context, q queryer, ws, sum string) (int64, bool, error) {
	var size int64
	err := q.QueryRowContext(ctx, `SELECT size FROM file_refs WHERE workspace_id = $1 AND sha256 = $2`, ws, sum).Scan(&size)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("load file: %w", err)
	}
	return size, true, nil
}

// handleUploadFile takes a file's bytes, checks them against the hash in
// the path in a temp file (so a slow upload holds no database lock), then
// stores it in chunks and charges the workspace's quota.
func (s *Server) handleUploadFile(ctx context.Context, c *call) error {
	sum := c.r.PathValue("sha")
	if !blob.ValidSum(sum) {
		return errInvalid("the file's name must be its lowercase hex SHA-256")
	}
	if c.r.ContentLength > c.limit {
		return errf(http.StatusRequestEntityTooLarge, syncproto.CodeTooLarge, "files are limited to %d bytes", c.limit)
	}
	if ok, err := s.holdFile(ctx, c.ws, sum); err != nil {
		return err
	} else if ok {
		size, _, err := s.fileRef(ctx, s.db.Reader(), c.ws, sum)
		if err != nil {
			return err
		}
		return c.ok(syncproto.FileInfo{SHA256: sum, Size: size})
	}
	tmp, err := os.CreateTemp(s.cfg.TempDir, "bookbag-upload-*")
	if err != nil {
		return fmt.Errorf("create temp file: %w", err)
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	h := sha256.New()
	size, err := io.Copy(io.MultiWriter(tmp, h), c.r.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return errf(http.StatusRequestEntityTooLarge, syncproto.CodeTooLarge, "files are limited to %d bytes", c.limit)
		}
		return errInvalid("upload was cut short")
	}
	if hex.EncodeToString(h.Sum(nil)) != sum {
		return errInvalid("the file does not match its SHA-256")
	}
	err = s.writeTx(ctx, func(tx *sql.Tx) error {
		lock, err := s.lockWorkspace(ctx, tx, c.ws)
		if err != nil {
			return err
		}
		// Checked again under the lock, as a push does: a large upload
		// takes minutes, and a member removed meanwhile stores nothing.
		if _, err := s.memberRole(ctx, tx, c.ws, c.user.ID); err != nil {
			return err
		}
		if _, ok, err := s.fileRef(ctx, tx, c.ws, sum); err != nil {
			return err
		} else if ok { // uploaded meanwhile by another member
			return unmarkFiles(ctx, tx, c.ws, []string{sum})
		}
		use, err := s.storage(ctx, tx, c.ws)
		if err != nil {
			return err
		}
		quota, err := s.quota(ctx, tx, lock.quota)
		if err != nil {
			return err
		}
		if use.bytes+size > quota {
			return errf(http.StatusRequestEntityTooLarge, syncproto.CodeQuota, "the workspace's storage quota is full")
		}
		if err := s.storeBlob(ctx, tx, sum, size, tmp); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO file_refs (workspace_id, sha256, size, created_by, created_at) VALUES ($1, $2, $3, $4, $5)`,
			c.ws, sum, size, c.user.ID, s.nowMs()); err != nil {
			return fmt.Errorf("store file reference: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return c.json(http.StatusCreated, syncproto.FileInfo{SHA256: sum, Size: size})
}

// storeBlob writes the file's chunks unless the blob exists already. ON
// CONFLICT DO NOTHING makes two concurrent first uploads of one file safe:
// the second waits for the first and then finds it stored.
func (s *Server) storeBlob(ctx context.Context, tx *sql.Tx, sum string, size int64, f *os.File) error {
	if err := s.db.LockBlobs(ctx, tx, false); err != nil {
		return fmt.Errorf("store file: %w", err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO blobs (sha256, size, created_at) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING`,
		sum, size, s.nowMs())
	if err != nil {
		return fmt.Errorf("store file: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("rewind upload: %w", err)
	}
	buf := make([]byte, chunkSize)
	for idx := 0; ; idx++ {
		n, err := io.ReadFull(f, buf)
		if n > 0 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO blob_chunks (sha256, idx, data) VALUES ($1, $2, $3)`, sum, idx, buf[:n]); err != nil {
				return fmt.Errorf("store file chunk: %w", err)
			}
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read upload: %w", err)
		}
	}
}

func (s *Server) handleDownloadFile(ctx context.Context, c *call) error {
	sum := c.r.PathValue("sha")
	if !blob.ValidSum(sum) {
		return errNotFound("file not found")
	}
	size, ok, err := s.fileRef(ctx, s.db.Reader(), c.ws, sum)
	if err != nil {
		return err
	}
	if !ok {
		return errNotFound("file not found")
	}
	h := c.w.Header()
	h.Set("Content-Type", "application/octet-stream")
	h.Set("Content-Length", strconv.FormatInt(size, 10))
	h.Set("ETag", `"`+sum+`"`)
	h.Set("Cache-Control", "private, max-age=31536000, immutable")
	c.w.WriteHeader(http.StatusOK)
	// One chunk at a time keeps memory flat whatever the file's size.
	for idx := 0; int64(idx)*chunkSize < size; idx++ {
		var data []byte
		if err := s.db.Reader().QueryRowContext(ctx, `SELECT data FROM blob_chunks WHERE sha256 = $1 AND idx = $2`, sum, idx).Scan(&data); err != nil {
			s.log.Error("read file chunk", "sha256", sum, "idx", idx, "err", err)
			return nil // headers are out; the short body tells the client
		}
		if _, err := c.w.Write(data); err != nil {
			return nil
		}
	}
	return nil
}
