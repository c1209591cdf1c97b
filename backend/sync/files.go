package sync

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"

	"bookbag/backend/syncproto"
)

// uploadFiles sends the files of a batch that the server lacks, before the
// rows that refer to them. A file the server refuses (too large, quota) is
// noted and the rows go anyway: other members see the document and that its
// file is missing.
func (l *link) uploadFiles(ctx context.Context, batch []entry, snaps map[int64]map[string]any) error {
	set := map[string]bool{}
	for _, e := range batch {
		for _, s := range syncproto.FileRefs(e.table, snaps[e.seq]) {
			set[s] = true
		}
	}
	if len(set) == 0 {
		return nil
	}
	hashes := make([]string, 0, len(set))
	for s := range set {
		hashes = append(hashes, s)
	}
	sort.Strings(hashes)
	for start := 0; start < len(hashes); start += 500 {
		part := hashes[start:min(start+500, len(hashes))]
		missing, err := l.client.MissingFiles(ctx, l.ws, part)
		if err != nil {
			return err
		}
		for _, sum := range missing {
			if err := l.uploadFile(ctx, sum); err != nil {
				return err
			}
		}
	}
	return nil
}

func (l *link) uploadFile(ctx context.Context, sum string) error {
	f, err := l.s.d.Blobs.Open(sum)
	if err != nil {
		l.s.log.Warn("file to upload is not stored here", "sha256", sum, "err", err)
		return nil
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("stat file: %w", err)
	}
	_, err = l.client.UploadFile(ctx, l.ws, sum, f, fi.Size())
	var ae *syncproto.APIError
	if errors.As(err, &ae) && (ae.Code == syncproto.CodeTooLarge || ae.Code == syncproto.CodeQuota) {
		l.reject(Rejection{Table: "files", RowID: sum, Code: ae.Code, Reason: "A file could not be uploaded: " + ae.Message,
			At: l.s.d.DB.Now()})
		return nil
	}
	return err
}

// downloadFiles fetches the files a page of changes refers to and this
// device does not have. It returns the files the server could not give
// (their documents are marked so); other failures stop the pull, to be
// retried.
func (l *link) downloadFiles(ctx context.Context, changes []syncproto.Change) (map[string]bool, error) {
	missing := map[string]bool{}
	seen := map[string]bool{}
	for _, c := range changes {
		if c.Op == syncproto.OpHide || len(c.Snapshot) == 0 {
			continue
		}
		if c.Table != syncproto.TableDocuments && c.Table != syncproto.TableMessages {
			continue
		}
		if !bytes.Contains(c.Snapshot, []byte("sha256")) {
			continue // a message without attachments: no need to decode it
		}
		snap, err := decodeSnapshot(c.Snapshot)
		if err != nil {
			continue
		}
		for _, sum := range syncproto.FileRefs(c.Table, snap) {
			if seen[sum] {
				continue
			}
			seen[sum] = true
			if ok, _ := l.s.d.Blobs.Has(sum); ok {
				continue
			}
			if err := l.downloadFile(ctx, sum); err != nil {
				var ae *syncproto.APIError
				if errors.As(err, &ae) && ae.Status == http.StatusNotFound && ctx.Err() == nil {
					// The server does not have it (the workspace is still
					// there: the pull that named it just answered).
					missing[sum] = true
					continue
				}
				return nil, err
			}
		}
	}
	return missing, nil
}

// downloadFile streams a file from the server into the blob store; the
// client and the store both check its hash.
func (l *link) downloadFile(ctx context.Context, sum string) error {
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		_, err := l.client.DownloadFile(ctx, l.ws, sum, pw)
		pw.CloseWithError(err)
		done <- err
	}()
	ref, err := l.s.d.Blobs.Put(ctx, pr)
	pr.CloseWithError(errors.New("download abandoned"))
	derr := <-done
	if derr != nil {
		return derr
	}
	if err != nil {
		return fmt.Errorf("store downloaded file: %w", err)
	}
	if ref.SHA256 != sum {
		return fmt.Errorf("downloaded file has hash %s, want %s", ref.SHA256, sum)
	}
	return nil
}
