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
		uploadTo := func(ws, text string) (string, int64) {
			t.Helper()
			data := bytes.Repeat([]byte(text), 1000)
			sum := sha256.Sum256(data)
			h := hex.EncodeToString(sum[:])
			if _, err := o.alice.UploadFile(ctx, ws, h, bytes.NewReader(data), int64(len(data))); err != nil {
				t.Fatal(err)
			}
			return h, int64(len(data))
		}
		upload := func(text string) (string, int64) { return uploadTo("ws", text) }
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
		doc(file, "", false)

		// A client told a file is there pushes the row naming it after
		// that: being told clears the mark, so a sweep in between keeps it
		// (it is marked anew, a grace period from now).
		late, _ := upload("named late ")
		sweep(server.FileSweep{Marked: 1})
		advance(25 * time.Hour)
		if missing, err := o.alice.MissingFiles(ctx, "ws", []string{late}); err != nil || len(missing) != 0 {
			t.Fatalf("missing: %v %v", missing, err)
		}
		sweep(server.FileSweep{Marked: 1})
		doc(file, late, false)
		advance(25 * time.Hour)
		sweep(server.FileSweep{})
		if !present(late) {
			t.Fatal("a file named after the client was told it is there went")
		}

		// A file two workspaces hold: the one that stops naming it gets its
		// quota back, the bytes stay for the other; deleting the other
		// workspace frees them.
		o.env.Workspace("ws2", o.admin, map[*syncproto.Client]string{o.alice: syncproto.RoleMember})
		both, bothSize := uploadTo("ws", "in both ")
		uploadTo("ws2", "in both ")
		wantStatus(t, push(t, o.alice, "ws2", dev.Change("ws2", syncproto.TableDocuments, "doc-2",
			map[string]any{"name": "b.txt", "sha256": both, "embeddings_sha256": "", "chat_id": nil}, false)), syncproto.Applied)
		before = usage()
		sweep(server.FileSweep{Marked: 1})
		advance(25 * time.Hour)
		sweep(server.FileSweep{Freed: 1, Bytes: bothSize})
		if usage() != before-bothSize || present(both) {
			t.Fatal("ws still holds the file")
		}
		var buf bytes.Buffer
		if _, err := o.alice.DownloadFile(ctx, "ws2", both, &buf); err != nil {
			t.Fatalf("ws2 lost the file: %v", err)
		}
		if err := o.admin.DeleteWorkspace(ctx, "ws2"); err != nil {
			t.Fatal(err)
		}
		sweep(server.FileSweep{Blobs: 1})
		var stored int
		if err := o.env.DB.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM blob_chunks WHERE sha256 = $1`, both).Scan(&stored); err != nil || stored != 0 {
			t.Fatalf("chunks of a file no workspace holds: %d %v", stored, err)
		}
	})
}
