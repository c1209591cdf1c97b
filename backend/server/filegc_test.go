package server_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"bookbag/backend/server"
	"bookbag/backend/server/servertest"
	"bookbag/backend/syncproto"
)

// Files no live row names are freed a grace period after a sweep first
// finds them so: an abandoned upload, vectors a member replaced, a deleted
// document's file. The workspace gets its quota back, downloads of them
// end, and a file named again before the grace ends is kept.
func TestUnnamedFilesAreCollected(t *testing.T) {
	servertest.ForEach(t, func(t *testing.T, b servertest.Backend) {
		o := newOffice(t, b)
		ctx := context.Background()
		dev := servertest.NewDevice("dev-alice")
		upload := func(text string) (string, int64) {
			t.Helper()
			data := bytes.Repeat([]byte(text), 1000)
			sum := sha256.Sum256(data)
			h := hex.EncodeToString(sum[:])
			if _, err := o.alice.UploadFile(ctx, "ws", h, bytes.NewReader(data), int64(len(data))); err != nil {
				t.Fatal(err)
			}
			return h, int64(len(data))
		}
		sweep := func(want server.FileSweep) {
			t.Helper()
			got, err := o.env.Server.CollectFiles(ctx)
			if err != nil || got != want {
				t.Fatalf("sweep: %+v %v, want %+v", got, err, want)
			}
		}
		usage := func() int64 {
			t.Helper()
			w, err := o.admin.Workspace(ctx, "ws")
			if err != nil {
				t.Fatal(err)
			}
			return w.UsageBytes
		}
		present := func(sum string) bool {
			t.Helper()
			var buf bytes.Buffer
			_, err := o.bob.DownloadFile(ctx, "ws", sum, &buf)
			if err != nil && !syncproto.IsStatus(err, 404) {
				t.Fatal(err)
			}
			return err == nil
		}
		doc := func(file, vectors string, deleted bool) {
			t.Helper()
			wantStatus(t, push(t, o.alice, "ws", dev.Change("ws", syncproto.TableDocuments, "doc-1",
				map[string]any{"name": "a.txt", "sha256": file, "embeddings_sha256": vectors, "chat_id": nil}, deleted)),
				syncproto.Applied)
		}

		// Access tokens last 15 minutes: sign in again after moving the clock.
		advance := func(d time.Duration) {
			o.env.Clock.Advance(d)
			o.admin, o.alice, o.bob = o.env.Login("admin@example.com"), o.env.Login("alice@example.com"), o.env.Login("bob@example.com")
		}

		file, fileSize := upload("the document ")
		vec1, vec1Size := upload("vectors one ")
		doc(file, vec1, false)
		stray, straySize := upload("never named ")
		before := usage()

		sweep(server.FileSweep{Marked: 1}) // the stray upload
		advance(23 * time.Hour)
		sweep(server.FileSweep{}) // within the grace period
		advance(2 * time.Hour)
		sweep(server.FileSweep{Freed: 1, Bytes: straySize, Blobs: 1})
		if got := usage(); got != before-straySize {
			t.Fatalf("usage %d, want %d", got, before-straySize)
		}
		if present(stray) || !present(file) || !present(vec1) {
			t.Fatal("the wrong files went")
		}

		// A member re-embeds: the old vectors are no longer named.
		vec2, _ := upload("vectors two ")
		doc(file, vec2, false)
		sweep(server.FileSweep{Marked: 1})
		// Named again before the grace ends (a client that saw it there
		// pushes a row naming it): it stays.
		doc(file, vec1, false)
		advance(25 * time.Hour)
		sweep(server.FileSweep{Marked: 1}) // now vec2 is the unnamed one; vec1's mark is cleared
		advance(25 * time.Hour)
		sweep(server.FileSweep{Freed: 1, Bytes: int64(len(bytes.Repeat([]byte("vectors two "), 1000))), Blobs: 1})
		if !present(vec1) || present(vec2) {
			t.Fatal("the vectors named again must stay, the replaced ones go")
		}

		// The document is deleted: its file and vectors go, and the
		// workspace is back to its rows alone.
		doc(file, vec1, true)
		sweep(server.FileSweep{Marked: 2})
		advance(25 * time.Hour)
		sweep(server.FileSweep{Freed: 2, Bytes: fileSize + vec1Size, Blobs: 2})
		if present(file) || present(vec1) {
			t.Fatal("a deleted document's files are still served")
		}
		if missing, err := o.alice.MissingFiles(ctx, "ws", []string{file}); err != nil || len(missing) != 1 {
			t.Fatalf("missing after the sweep: %v %v", missing, err)
		}
		// Uploading it again works (the stored bytes were deleted too).
		if again, _ := upload("the document "); again != file || !present(file) {
			t.Fatal("re-upload after the sweep")
		}
	})
}
