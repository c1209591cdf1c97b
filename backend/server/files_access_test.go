package server_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"path/filepath"
	"testing"
	"time"

	"bookbag/backend/server/servertest"
	"bookbag/backend/syncproto"
)

// A member removed while their upload is still arriving stores nothing:
// the workspace neither holds the file nor is charged for it. Access is
// checked when the request starts, and again under the workspace's lock
// when the file would be stored, as a push does.
func TestUploadOfAMemberRemovedMeanwhileStoresNothing(t *testing.T) {
	servertest.ForEach(t, func(t *testing.T, b servertest.Backend) {
		o := newOffice(t, b)
		ctx := context.Background()
		data := bytes.Repeat([]byte("slow upload "), 200000) // 2.4 MB
		s := sha256.Sum256(data)
		sum := hex.EncodeToString(s[:])
		before, err := o.admin.Workspace(ctx, "ws")
		if err != nil {
			t.Fatal(err)
		}

		pr, pw := io.Pipe()
		done := make(chan error, 1)
		go func() {
			_, err := o.alice.UploadFile(ctx, "ws", sum, pr, int64(len(data)))
			done <- err
		}()
		half := len(data) / 2
		if _, err := pw.Write(data[:half]); err != nil {
			t.Fatal(err)
		}
		// The server writes the upload to a temp file once it let it in.
		waitFor(t, "the upload to be let in", func() bool {
			tmp, _ := filepath.Glob(filepath.Join(o.env.Server.Config().TempDir, "bookbag-upload-*"))
			return len(tmp) > 0
		})
		if err := o.admin.RemoveMember(ctx, "ws", o.aliceID); err != nil {
			t.Fatal(err)
		}
		if _, err := pw.Write(data[half:]); err != nil {
			t.Fatal(err)
		}
		pw.Close()
		select {
		case err := <-done:
			var ae *syncproto.APIError
			if !errors.As(err, &ae) || ae.Status != 404 {
				t.Fatalf("the removed member's upload: %v, want 404", err)
			}
		case <-time.After(20 * time.Second):
			t.Fatal("the upload did not end")
		}
		var refs int
		if err := o.env.DB.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM file_refs WHERE workspace_id = 'ws'`).Scan(&refs); err != nil {
			t.Fatal(err)
		}
		after, err := o.admin.Workspace(ctx, "ws")
		if err != nil {
			t.Fatal(err)
		}
		if refs != 0 || after.UsageBytes != before.UsageBytes {
			t.Fatalf("the workspace holds %d files, usage %d (was %d)", refs, after.UsageBytes, before.UsageBytes)
		}
	})
}
