package chat

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"bookbag/backend/apperr"
	"bookbag/backend/llm/llmtest"
	"bookbag/backend/store"
)

func TestExportMarkdownOfANativeChat(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.ret.set(fakeRetriever{sources: []Source{{DocumentID: "d1", DocumentName: "manual.pdf", Page: 3, Text: "The answer is 42."},
		{DocumentID: "d2", DocumentName: "faq.md", Text: "Also 42."}}})
	c := h.newChat(t)
	h.srv.PushChat(llmtest.Script{Thinking: []string{"Let me think."},
		Text: []string{"It is 42 [1]. Both agree [1, 2], not [2, 7]. In code: `a[1]`\n\n```\nx[1]\n```"}})
	r, err := h.svc.Send(ctx, SendInput{ChatID: c.ID, Content: "What is the answer?"})
	if err != nil {
		t.Fatal(err)
	}
	h.wait(t, r.Assistant.ID)
	h.svc.RenameChat(ctx, c.ID, "The answer")
	md, err := NewAPI(func() context.Context { return ctx }, h.svc, nil).ExportChat(c.ID, "markdown")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"# The answer\n",
		"- Model: `openai:fake-chat`",
		"## You\n\nWhat is the answer?\n",
		"## Assistant (fake-chat)\n",
		"<details>\n<summary>Thinking</summary>\n\nLet me think.\n\n</details>",
		// grouped markers become one footnote per number; markers in code stay as they are
		"It is 42 [^1]. Both agree [^1][^2], not [^2][7]. In code: `a[1]`",
		"```\nx[1]\n```",
		"[^1]: **manual.pdf**, page 3, “The answer is 42.”",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "sk-test") {
		t.Fatal("API key in export")
	}
}

func TestExportMarkdownOfImportedShapes(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	res := importSample(t, h)
	md, err := h.svc.ExportMarkdown(ctx, res.ChatIDs[0])
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md, "> **Reasoning**\n>\n> **Calculating the tip and total**") || !strings.Contains(md, "- Imported from ChatGPT") {
		t.Fatalf("reasoning:\n%s", md)
	}
	md, _ = h.svc.ExportMarkdown(ctx, res.ChatIDs[3])
	if !strings.Contains(md, "### Tool call: python\n\n```\nprincipal = 1000") || !strings.Contains(md, "### Tool output: python") {
		t.Fatalf("tools:\n%s", md)
	}
	md, _ = h.svc.ExportMarkdown(ctx, res.ChatIDs[1])
	if !strings.Contains(md, "*Image: IMG_2051.jpeg (image/jpeg, 3024×3024, 1.1 MB, not included)*") {
		t.Fatalf("images:\n%s", md)
	}
	md, _ = h.svc.ExportMarkdown(ctx, res.ChatIDs[7])
	if !strings.Contains(md, "10:00–14:00**[^1]") || !strings.Contains(md, "[^3]: **Qué hacer en Villanueva") ||
		!strings.Contains(md, "<https://noticias-villanueva.example/agenda/puente-noviembre>") {
		t.Fatalf("web citations:\n%s", md)
	}
	md, _ = h.svc.ExportMarkdown(ctx, res.ChatIDs[2])
	if !strings.Contains(md, "*Stopped before the end.*") {
		t.Fatalf("stopped:\n%s", md)
	}
	// Only the branch shown: the regenerated answer of #5 is not in it.
	md, _ = h.svc.ExportMarkdown(ctx, res.ChatIDs[4])
	if strings.Contains(md, "named groups") || !strings.Contains(md, "pytest") {
		t.Fatalf("branch:\n%s", md)
	}
}

func TestExportJSONHasEveryBranchParentsFirst(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	res := importSample(t, h)
	out, err := NewAPI(func() context.Context { return ctx }, h.svc, nil).ExportChat(res.ChatIDs[4], "json")
	if err != nil {
		t.Fatal(err)
	}
	var f map[string]any
	if err := json.Unmarshal([]byte(out), &f); err != nil {
		t.Fatal(err)
	}
	if f["format"] != "bookbag-chat" || f["version"] != 1.0 {
		t.Fatalf("header %v %v", f["format"], f["version"])
	}
	msgs := f["messages"].([]any)
	if len(msgs) != 9 {
		t.Fatalf("%d messages", len(msgs))
	}
	seen := map[string]bool{"": true}
	for _, m := range msgs {
		m := m.(map[string]any)
		if !seen[m["parentId"].(string)] {
			t.Fatalf("message %s listed before its parent", m["id"])
		}
		seen[m["id"].(string)] = true
		for _, k := range []string{"kind", "citations", "attachments", "role", "createdAt"} {
			if _, ok := m[k]; !ok {
				t.Fatalf("message lacks %s", k)
			}
		}
	}
	for _, k := range []string{"workspaceId", "authorId", "deviceId", "hlc"} {
		if strings.Contains(out, `"`+k+`"`) {
			t.Fatalf("export carries %s", k)
		}
	}
	if _, err := h.svc.ExportJSON(ctx, "nope"); apperr.CodeOf(err) != apperr.NotFound {
		t.Fatalf("missing chat: %v", err)
	}
	if _, err := NewAPI(func() context.Context { return ctx }, h.svc, nil).ExportChat(res.ChatIDs[0], "pdf"); apperr.CodeOf(err) != apperr.Invalid {
		t.Fatalf("unknown format: %v", err)
	}
}

// A chat exported while its answer streams says the answer is unfinished,
// rather than passing the text saved so far off as the whole answer.
func TestExportMarkdownWhileAnswerStreams(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	c := h.newChat(t)
	q, a := store.NewID(), store.NewID()
	err := h.db.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.Insert(ctx, "messages", q, h.ws, store.Values{"chat_id": c.ID, "role": "user", "content": "Tell me a story"}); err != nil {
			return err
		}
		return tx.Insert(ctx, "messages", a, h.ws, store.Values{"chat_id": c.ID, "parent_id": q, "role": "assistant",
			"content": "Once upon a", "status": StatusStreaming})
	})
	if err != nil {
		t.Fatal(err)
	}
	md, err := h.svc.ExportMarkdown(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md, "Once upon a\n\n*Still being written when exported") {
		t.Fatalf("markdown of a streaming answer:\n%s", md)
	}
}
