package chat

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/google/uuid"

	"bookbag/backend/apperr"
	"bookbag/backend/events"
)

func readSample(t *testing.T) []byte { return readTestdata(t, "chatgpt/conversations.json") }

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// gptID is the id an imported ChatGPT node gets (importchatgpt.go).
func gptID(conv, node string) string {
	ns := uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://bookbag.app/import/chatgpt"))
	return uuid.NewSHA1(ns, []byte(conv+"\x00"+node)).String()
}

// counts of one conversation, as the sample's README tabulates them: visible
// path (a), all branches (b), then the breakdown of (a).
type gptCounts struct {
	conv                                              string
	visible, all                                      int
	user, text, toolCall, toolOutput, reasoning, imgs int
}

var sampleCounts = []gptCounts{
	{"68c6b5c0-ad9b-8773-9df1-bef92f0193f7", 7, 7, 2, 2, 0, 0, 3, 0},
	{"6829aaf5-a5b6-8656-b8ce-c1c14ee02477", 6, 6, 3, 3, 0, 0, 0, 4},
	{"67c4565a-8d81-89a5-b186-4c05c5b6b2f9", 4, 4, 2, 2, 0, 0, 0, 0},
	{"66ed3610-667c-846b-baf0-6757af29a547", 6, 6, 1, 1, 2, 2, 0, 0},
	{"66854dc9-0ce1-884f-91cf-8c6f32c16152", 6, 9, 3, 3, 0, 0, 0, 0},
	{"667e8c7a-7f21-87de-b306-9ec4f32400ce", 5, 5, 1, 1, 1, 2, 0, 1},
	{"66696e28-cc4a-8e0c-b3c4-8046c345a0a6", 6, 6, 3, 3, 0, 0, 0, 0},
	{"6208237a-0af9-4b5a-8b7f-2052e6c74e64", 7, 7, 1, 1, 2, 3, 0, 0},
	{"43657936-2ac3-44ac-942a-4ba22a246012", 4, 4, 2, 2, 0, 0, 0, 0},
}

func importSample(t *testing.T, h *harness) ImportResult {
	t.Helper()
	res, err := h.svc.Import(context.Background(), h.ws, "conversations.json", readSample(t))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func countRows(t *testing.T, h *harness, q string, args ...any) int {
	t.Helper()
	var n int
	if err := h.db.R.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportChatGPTSampleCounts(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	res := importSample(t, h)
	if res.Format != FormatChatGPT || res.ChatsAdded != 9 || res.ChatsSkipped != 0 || res.MessagesAdded != 54 || len(res.ChatIDs) != 9 {
		t.Fatalf("result %+v", res)
	}
	if len(res.Warnings) != 0 {
		t.Errorf("warnings on a clean file: %q", res.Warnings)
	}
	visibleTotal := 0
	for i, want := range sampleCounts {
		id := res.ChatIDs[i]
		v, err := h.svc.ViewChat(ctx, id, 0, "")
		if err != nil {
			t.Fatal(err)
		}
		all := countRows(t, h, `SELECT count(*) FROM messages WHERE chat_id = ? AND deleted_at IS NULL`, id)
		var got gptCounts
		got.conv, got.visible, got.all = want.conv, len(v.Messages), all
		for _, m := range v.Messages {
			switch {
			case m.Kind == KindReasoning:
				got.reasoning++
			case m.Kind == KindToolCall:
				got.toolCall++
			case m.Kind == KindToolOutput:
				got.toolOutput++
			case m.Role == "user":
				got.user++
			case m.Role == "assistant":
				got.text++
			default:
				t.Errorf("%s: unexpected message %s/%s", v.Chat.Title, m.Role, m.Kind)
			}
			got.imgs += len(m.Attachments)
			if m.Kind == KindToolOutput && (m.Role != "tool" || m.ToolName == "") {
				t.Errorf("%s: tool output without a tool: %+v", v.Chat.Title, m)
			}
		}
		if got != want {
			t.Errorf("%s (%s):\n got %+v\nwant %+v", v.Chat.Title, id, got, want)
		}
		if v.Chat.Source != "chatgpt" || v.Chat.ActiveLeafID == "" {
			t.Errorf("%s: source %q leaf %q", v.Chat.Title, v.Chat.Source, v.Chat.ActiveLeafID)
		}
		visibleTotal += got.visible
	}
	if visibleTotal != 51 {
		t.Fatalf("visible messages %d, want 51", visibleTotal)
	}
	if n := countRows(t, h, `SELECT count(*) FROM messages WHERE workspace_id = ?`, h.ws); n != 54 {
		t.Fatalf("%d messages stored, want 54", n)
	}
	// Every imported row is logged for sync.
	if n := countRows(t, h, `SELECT count(*) FROM change_log WHERE table_name = 'messages'`); n != 54 {
		t.Fatalf("%d messages logged", n)
	}
}

func TestImportChatGPTBranchesAndActivePath(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	res := importSample(t, h)
	const conv = "66854dc9-0ce1-884f-91cf-8c6f32c16152"
	id := func(node string) string { return gptID(conv, node) }
	v, err := h.svc.ViewChat(ctx, res.ChatIDs[4], 0, "")
	if err != nil {
		t.Fatal(err)
	}
	wantPath := []string{"aaa2d947-6a97-4b69-a233-b5956d555197", "ecb8a9d4-b541-432e-86a8-25250a841bd3",
		"aaa28679-8c89-4e13-a528-117c66bbf503", "2369189b-ee9a-4835-875e-7014acd1d68e",
		"aaa28f88-2ffd-463f-bc70-0122e20454ce", "c46e71d0-81f3-44e4-b4d5-b3e6cc093b8b"}
	if len(v.Messages) != len(wantPath) {
		t.Fatalf("path has %d messages", len(v.Messages))
	}
	for i, node := range wantPath {
		if v.Messages[i].ID != id(node) {
			t.Fatalf("path[%d] = %s, want node %s", i, v.Messages[i].ID, node)
		}
	}
	if v.Chat.ActiveLeafID != id("c46e71d0-81f3-44e4-b4d5-b3e6cc093b8b") || v.Messages[0].ParentID != "" {
		t.Fatalf("leaf %s, first parent %q", v.Chat.ActiveLeafID, v.Messages[0].ParentID)
	}
	// The edit and the regeneration are alternatives, the originals first.
	if sib := v.Messages[2].SiblingIDs; len(sib) != 2 || sib[0] != id("aaa2f5d6-2f16-41bb-a99b-4d15d0df0d86") || sib[1] != v.Messages[2].ID {
		t.Fatalf("edited question's alternatives %v", sib)
	}
	if sib := v.Messages[3].SiblingIDs; len(sib) != 2 || sib[0] != v.Messages[3].ID || sib[1] != id("8638bbdd-7f56-4069-b511-6d9f19fb2f0e") {
		t.Fatalf("answer's alternatives %v", sib)
	}
	// Off-path messages keep their parents, so switching shows them.
	off, err := h.svc.GetMessage(ctx, id("e4757cb1-ad63-4d62-9573-05aa79f31bbb"))
	if err != nil || off.ParentID != id("aaa2f5d6-2f16-41bb-a99b-4d15d0df0d86") {
		t.Fatalf("off-path answer %+v %v", off, err)
	}
	sw, err := h.svc.SwitchBranch(ctx, id("aaa2f5d6-2f16-41bb-a99b-4d15d0df0d86"))
	if err != nil || len(sw.Messages) != 4 || sw.Messages[3].ID != off.ID {
		t.Fatalf("switched branch: %d messages, %v", len(sw.Messages), err)
	}
}

func TestImportChatGPTContentShapes(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	res := importSample(t, h)
	view := func(i int) ChatView {
		v, err := h.svc.ViewChat(ctx, res.ChatIDs[i], 0, "")
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	// 1: thoughts and recaps are reasoning, in tree order before the answer.
	v := view(0)
	kinds := []string{}
	for _, m := range v.Messages {
		kinds = append(kinds, m.Role+"/"+m.Kind)
	}
	if strings.Join(kinds, " ") != "user/text assistant/reasoning assistant/reasoning assistant/text user/text assistant/reasoning assistant/text" {
		t.Fatalf("order %v", kinds)
	}
	if !strings.Contains(v.Messages[1].Content, "**Calculating the tip and total**") || v.Messages[2].Content != "Thought for 9s" ||
		v.Messages[3].ModelRef != "openai:gpt-5-thinking" {
		t.Fatalf("reasoning %q / %q", v.Messages[1].Content, v.Messages[2].Content)
	}
	// 2: images are references without bytes, named from the upload list.
	v = view(1)
	last := v.Messages[4]
	if last.ID != gptID("6829aaf5-a5b6-8656-b8ce-c1c14ee02477", "a07a383d-73fc-4b4b-9065-2233d64db62a") || last.Content != "" || len(last.Attachments) != 1 {
		t.Fatalf("image-only message %+v", last)
	}
	a := last.Attachments[0]
	if !a.Missing || a.SHA256 != "" || a.Name != "IMG_2051.jpeg" || a.MIME != "image/jpeg" || a.Width != 3024 || a.Size != 1204466 ||
		a.Ref != "file-service://file-7UBh2pZ2kHT57rvDoe5tju" {
		t.Fatalf("attachment %+v", a)
	}
	if !strings.Contains(v.Messages[0].Content, "Zürich") || len(v.Messages[2].Attachments) != 2 {
		t.Fatalf("multimodal %+v", v.Messages[0])
	}
	// 3: a null create_time falls back to the conversation's; the empty answer
	// is skipped but the chain holds; the stopped answer is stopped.
	v = view(2)
	if v.Messages[0].CreatedAt != 1740920410301 || v.Messages[1].ParentID != v.Messages[0].ID {
		t.Fatalf("null time / skipped node: %+v", v.Messages[:2])
	}
	if v.Messages[3].Status != StatusStopped || !strings.HasSuffix(v.Messages[3].Content, "once a week is") {
		t.Fatalf("interrupted answer %+v", v.Messages[3])
	}
	// 4: code interpreter calls and outputs.
	v = view(3)
	if v.Messages[1].Kind != KindToolCall || v.Messages[1].ToolName != "python" || !strings.HasPrefix(v.Messages[1].Content, "principal = 1000") ||
		v.Messages[2].Kind != KindToolOutput || !strings.Contains(v.Messages[2].Content, "NameError") {
		t.Fatalf("code interpreter %+v", v.Messages[1:3])
	}
	// 6: DALL·E call, image output, instruction output.
	v = view(5)
	if v.Messages[1].ToolName != "dalle.text2im" || v.Messages[1].Kind != KindToolCall || len(v.Messages[2].Attachments) != 1 ||
		v.Messages[3].Kind != KindToolOutput {
		t.Fatalf("dalle %+v", v.Messages)
	}
	// 8: browsing markers become numbered citations with the pages.
	v = view(7)
	ans := v.Messages[6]
	if strings.Contains(ans.Content, "【") || !strings.Contains(ans.Content, "10:00–14:00**[1]") || !strings.Contains(ans.Content, "10:00–18:00[2]") ||
		!strings.Contains(ans.Content, "closing[1].") || len(ans.Citations) != 3 {
		t.Fatalf("citations: %q %+v", ans.Content, ans.Citations)
	}
	if c := ans.Citations[0]; c.URL != "https://jardinbotanico-villanueva.example/calendario-festivos-2023" || !c.Cited ||
		!strings.Contains(c.Text, "horario reducido") || !strings.HasPrefix(c.DocumentName, "Calendario de festivos") {
		t.Fatalf("citation %+v", c)
	}
	if v.Messages[4].Kind != KindToolOutput || v.Messages[5].ParentID != v.Messages[4].ID {
		t.Fatal("a tool output is the parent of the next one")
	}
	// 9: archived; times kept so the sidebar groups it by its date.
	v = view(8)
	if v.Chat.ArchivedAt == 0 || v.Chat.CreatedAt != 1686822301978 {
		t.Fatalf("archived chat %+v", v.Chat)
	}
	page, _ := h.svc.ListChats(ctx, ListFilter{WorkspaceID: h.ws, Archived: true})
	if len(page.Chats) != 1 || page.Chats[0].ID != v.Chat.ID {
		t.Fatalf("archive list %+v", page.Chats)
	}
	page, _ = h.svc.ListChats(ctx, ListFilter{WorkspaceID: h.ws})
	if len(page.Chats) != 8 || page.Chats[0].Title != "Splitting a Restaurant Bill" {
		t.Fatalf("sidebar order %+v", page.Chats)
	}
	// Imported text is searchable.
	hits, _ := h.svc.Search(ctx, SearchQuery{Query: "Papiamentu luggage", WorkspaceID: h.ws})
	if len(hits) == 0 {
		t.Fatal("imported text not found")
	}
}

func TestImportChatGPTIsIdempotent(t *testing.T) {
	h := newHarness(t)
	first := importSample(t, h)
	logged := countRows(t, h, `SELECT count(*) FROM change_log`)
	second := importSample(t, h)
	if second.ChatsAdded != 0 || second.ChatsSkipped != 9 || second.MessagesAdded != 0 || second.MessagesSkipped != 54 {
		t.Fatalf("second import %+v", second)
	}
	if strings.Join(first.ChatIDs, ",") != strings.Join(second.ChatIDs, ",") {
		t.Fatal("ids differ between imports")
	}
	if n := countRows(t, h, `SELECT count(*) FROM messages`); n != 54 {
		t.Fatalf("%d messages after two imports", n)
	}
	if n := countRows(t, h, `SELECT count(*) FROM change_log`); n != logged {
		t.Fatalf("the second import logged %d changes", n-logged)
	}
}

func TestImportChatGPTStarredAndNewMessages(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	conv := func(extra string) string {
		return `[{"id":"c1","title":"Starred","create_time":null,"update_time":null,"is_starred":true,"is_archived":null,
			"current_node":"` + map[bool]string{true: "n3", false: "n2"}[extra != ""] + `",
			"mapping":{"r":{"id":"r","message":null,"parent":null,"children":["n1"]},
			"n1":{"id":"n1","parent":"r","children":["n2"],"message":{"id":"n1","author":{"role":"user"},"create_time":1700000000,"content":{"content_type":"text","parts":["hi"]},"metadata":{}}},
			"n2":{"id":"n2","parent":"n1","children":[],"message":{"id":"n2","author":{"role":"assistant"},"create_time":1700000001,"content":{"content_type":"text","parts":["hello"]},"metadata":{},"recipient":"all"}}` +
			extra + `}}]`
	}
	res, err := h.svc.Import(ctx, h.ws, "c.json", []byte(conv("")))
	if err != nil {
		t.Fatal(err)
	}
	c, _ := h.svc.GetChat(ctx, res.ChatIDs[0])
	if !c.Pinned || c.ArchivedAt != 0 || c.CreatedAt != 1700000000000 {
		t.Fatalf("chat %+v", c)
	}
	// A later export of the same conversation adds only what is new.
	more := `,"n3":{"id":"n3","parent":"n2","children":[],"message":{"id":"n3","author":{"role":"user"},"create_time":1700000002,"content":{"content_type":"text","parts":["again"]},"metadata":{}}}`
	res, err = h.svc.Import(ctx, h.ws, "c.json", []byte(conv(more)))
	if err != nil || res.ChatsSkipped != 1 || res.MessagesAdded != 1 || res.MessagesSkipped != 2 {
		t.Fatalf("re-import %+v %v", res, err)
	}
	m, err := h.svc.GetMessage(ctx, gptID("c1", "n3"))
	if err != nil || m.ParentID != gptID("c1", "n2") {
		t.Fatalf("new message %+v %v", m, err)
	}
}

// cancelOn cancels the running import when it reports n bytes read.
type cancelOn struct {
	svc *Service
	n   int
	rec *events.Recorder
}

func (c *cancelOn) Emit(name string, payload any) {
	c.rec.Emit(name, payload)
	if p, ok := payload.(events.ChatImportPayload); ok && name == events.ChatImport && p.Stage == "importing" && p.Done == int64(c.n) && p.Total > 0 {
		c.svc.CancelImport()
	}
}

// An import reports its progress and, cancelled, adds nothing; the same
// file then imports whole.
func TestImportProgressAndCancel(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	c := &cancelOn{svc: h.svc, n: 0, rec: h.rec}
	h.svc.emit = c
	_, err := h.svc.Import(ctx, h.ws, "conversations.json", readSample(t))
	if !apperr.Is(err, apperr.Canceled) {
		t.Fatalf("cancelled import: %v", err)
	}
	if n := countRows(t, h, `SELECT count(*) FROM chats WHERE workspace_id = ?`, h.ws); n != 0 {
		t.Fatalf("a cancelled import left %d chats", n)
	}
	c.n = -1 // no more cancelling
	res := importSample(t, h)
	if res.ChatsAdded != 9 {
		t.Fatalf("after a cancel: %+v", res)
	}
	var last events.ChatImportPayload
	for _, e := range h.rec.Events(events.ChatImport) {
		last = e.Payload.(events.ChatImportPayload)
	}
	size := int64(len(readSample(t)))
	if last.Stage != "importing" || last.Done != size || last.Total != size || last.Chats != 9 || last.WorkspaceID != h.ws {
		t.Fatalf("last progress: %+v", last)
	}
	h.svc.CancelImport() // nothing running: a no-op
}

// A conversation with nothing to show (only its root, or only hidden and
// empty messages) is not imported as an empty chat; the others are, and the
// result says which were left out.
func TestImportChatGPTSkipsEmptyConversations(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	data := `[
	{"id":"empty-1","title":"Nothing here","mapping":{"r":{"id":"r","message":null,"parent":null,"children":[]}},"current_node":"r"},
	{"id":"empty-2","title":"Only a system prompt","mapping":{"r":{"id":"r","message":null,"parent":null,"children":["s"]},
		"s":{"id":"s","parent":"r","children":[],"message":{"id":"s","author":{"role":"system"},"content":{"content_type":"text","parts":[""]},
		"metadata":{"is_visually_hidden_from_conversation":true}}}},"current_node":"s"},
	{"id":"empty-3","title":"No mapping entries","mapping":{}},
	{"id":"full","title":"Has one","mapping":{"n":{"id":"n","parent":null,"children":[],"message":{"id":"n","author":{"role":"user"},
		"create_time":1700000000,"content":{"content_type":"text","parts":["hello"]}}}},"current_node":"n"}]`
	res, err := h.svc.Import(ctx, h.ws, "conversations.json", []byte(data))
	if err != nil || res.ChatsAdded != 1 || res.MessagesAdded != 1 || len(res.ChatIDs) != 1 {
		t.Fatalf("import %+v %v", res, err)
	}
	if n := countRows(t, h, `SELECT count(*) FROM chats`); n != 1 {
		t.Fatalf("%d chats", n)
	}
	notes := strings.Join(res.Warnings, "\n")
	for _, title := range []string{"Nothing here", "Only a system prompt", "No mapping entries"} {
		if !strings.Contains(notes, title) {
			t.Errorf("notes do not name %q: %v", title, res.Warnings)
		}
	}
}
