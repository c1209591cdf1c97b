package chat

import (
	"context"
	"strings"
	"testing"

	"github.com/google/uuid"
)

func readClaudeSample(t *testing.T) []byte { return readTestdata(t, "claude/conversations.json") }

// claudeID is the id an imported Claude message gets (importclaude.go).
func claudeID(conv, msg string) string {
	ns := uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://bookbag.app/import/claude"))
	return uuid.NewSHA1(ns, []byte(conv+"\x00"+msg)).String()
}

func TestImportClaudeExport(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	res, err := h.svc.Import(ctx, h.ws, "data-2025-07-02.zip", exportZip(t, readClaudeSample(t), map[string][]byte{
		"projects.json": []byte("[]"), "users.json": []byte(`[{"uuid":"d0c1a7e4-3b52-4f0e-8a61-7c9e2b4f5d10"}]`)}))
	if err != nil {
		t.Fatal(err)
	}
	// The empty "New chat" is skipped with a note; 8 + 5 + 4 messages.
	if res.Format != FormatClaude || res.ChatsAdded != 3 || res.MessagesAdded != 17 || len(res.ChatIDs) != 3 ||
		!strings.Contains(strings.Join(res.Warnings, "\n"), `"New chat" has no messages`) {
		t.Fatalf("result %+v", res)
	}
	view := func(i int) ChatView {
		v, err := h.svc.ViewChat(ctx, res.ChatIDs[i], 0, "")
		if err != nil {
			t.Fatal(err)
		}
		return v
	}

	// 1: branches from parent_message_uuid; the newest branch is shown.
	const trip = "5b1f3c2e-8a4d-4e6b-9c7a-2f1d0e3b4a51"
	v := view(0)
	kinds := []string{}
	for _, m := range v.Messages {
		kinds = append(kinds, m.Role+"/"+m.Kind)
	}
	if v.Chat.Title != "Lisbon trip budget" || v.Chat.Source != FormatClaude || v.Chat.CreatedAt != 1744449302118 ||
		strings.Join(kinds, " ") != "user/text assistant/reasoning assistant/text user/text assistant/text" {
		t.Fatalf("chat %+v, path %v", v.Chat, kinds)
	}
	q := v.Messages[0]
	if !strings.HasPrefix(q.Content, "I have €900") || !strings.Contains(q.Content, "**itinerary.txt**\n\n```\nDay 1: Alfama") ||
		len(q.Attachments) != 1 || !q.Attachments[0].Missing || q.Attachments[0].Name != "tram-map.png" || q.Attachments[0].MIME != "image/png" {
		t.Fatalf("question with a pasted file and an image %+v", q)
	}
	if !strings.HasPrefix(v.Messages[1].Content, "€900 over 4 days") || v.Messages[2].ID != claudeID(trip, "0196294e-2b3c-7d4e-9f50-6b7c8d9e0f12") ||
		v.Messages[2].ParentID != v.Messages[1].ID || !strings.Contains(v.Messages[2].Content, "| 3 | Sintra | €280 |") {
		t.Fatalf("thinking then answer %+v", v.Messages[1:3])
	}
	edited := v.Messages[3]
	if edited.ID != claudeID(trip, "01962952-6f70-7182-9394-0f1a2b3c4d56") || edited.ParentID != v.Messages[2].ID ||
		len(edited.SiblingIDs) != 2 || edited.SiblingIDs[0] != claudeID(trip, "0196294f-3c4d-7e5f-a061-7c8d9e0f1a23") {
		t.Fatalf("edited question %+v", edited)
	}
	sw, err := h.svc.SwitchBranch(ctx, edited.SiblingIDs[0])
	if err != nil || len(sw.Messages) != 5 || len(sw.Messages[4].SiblingIDs) != 2 ||
		sw.Messages[4].SiblingIDs[0] != claudeID(trip, "0196294f-4d5e-7f60-b172-8d9e0f1a2b34") {
		t.Fatalf("the first question's branch with its retried answer: %+v %v", sw.Messages, err)
	}

	// 2: a web search: call, found pages, then one answer with its source.
	v = view(1)
	kinds = kinds[:0]
	for _, m := range v.Messages {
		kinds = append(kinds, m.Role+"/"+m.Kind)
	}
	if strings.Join(kinds, " ") != "user/text assistant/text assistant/tool_call tool/tool_output assistant/text" {
		t.Fatalf("web search path %v", kinds)
	}
	if call := v.Messages[2]; call.ToolName != "web_search" || !strings.Contains(call.Content, `"query": "Matosinhos tide times today"`) {
		t.Fatalf("tool call %+v", call)
	}
	if out := v.Messages[3]; out.ToolName != "web_search" || !strings.Contains(out.Content, "Tide table: Leixões / Matosinhos\nhttps://tides.example/leixoes\n\nHigh tide 06:12") {
		t.Fatalf("tool output %q", out.Content)
	}
	ans := v.Messages[4]
	if ans.Content != "High tide at Matosinhos today is at 06:12 and again at 18:37[1]." || len(ans.Citations) != 1 ||
		ans.Citations[0].URL != "https://tides.example/leixoes" || ans.Citations[0].DocumentName != "Tide table: Leixões / Matosinhos" ||
		!strings.Contains(ans.Citations[0].Text, "18:37 (3.5 m)") || !ans.Citations[0].Cited {
		t.Fatalf("answer %q %+v", ans.Content, ans.Citations)
	}

	// 3: an older export: no parent links, text only, no title.
	v = view(2)
	if v.Chat.Title != fallbackTitle("What rhymes with orange?") || len(v.Messages) != 4 || v.Messages[3].ParentID != v.Messages[2].ID ||
		v.Messages[3].Content != "I oiled the squeaky door hinge\nand ate a juicy orange." || v.Chat.CreatedAt != 1692475331004 {
		t.Fatalf("older export %+v %+v", v.Chat, v.Messages)
	}

	// The Markdown export names where it came from and shows the search.
	md, err := h.svc.ExportMarkdown(ctx, res.ChatIDs[1])
	if err != nil || !strings.Contains(md, "- Imported from Claude") || !strings.Contains(md, "### Tool call: web_search") ||
		!strings.Contains(md, "18:37[^1].") || !strings.Contains(md, "[^1]: **Tide table: Leixões / Matosinhos**, <https://tides.example/leixoes>") {
		t.Fatalf("markdown %v\n%s", err, md)
	}

	// Importing the export again (here its bare conversations.json) adds nothing.
	again, err := h.svc.Import(ctx, h.ws, "conversations.json", readClaudeSample(t))
	if err != nil || again.ChatsAdded != 0 || again.MessagesAdded != 0 || again.ChatsSkipped != 3 {
		t.Fatalf("second import %+v %v", again, err)
	}
}

// A browser extension saves one conversation as the web app reads it: the
// same shape, on its own.
func TestImportOneClaudeConversation(t *testing.T) {
	h := newHarness(t)
	one := `{"uuid":"c0ffee00-1111-4222-8333-444455556666","name":"Solo","created_at":"2025-01-05T10:00:00Z",
	"updated_at":"2025-01-05T10:01:00Z","model":"claude-3-5-sonnet-20241022","chat_messages":[
	{"uuid":"c0ffee00-0000-4000-8000-000000000001","sender":"human","parent_message_uuid":"00000000-0000-4000-8000-000000000000",
	 "content":[{"type":"text","text":"Hi"}],"created_at":"2025-01-05T10:00:00Z"},
	{"uuid":"c0ffee00-0000-4000-8000-000000000002","sender":"assistant","parent_message_uuid":"c0ffee00-0000-4000-8000-000000000001",
	 "content":[{"type":"text","text":"Hello!"}],"stop_reason":"max_tokens","created_at":"2025-01-05T10:00:02Z"}]}`
	res, err := h.svc.Import(context.Background(), h.ws, "Solo.json", []byte(one))
	if err != nil || res.Format != FormatClaude || res.ChatsAdded != 1 || res.MessagesAdded != 2 {
		t.Fatalf("%+v %v", res, err)
	}
	v, err := h.svc.ViewChat(context.Background(), res.ChatIDs[0], 0, "")
	if err != nil || len(v.Messages) != 2 || v.Messages[1].ModelRef != "anthropic:claude-3-5-sonnet-20241022" || v.Messages[1].FinishReason != "length" {
		t.Fatalf("%+v %v", v.Messages, err)
	}
}
