package chat

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/events"
	"bookbag/backend/llm/llmtest"
	"bookbag/backend/store"
)

// normalExport decodes a chat file and drops what may differ between two
// exports of the same content (when, and where it came from).
func normalExport(t *testing.T, b []byte) chatFile {
	t.Helper()
	var f chatFile
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	f.ExportedAt, f.Chat.Source = 0, ""
	return f
}

func TestBookBagRoundTripIntoAnotherDataDir(t *testing.T) {
	a, b := newHarness(t), newHarness(t)
	ctx := context.Background()
	// A chat made here: thinking, a regenerated alternative, citations, an image.
	a.res.ws.UseDocuments = true
	a.ret.set(fakeRetriever{sources: []Source{{DocumentID: "d1", DocumentName: "manual.pdf", Page: 3, ChunkID: 7,
		Text: "The answer is 42.", Score: 0.9}}})
	c, err := a.svc.CreateChat(ctx, a.ws, "openai:fake-vision")
	if err != nil {
		t.Fatal(err)
	}
	png := writePNG(t, t.TempDir())
	a.srv.PushChat(llmtest.Script{Thinking: []string{"Hmm."}, Text: []string{"See [1]."}})
	r1, err := a.svc.Send(ctx, SendInput{ChatID: c.ID, Content: "What is it?", Attachments: []AttachmentInput{{Path: png}}})
	if err != nil {
		t.Fatal(err)
	}
	a.wait(t, r1.Assistant.ID)
	alt, err := a.svc.Regenerate(ctx, r1.Assistant.ID)
	if err != nil {
		t.Fatal(err)
	}
	a.wait(t, alt.ID)
	if _, err := a.svc.SetPinned(ctx, c.ID, true); err != nil {
		t.Fatal(err)
	}
	imported := importSample(t, a)
	for _, id := range []string{c.ID, imported.ChatIDs[1], imported.ChatIDs[4], imported.ChatIDs[7]} {
		out, err := a.svc.ExportJSON(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(out), "sk-test") {
			t.Fatal("an API key in an export")
		}
		res, err := b.svc.Import(ctx, b.ws, "chat.json", out)
		if err != nil {
			t.Fatal(err)
		}
		if res.Format != FormatBookBag || res.ChatsAdded != 1 || res.ChatIDs[0] != id {
			t.Fatalf("import %+v", res)
		}
		back, err := b.svc.ExportJSON(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		want, got := normalExport(t, out), normalExport(t, back)
		// Image bytes stay in the data dir they were stored in.
		for i := range want.Messages {
			for j := range want.Messages[i].Attachments {
				want.Messages[i].Attachments[j].Missing = true
			}
		}
		wj, _ := json.Marshal(want)
		gj, _ := json.Marshal(got)
		if !bytes.Equal(wj, gj) {
			t.Fatalf("round trip differs:\n%s\n%s", wj, gj)
		}
		// A second import adds nothing.
		again, err := b.svc.Import(ctx, b.ws, "chat.json", out)
		if err != nil || again.ChatsAdded != 0 || again.MessagesAdded != 0 || again.ChatsSkipped != 1 {
			t.Fatalf("second import %+v %v", again, err)
		}
	}
	got, err := b.svc.GetChat(ctx, c.ID)
	if err != nil || !got.Pinned || got.Source != "bookbag" {
		t.Fatalf("imported chat %+v %v", got, err)
	}
	v, _ := b.svc.ViewChat(ctx, c.ID, 0, "")
	if len(v.Messages) != 2 || len(v.Messages[1].SiblingIDs) != 2 || v.Messages[1].ID != alt.ID {
		t.Fatalf("branches after the round trip: %+v", v.Messages)
	}
	if len(v.Messages[0].Attachments) != 1 || !v.Messages[0].Attachments[0].Missing || len(v.Messages[1].Citations) != 1 {
		t.Fatalf("attachments and citations after the round trip: %+v", v.Messages)
	}
}

func zipOf(t *testing.T, name string, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create(name)
	w.Write(data)
	zw.Close()
	return buf.Bytes()
}

// flipStored zips data uncompressed with one byte of word changed, so the
// JSON still parses and only the entry's checksum tells.
func flipStored(t *testing.T, data []byte, word string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "conversations.json", Method: zip.Store})
	w.Write(data)
	zw.Close()
	b := buf.Bytes()
	i := bytes.Index(b, []byte(word))
	if i < 0 {
		t.Fatalf("%q not in the data", word)
	}
	b[i] ^= 0x20
	return b
}

func TestImportZipOfTheExport(t *testing.T) {
	h := newHarness(t)
	res, err := h.svc.Import(context.Background(), h.ws, "chatgpt-export.zip", zipOf(t, "conversations.json", readSample(t)))
	if err != nil || res.ChatsAdded != 9 || res.MessagesAdded != 54 {
		t.Fatalf("zip import %+v %v", res, err)
	}
}

func TestImportRejectsDamagedFilesAndChangesNothing(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	sample := readSample(t)
	cycle := `[{"id":"c1","title":"Loop","mapping":{
		"a":{"id":"a","parent":"b","children":["b"],"message":{"id":"a","author":{"role":"user"},"content":{"content_type":"text","parts":["x"]}}},
		"b":{"id":"b","parent":"a","children":["a"],"message":{"id":"b","author":{"role":"assistant"},"content":{"content_type":"text","parts":["y"]}}}}}]`
	selfParent := `[{"id":"c1","mapping":{"a":{"id":"a","parent":"a","children":[],"message":null}}}]`
	// One good conversation before a damaged one: nothing of the file is kept.
	goodThenBad := `[{"id":"ok","title":"Fine","mapping":{"n":{"id":"n","parent":null,"message":{"id":"n","author":{"role":"user"},"content":{"content_type":"text","parts":["hello"]}}}}},
		{"id":"bad","mapping":"not an object"}]`
	bbCycle := `{"format":"bookbag-chat","version":1,"chat":{"id":"0198c0de-0000-7000-8000-000000000001","title":"x"},"messages":[
		{"id":"0198c0de-0000-7000-8000-000000000002","parentId":"0198c0de-0000-7000-8000-000000000003","role":"user","content":"a"},
		{"id":"0198c0de-0000-7000-8000-000000000003","parentId":"0198c0de-0000-7000-8000-000000000002","role":"assistant","content":"b"}]}`
	cases := map[string]struct {
		data []byte
		want string
	}{
		"empty":             {nil, "not a ChatGPT or Claude export"},
		"not json":          {[]byte("hello, world"), "not a ChatGPT or Claude export"},
		"binary":            {[]byte{0x89, 'P', 'N', 'G', 0, 1, 2}, "not a ChatGPT or Claude export"},
		"bad json":          {[]byte(`[{"id": "x", "mapping": {`), "cut short"},
		"truncated sample":  {sample[:len(sample)/2], "cut short"},
		"syntax error":      {[]byte(`[{"id": "x",, }]`), "not valid JSON"},
		"wrong shape":       {[]byte(`[1, 2, 3]`), "expected shape"},
		"mapping a list":    {[]byte(`[{"id":"x","mapping":[]}]`), "expected shape (mapping is an array)"},
		"claude not a list": {[]byte(`[{"uuid":"x","chat_messages":"x"}]`), "expected shape (chat_messages is a string)"},
		"claude cycle": {[]byte(`[{"uuid":"x","chat_messages":[{"uuid":"m1","sender":"human","text":"a","parent_message_uuid":"m2"},
			{"uuid":"m2","sender":"assistant","text":"b","parent_message_uuid":"m1"}]}]`), "loop back"},
		"cut between conversations": {[]byte(`[{"uuid":"x","name":"A","chat_messages":[{"uuid":"m1","sender":"human","text":"a"}]}`), "cut short"},
		"no mapping":                {[]byte(`[{"id":"x","title":"t"}]`), "no messages"},
		"other json":                {[]byte(`{"hello":"world"}`), "not a ChatGPT or Claude export"},
		"cycle":                     {[]byte(cycle), "loops back"},
		"self parent":               {[]byte(selfParent), "loops back"},
		"good then bad":             {[]byte(goodThenBad), "expected shape"},
		"bookbag cycle":             {[]byte(bbCycle), "loop back"},
		"bookbag newer":             {[]byte(`{"format":"bookbag-chat","version":2,"chat":{"id":"x"}}`), "newer BookBag"},
		"bookbag bad id":            {[]byte(`{"format":"bookbag-chat","version":1,"chat":{"id":"../../etc"},"messages":[]}`), "not a UUID"},
		"bookbag shape":             {[]byte(`{"format":"bookbag-chat","version":1,"chat":"x"}`), "expected shape"},
		"bookbag role": {[]byte(`{"format":"bookbag-chat","version":1,"chat":{"id":"0198c0de-0000-7000-8000-000000000001"},
			"messages":[{"id":"0198c0de-0000-7000-8000-000000000002","role":"root","content":"x"}]}`), "unknown role"},
		"zip without export": {zipOf(t, "readme.txt", []byte("hi")), "no conversations.json"},
		"zip cut short":      {zipOf(t, "conversations.json", sample)[:len(sample)/8], "damaged or cut short"},
		"zip entry damaged":  {flipStored(t, sample, "Curaçao"), "zip archive is damaged"},
		"workspace archive":  {zipOf(t, "manifest.json", []byte(`{"format":"bookbag-workspace","version":1}`)), "Workspaces page"},
		"damaged zip":        {[]byte("PK\x03\x04garbage"), "could not be read"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := h.svc.Import(ctx, h.ws, "upload.json", tc.data)
			if err == nil || apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(apperr.MessageOf(err), tc.want) {
				t.Fatalf("error %v (code %s), want invalid with %q", err, apperr.CodeOf(err), tc.want)
			}
			if n := countRows(t, h, `SELECT count(*) FROM chats`); n != 0 {
				t.Fatalf("%d chats written", n)
			}
		})
	}
}

func TestImportLimitsAndWorkspace(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.svc.importLimit = 64 << 10
	_, err := h.svc.Import(ctx, h.ws, "conversations.json", readSample(t))
	if apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(apperr.MessageOf(err), "too large") {
		t.Fatalf("huge file: %v", err)
	}
	// A zip bomb is cut off at the same limit, unpacked.
	huge := bytes.Repeat([]byte(" "), 1<<20)
	_, err = h.svc.Import(ctx, h.ws, "export.zip", zipOf(t, "conversations.json", huge))
	if apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(apperr.MessageOf(err), "unpacked") {
		t.Fatalf("zip bomb: %v", err)
	}
	h.svc.importLimit = defaultImportLimit
	if _, err := h.svc.Import(ctx, store.NewID(), "c.json", readSample(t)); apperr.CodeOf(err) != apperr.NotFound {
		t.Fatalf("unknown workspace: %v", err)
	}
	if _, err := h.svc.Import(ctx, "", "c.json", readSample(t)); apperr.CodeOf(err) != apperr.Invalid {
		t.Fatalf("no workspace: %v", err)
	}
}

func TestImportDoesNotResurrectADeletedChat(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	res := importSample(t, h)
	if _, err := h.svc.DeleteChat(ctx, res.ChatIDs[6]); err != nil {
		t.Fatal(err)
	}
	again := importSample(t, h)
	if again.ChatsAdded != 0 || again.MessagesAdded != 0 || len(again.ChatIDs) != 8 || len(again.Warnings) != 1 ||
		!strings.Contains(again.Warnings[0], "deleted") {
		t.Fatalf("re-import after delete %+v", again)
	}
}

func TestImportKeepsStreamingAsInterrupted(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	now := time.Now().UnixMilli()
	f := chatFile{Format: FileFormat, Version: 1, Chat: fileChat{ID: store.NewID(), Title: strings.Repeat("long ", 100), CreatedAt: now},
		Messages: []fileMessage{{ID: store.NewID(), Role: "assistant", Status: StatusStreaming, Content: "half",
			Attachments: []Attachment{{SHA256: "../../../etc/passwd", Name: "x"}}}}}
	b, _ := json.Marshal(f)
	res, err := h.svc.Import(ctx, h.ws, "x.json", b)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := h.svc.GetMessage(ctx, f.Messages[0].ID)
	if m.Status != StatusInterrupted || m.Attachments[0].SHA256 != "" || !m.Attachments[0].Missing || m.CreatedAt != now {
		t.Fatalf("message %+v", m)
	}
	c, _ := h.svc.GetChat(ctx, res.ChatIDs[0])
	if len([]rune(c.Title)) > maxTitleChars || c.ActiveLeafID != "" {
		t.Fatalf("chat %+v", c)
	}
	if n, _ := h.svc.RecoverInterrupted(ctx); n != 0 {
		t.Fatal("an imported answer looked like a live stream")
	}
}

// cancelAt is an export file that cancels the running import once it has
// been read past offset at.
type cancelAt struct {
	r   *bytes.Reader
	at  int64
	svc *Service
}

func (c *cancelAt) ReadAt(p []byte, off int64) (int, error) {
	if off+int64(len(p)) > c.at {
		c.svc.CancelImport()
	}
	return c.r.ReadAt(p, off)
}

// A large export is read a conversation at a time, first to check it whole:
// progress counts the file's chats while the check reads it, and a cancel
// half-way through the check adds nothing.
func TestImportLargeExportStreamsAndCancelsHalfWay(t *testing.T) {
	h := newHarness(t)
	h.svc.importEvery = 0 // report every chat
	ctx := context.Background()
	var buf bytes.Buffer
	if err := writeLargeExport(&buf, 120, 6, 2000); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	_, err := h.svc.ImportFrom(ctx, h.ws, "conversations.json", &cancelAt{r: bytes.NewReader(data), at: int64(len(data) / 2), svc: h.svc}, int64(len(data)))
	if !apperr.Is(err, apperr.Canceled) || apperr.MessageOf(err) != "import cancelled; nothing was added" {
		t.Fatalf("cancelled import: %v", err)
	}
	var midway events.ChatImportPayload
	for _, e := range h.rec.Events(events.ChatImport) {
		p := e.Payload.(events.ChatImportPayload)
		if p.Stage != "checking" {
			t.Fatalf("a stage after the check began: %+v", p)
		}
		if p.TotalChats > 0 && p.Done < p.Total {
			midway = p
		}
	}
	if midway.TotalChats == 0 || midway.Total != int64(len(data)) {
		t.Fatalf("no chat was counted while the file was read: %+v", h.rec.Events(events.ChatImport))
	}
	if n := countRows(t, h, `SELECT count(*) FROM chats`); n != 0 {
		t.Fatalf("a cancelled import left %d chats", n)
	}
	// The same file from disk, through the dialog's path, imports whole.
	path := filepath.Join(t.TempDir(), "conversations.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	res, err := h.svc.ImportFile(ctx, h.ws, path)
	if err != nil || res.ChatsAdded != 120 || res.MessagesAdded != 120*7 {
		t.Fatalf("import %+v %v", res, err)
	}
}

// Control characters in an imported title (a NUL, a bell) become spaces: they
// would show as nothing and break the export's file name.
func TestImportedTitleDropsControlCharacters(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	data := `[{"id":"c1","title":"Zoë\u0000plan\u0007 / 🌴","mapping":{"n":{"id":"n","parent":null,"children":[],"message":{"id":"n",
		"author":{"role":"user"},"create_time":1700000000,"content":{"content_type":"text","parts":["hi"]}}}},"current_node":"n"},
		{"id":"c2","title":"` + strings.Repeat(`long\u0000`, 60) + `","mapping":{"n":{"id":"n","parent":null,"children":[],"message":{"id":"n",
		"author":{"role":"user"},"create_time":1700000000,"content":{"content_type":"text","parts":["hi"]}}}},"current_node":"n"}]`
	res, err := h.svc.Import(ctx, h.ws, "c.json", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	c, _ := h.svc.GetChat(ctx, res.ChatIDs[0])
	if c.Title != "Zoë plan / 🌴" {
		t.Fatalf("title %q", c.Title)
	}
	long, _ := h.svc.GetChat(ctx, res.ChatIDs[1])
	if strings.ContainsRune(long.Title, 0) || len([]rune(long.Title)) > maxTitleChars {
		t.Fatalf("long title %q", long.Title)
	}
}

// A chat file is chosen by hand: a chat exported, then deleted, comes back
// from its file (as a copy: its old ids are tombstones), and one in another
// workspace is copied into the one chosen. Importing the file again adds
// nothing; an export's import still leaves a deleted chat deleted.
func TestChatFileRestoresADeletedChatAsACopy(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	res := importSample(t, h)
	orig := res.ChatIDs[4] // the branched one
	before, err := h.svc.ViewChat(ctx, orig, 0, "")
	if err != nil {
		t.Fatal(err)
	}
	file, err := h.svc.ExportJSON(ctx, orig)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.DeleteChat(ctx, orig); err != nil {
		t.Fatal(err)
	}
	back, err := h.svc.Import(ctx, h.ws, "Regex.json", file)
	if err != nil || back.ChatsAdded != 1 || back.MessagesAdded != 9 || len(back.ChatIDs) != 1 || back.ChatIDs[0] == orig ||
		!strings.Contains(strings.Join(back.Warnings, "\n"), "imported as a copy") {
		t.Fatalf("restore %+v %v", back, err)
	}
	after, err := h.svc.ViewChat(ctx, back.ChatIDs[0], 0, "")
	if err != nil || after.Chat.Title != before.Chat.Title || after.Chat.CreatedAt != before.Chat.CreatedAt || len(after.Messages) != len(before.Messages) {
		t.Fatalf("restored chat %+v %v", after.Chat, err)
	}
	for i, m := range after.Messages {
		b := before.Messages[i]
		if m.ID == b.ID || m.Content != b.Content || m.Role != b.Role || len(m.SiblingIDs) != len(b.SiblingIDs) ||
			(i > 0 && m.ParentID != after.Messages[i-1].ID) {
			t.Fatalf("message %d: %+v, was %+v", i, m, b)
		}
	}
	if after.Chat.ActiveLeafID != after.Messages[len(after.Messages)-1].ID {
		t.Fatalf("the branch shown moved: %s", after.Chat.ActiveLeafID)
	}
	again, err := h.svc.Import(ctx, h.ws, "Regex.json", file)
	if err != nil || again.ChatsAdded != 0 || again.MessagesAdded != 0 || again.ChatIDs[0] != back.ChatIDs[0] {
		t.Fatalf("second restore %+v %v", again, err)
	}

	// Another workspace gets its own copy; the chat here is left as it is.
	other := store.NewID()
	if err := h.db.Tx(ctx, func(tx *store.Tx) error {
		return tx.Insert(ctx, "workspaces", other, other, store.Values{"name": "Other"})
	}); err != nil {
		t.Fatal(err)
	}
	there, err := h.svc.Import(ctx, other, "Regex.json", file)
	if err != nil || there.ChatsAdded != 1 || there.MessagesAdded != 9 || there.ChatIDs[0] == back.ChatIDs[0] {
		t.Fatalf("copy to another workspace %+v %v", there, err)
	}
	if c, err := h.svc.GetChat(ctx, there.ChatIDs[0]); err != nil || c.WorkspaceID != other {
		t.Fatalf("copy %+v %v", c, err)
	}
	if n := countRows(t, h, `SELECT count(*) FROM messages WHERE chat_id = ? AND deleted_at IS NULL`, back.ChatIDs[0]); n != 9 {
		t.Fatalf("the chat here has %d messages", n)
	}
}
