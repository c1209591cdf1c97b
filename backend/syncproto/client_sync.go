package syncproto

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Push sends a batch of changes for workspace ws. Pushing the same batch
// again is harmless: every change comes back Duplicate (or Stale).
func (c *Client) Push(ctx context.Context, ws string, changes []Change) (PushResponse, error) {
	var out PushResponse
	err := c.do(ctx, request{method: http.MethodPost, path: wsPath(ws, "/push"),
		body: PushRequest{Changes: changes}, auth: true, out: &out})
	return out, err
}

// Pull returns one page of the changes after sequence after (limit 0: the
// server's default page size).
func (c *Client) Pull(ctx context.Context, ws string, after int64, limit int) (PullResponse, error) {
	q := url.Values{"after": {strconv.FormatInt(after, 10)}}
	if limit > 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	var out PullResponse
	err := c.do(ctx, request{method: http.MethodGet, path: wsPath(ws, "/pull"), query: q, auth: true, out: &out})
	return out, err
}

// Wait blocks until the workspace has a change after sequence after, or
// timeout passes (the server caps it), and returns the newest sequence.
func (c *Client) Wait(ctx context.Context, ws string, after int64, timeout time.Duration) (int64, error) {
	q := url.Values{"after": {strconv.FormatInt(after, 10)},
		"timeout": {strconv.Itoa(int(timeout / time.Second))}}
	var out WaitResponse
	err := c.do(ctx, request{method: http.MethodGet, path: wsPath(ws, "/wait"), query: q, auth: true, out: &out})
	return out.Head, err
}

// MissingFiles returns which of hashes the workspace does not have yet.
func (c *Client) MissingFiles(ctx context.Context, ws string, hashes []string) ([]string, error) {
	var out FilesMissingResponse
	err := c.do(ctx, request{method: http.MethodPost, path: wsPath(ws, "/files/missing"),
		body: FilesMissingRequest{Hashes: hashes}, auth: true, out: &out})
	return out.Missing, err
}

// UploadFile sends size bytes from r as the file with SHA-256 sum (lowercase
// hex); the server checks the hash before keeping anything.
func (c *Client) UploadFile(ctx context.Context, ws, sum string, r io.Reader, size int64) (FileInfo, error) {
	// A 401 cannot be retried with a consumed reader that cannot seek, so
	// make sure the access token is fresh before starting. (A stored file
	// is sent again after a refresh: the server's clock may run ahead.)
	if _, err := c.accessToken(ctx); err != nil {
		return FileInfo{}, err
	}
	var out FileInfo
	err := c.do(ctx, request{method: http.MethodPut, path: wsPath(ws, "/files/"+url.PathEscape(sum)),
		raw: r, size: size, auth: true, out: &out})
	return out, err
}

// DownloadFile writes the file with SHA-256 sum to w and checks its hash.
func (c *Client) DownloadFile(ctx context.Context, ws, sum string, w io.Writer) (int64, error) {
	resp, err := c.send(ctx, request{method: http.MethodGet, path: wsPath(ws, "/files/"+url.PathEscape(sum)), auth: true})
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(w, h), resp.Body)
	if err != nil {
		return n, fmt.Errorf("download file: %w", err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != sum {
		return n, fmt.Errorf("download file: hash mismatch: got %s", got)
	}
	return n, nil
}
