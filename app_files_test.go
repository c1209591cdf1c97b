package main

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"bookbag/backend/chat"
	"bookbag/backend/llm/llmtest"
)

// A file a crash left unnamed (stored, then the app died before the row
// naming it committed) goes at the next start's sweep; a document's file
// and a chat image, both stored in an earlier run, stay.
func TestSweepAtStartRemovesOnlyUnnamedFiles(t *testing.T) {
	requireKeychain(t)
	srv := llmtest.Start(t)
	dir := t.TempDir()
	a, rec, ws := appWithFakeProvider(t, dir, srv)
	t.Cleanup(a.close)
	ctx := context.Background()

	doc, err := a.api.documents.AddBytes(ws, "", "notes.txt", []byte("the office opens at nine"))
	if err != nil {
		t.Fatal(err)
	}
	var img bytes.Buffer
	png.Encode(&img, image.NewRGBA(image.Rect(0, 0, 2, 2)))
	c, err := a.api.chat.CreateChat(ws, "openai:fake-vision")
	if err != nil {
		t.Fatal(err)
	}
	sent, err := a.api.chat.Send(chat.SendInput{ChatID: c.ID, Content: "what is this?",
		Attachments: []chat.AttachmentInput{{Name: "dot.png", MIME: "image/png", Data: img.Bytes()}}})
	if err != nil {
		t.Fatal(err)
	}
	waitDone(t, rec, sent.Assistant.ID)
	if len(sent.User.Attachments) != 1 {
		t.Fatalf("the message has %d attachments", len(sent.User.Attachments))
	}
	orphan, err := a.blobs.PutBytes(ctx, []byte("an image stored by an import the app died in"))
	if err != nil {
		t.Fatal(err)
	}
	// All three as if written in an earlier run.
	old := processStart.Add(-time.Hour)
	sums := map[string]bool{doc.Document.SHA256: true, sent.User.Attachments[0].SHA256: true, orphan.SHA256: false}
	for sum := range sums {
		p, _ := a.blobs.Path(sum)
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}
	named, err := filesInUse{a}.Named(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for sum, keep := range sums {
		if named[sum] != keep {
			t.Fatalf("named[%s] = %v, want %v (one read per domain lists the document and the image)", sum[:8], named[sum], keep)
		}
	}
	tmp := filepath.Join(dir, "files", "tmp", "put-123")
	os.WriteFile(tmp, []byte("half a file"), 0o600)
	os.Chtimes(tmp, old, old)

	got, err := a.sweepFiles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.Removed != 1 || got.Temp != 1 {
		t.Fatalf("swept %+v, want the orphan and the temporary file", got)
	}
	for sum, keep := range sums {
		if ok, _ := a.blobs.Has(sum); ok != keep {
			t.Errorf("file %s kept = %v, want %v", sum[:8], ok, keep)
		}
	}
	if _, err := os.Stat(tmp); err == nil {
		t.Error("the interrupted write's temporary file is still there")
	}
}
