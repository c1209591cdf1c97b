package chat

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"

	"bookbag/backend/apperr"
	"bookbag/backend/events"
)

// exportZip is a ChatGPT export's zip: conversations.json and the given
// files beside it.
func exportZip(t *testing.T, conversations []byte, files map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, b := range map[string][]byte{"conversations.json": conversations, "chat.html": []byte("<html>"), "user.json": []byte("{}")} {
		w, _ := zw.Create(name)
		w.Write(b)
	}
	for name, b := range files {
		w, _ := zw.Create(name)
		w.Write(b)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func sumOf(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// The images a ChatGPT export's zip carries (uploads at its top, DALL·E
// images in dalle-generations/) are imported with their messages; those it
// lacks stay references marked missing. A failed import takes back the
// files it stored.
func TestImportChatGPTZipKeepsItsImages(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	sample := readSample(t)
	upload := append([]byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), bytes.Repeat([]byte("balcony"), 50)...)
	dalle := append([]byte("RIFF\x00\x00\x00\x00WEBPVP8 "), bytes.Repeat([]byte("logo"), 50)...)
	files := map[string][]byte{
		"file-MZckMZjoatVsGSQwE7y6DO-IMG_2041.jpeg":                                  upload,
		"dalle-generations/file-eq7CSmudNdoh50Di44tnRU-6f1c2a9e-1111-2222-3333.webp": dalle,
	}
	// The same export, damaged after its last conversation: nothing stays.
	bad := append(bytes.TrimRight(sample, "]\n "), []byte(`, {"id":"bad","mapping":"x"}]`)...)
	_, err := h.svc.Import(ctx, h.ws, "export.zip", exportZip(t, bad, files))
	if apperr.CodeOf(err) != apperr.Invalid {
		t.Fatalf("damaged export: %v", err)
	}
	for _, b := range [][]byte{upload, dalle} {
		if ok, _ := h.svc.blobs.Has(sumOf(b)); ok {
			t.Fatal("a failed import left an image behind")
		}
	}

	res, err := h.svc.Import(ctx, h.ws, "export.zip", exportZip(t, sample, files))
	if err != nil || res.ChatsAdded != 9 || res.MessagesAdded != 54 {
		t.Fatalf("import %+v %v", res, err)
	}
	var found, missing int
	for _, id := range res.ChatIDs {
		v, err := h.svc.ViewChat(ctx, id, 0, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range v.Messages {
			for _, a := range m.Attachments {
				switch {
				case strings.HasSuffix(a.Ref, "file-MZckMZjoatVsGSQwE7y6DO"):
					if a.Missing || a.SHA256 != sumOf(upload) || a.MIME != "image/jpeg" || a.Size != int64(len(upload)) {
						t.Fatalf("upload %+v", a)
					}
					found++
				case strings.HasSuffix(a.Ref, "file-eq7CSmudNdoh50Di44tnRU"):
					if a.Missing || a.SHA256 != sumOf(dalle) || m.Kind != KindToolOutput {
						t.Fatalf("generated image %+v", a)
					}
					found++
				default:
					if !a.Missing || a.SHA256 != "" {
						t.Fatalf("an image the zip lacks: %+v", a)
					}
					missing++
				}
			}
		}
	}
	if found != 2 || missing != 3 {
		t.Fatalf("%d images found, %d missing", found, missing)
	}
	b, mime, err := h.svc.Attachment(sumOf(upload))
	if err != nil || !bytes.Equal(b, upload) || mime != "image/jpeg" {
		t.Fatalf("attachment %q %v", mime, err)
	}
}

// The zip imported after its bare conversations.json gives the messages
// already here the images it carries; a third import changes nothing.
func TestImportChatGPTZipAfterItsJSONAddsTheImages(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	sample := readSample(t)
	importSample(t, h)
	dalle := append([]byte("RIFF\x00\x00\x00\x00WEBPVP8 "), bytes.Repeat([]byte("logo"), 50)...)
	zipped := exportZip(t, sample, map[string][]byte{"dalle-generations/file-eq7CSmudNdoh50Di44tnRU-6f1c.webp": dalle})
	res, err := h.svc.Import(ctx, h.ws, "export.zip", zipped)
	if err != nil || res.ChatsAdded != 0 || res.MessagesAdded != 0 || !strings.Contains(strings.Join(res.Warnings, " "), "images") {
		t.Fatalf("zip after the json %+v %v", res, err)
	}
	var n int
	if err := h.db.R.QueryRow(`SELECT count(*) FROM messages WHERE attachments LIKE ?`, `%`+sumOf(dalle)+`%`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("%d messages name the image (%v)", n, err)
	}
	logged := countRows(t, h, `SELECT count(*) FROM change_log`)
	if _, err := h.svc.Import(ctx, h.ws, "export.zip", zipped); err != nil {
		t.Fatal(err)
	}
	if countRows(t, h, `SELECT count(*) FROM change_log`) != logged {
		t.Fatal("a third import changed something")
	}
}

// The import limit bounds the JSON, not the zip: an export whose images make
// it larger than the limit still imports, and its images with it.
func TestImportChatGPTZipLargerThanTheLimit(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.svc.importLimit = 64 << 10
	conv := `[{"id":"c1","title":"Photo","mapping":{"n":{"id":"n","parent":null,"children":[],"message":{"id":"n","author":{"role":"user"},
		"create_time":1700000000,"content":{"content_type":"multimodal_text","parts":[{"content_type":"image_asset_pointer",
		"asset_pointer":"file-service://file-Big1","size_bytes":204800}]}}}},"current_node":"n"}]`
	photo := append([]byte("\xff\xd8\xff\xe0"), make([]byte, 200<<10)...)
	rand.NewChaCha8([32]byte{1}).Read(photo[4:]) // nothing to compress
	zipped := exportZip(t, []byte(conv), map[string][]byte{"file-Big1-photo.jpg": photo})
	if len(zipped) <= 64<<10 {
		t.Fatalf("the zip (%d bytes) is within the limit", len(zipped))
	}
	res, err := h.svc.Import(ctx, h.ws, "export.zip", zipped)
	if err != nil || res.ChatsAdded != 1 {
		t.Fatalf("import %+v %v", res, err)
	}
	v, _ := h.svc.ViewChat(ctx, res.ChatIDs[0], 0, "")
	if a := v.Messages[0].Attachments; len(a) != 1 || a[0].Missing || a[0].SHA256 != sumOf(photo) {
		t.Fatalf("attachments %+v", a)
	}
}

// Newer exports split conversations.json into conversations-000.json,
// conversations-001.json… beside export_manifest.json: every part is
// imported, in order, and progress counts all of them.
func TestImportChatGPTSplitExport(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	var convs []json.RawMessage
	if err := json.Unmarshal(readSample(t), &convs); err != nil {
		t.Fatal(err)
	}
	part := func(cs []json.RawMessage) []byte { b, _ := json.Marshal(cs); return b }
	p0, p1, p2 := part(convs[:4]), part(convs[4:8]), part(convs[8:])
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range []struct {
		name string
		data []byte
	}{{"conversations-001.json", p1}, {"export_manifest.json", []byte(`{"files":[]}`)}, {"user.json", []byte(`{}`)},
		{"conversations-000.json", p0}, {"conversations-002.json", p2}, {"user_settings.json", []byte(`{}`)}} {
		w, _ := zw.Create(f.name)
		w.Write(f.data)
	}
	zw.Close()
	res, err := h.svc.Import(ctx, h.ws, "export.zip", buf.Bytes())
	if err != nil || res.Format != FormatChatGPT || res.ChatsAdded != 9 || res.MessagesAdded != 54 {
		t.Fatalf("split export %+v %v", res, err)
	}
	whole := importSample(t, newHarness(t))
	if strings.Join(res.ChatIDs, ",") != strings.Join(whole.ChatIDs, ",") {
		t.Fatal("the parts were not imported in order")
	}
	var last events.ChatImportPayload
	for _, e := range h.rec.Events(events.ChatImport) {
		last = e.Payload.(events.ChatImportPayload)
	}
	if total := int64(len(p0) + len(p1) + len(p2)); last.Done != total || last.Total != total || last.Chats != 9 {
		t.Fatalf("last progress %+v", last)
	}
}

// A file given to ChatGPT that is not an image (a PDF) is kept on its
// question as a reference, never stored from the zip (a chat shows and sends
// images only), and the Markdown export names it as a file.
func TestImportChatGPTKeepsUploadedFilesAsReferences(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	conv := `[{"id":"6712ab00-1111-8222-9333-444455556666","title":"Lease questions","create_time":1729276672.5,
	"update_time":1729276700.1,"current_node":"a1","mapping":{
	"root":{"id":"root","message":null,"parent":null,"children":["u1"]},
	"u1":{"id":"u1","parent":"root","children":["a1"],"message":{"id":"u1","author":{"role":"user"},"create_time":1729276672.9,
	 "content":{"content_type":"multimodal_text","parts":[{"content_type":"image_asset_pointer","asset_pointer":"file-service://file-Img1","size_bytes":2048,"width":10,"height":10},"Is clause 4 normal? Photo of the flat attached."]},
	 "metadata":{"attachments":[{"id":"file-Pdf9","name":"lease 2024.pdf","size":183204,"mime_type":"application/pdf"},
	  {"id":"file-Img1","name":"flat.png","size":2048,"mime_type":"image/png"}]}}},
	"a1":{"id":"a1","parent":"u1","children":[],"message":{"id":"a1","author":{"role":"assistant"},"create_time":1729276690.0,
	 "content":{"content_type":"text","parts":["Clause 4 is a standard break clause."]},"metadata":{"model_slug":"gpt-4o"},"recipient":"all"}}}}]`
	pdf := []byte("%PDF-1.7\n" + strings.Repeat("lease ", 40))
	png := []byte("\x89PNG\r\n\x1a\n" + strings.Repeat("flat", 40))
	res, err := h.svc.Import(ctx, h.ws, "export.zip", exportZip(t, []byte(conv), map[string][]byte{
		"file-Pdf9-lease 2024.pdf": pdf, "file-Img1-flat.png": png}))
	if err != nil || res.ChatsAdded != 1 || res.MessagesAdded != 2 {
		t.Fatalf("%+v %v", res, err)
	}
	v, err := h.svc.ViewChat(ctx, res.ChatIDs[0], 0, "")
	if err != nil {
		t.Fatal(err)
	}
	atts := v.Messages[0].Attachments
	if len(atts) != 2 || atts[0].Name != "flat.png" || atts[0].Missing || atts[0].SHA256 != sumOf(png) {
		t.Fatalf("the image %+v", atts)
	}
	if f := atts[1]; f.Name != "lease 2024.pdf" || f.MIME != "application/pdf" || f.Size != 183204 || !f.Missing ||
		f.SHA256 != "" || f.Ref != "file-service://file-Pdf9" {
		t.Fatalf("the PDF %+v", f)
	}
	if ok, _ := h.svc.blobs.Has(sumOf(pdf)); ok {
		t.Fatal("the PDF's bytes were stored")
	}
	md, err := h.svc.ExportMarkdown(ctx, res.ChatIDs[0])
	if err != nil || !strings.Contains(md, "*Image: flat.png (image/png, 10×10, 168 bytes)*") ||
		!strings.Contains(md, "*File: lease 2024.pdf (application/pdf, 178 KB, not included)*") {
		t.Fatalf("markdown %v\n%s", err, md)
	}
}
