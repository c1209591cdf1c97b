package chat

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"bookbag/backend/blob"
	"bookbag/backend/events"
	"bookbag/backend/llm"
	"bookbag/backend/llm/llmtest"
)

// sentToolImages are the images a request gave with its tool results, in
// any protocol's way: inside Anthropic tool_result blocks, or in a user
// message right after OpenAI's tool messages.
func sentToolImages(c llmtest.Call) []llmtest.Image {
	var out []llmtest.Image
	for i, m := range c.Messages {
		for _, r := range m.ToolResults {
			out = append(out, r.Images...)
		}
		if m.Role == "user" && i > 0 && c.Messages[i-1].Role == "tool" {
			out = append(out, m.Images...)
		}
	}
	return out
}

// A screenshot a tool returns is stored on its tool_output message as an
// attachment and reaches a vision model's next request as an image, on
// OpenAI's wire and Anthropic's; a model without vision reads the words
// only. After a restart the history rebuilt from the database gives the
// images again, to the vision model only.
func TestToolImagesReachAVisionModel(t *testing.T) {
	for _, preset := range []string{llm.PresetOpenAI, llm.PresetAnthropic} {
		t.Run(preset, func(t *testing.T) { testToolImages(t, preset) })
	}
}

func testToolImages(t *testing.T, preset string) {
	h, ft := toolHarness(t)
	h.res.preset = preset
	ft.specs = append(ft.specs, ToolSpec{ModelName: "browser__screenshot", Server: "Browser", Tool: "screenshot", ReadOnly: true})
	png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{7}, 60)...)
	ft.run = func(_ context.Context, r ToolRun) ToolOutcome {
		return ToolOutcome{Text: "the page\n\n[image: image/png, 68 bytes]", Arguments: r.Arguments, Ran: true,
			Images: []llm.Image{{MIME: "image/png", Data: png}}}
	}
	ctx := context.Background()
	ask := func(svc *Service, model, content string, c Chat) llmtest.Call {
		t.Helper()
		if _, err := svc.SetChatSettings(ctx, c.ID, ChatSettings{ModelRef: model}); err != nil {
			t.Fatal(err)
		}
		r, err := svc.Send(ctx, SendInput{ChatID: c.ID, Content: content})
		if err != nil {
			t.Fatal(err)
		}
		if e := h.wait(t, r.Assistant.ID); e.Name != events.ChatDone {
			t.Fatalf("answer ended with %+v", e)
		}
		return h.lastAnswerCall(t)
	}
	question := "what does the page show? [[tool browser__screenshot {}]]"
	wordsOnly := `Tool results: browser__screenshot returned "the page\n\n[image: image/png, 68 bytes]".`

	vision := h.titledChat(t)
	call := ask(h.svc, preset+":fake-vision", question, vision)
	if imgs := sentToolImages(call); len(imgs) != 1 || imgs[0].MIME != "image/png" || !bytes.Equal(imgs[0].Data, png) {
		t.Fatalf("the vision model was given %+v", imgs)
	}
	msgs := h.path(t, vision.ID)
	out, answer := msgs[2], msgs[3]
	if out.Kind != KindToolOutput || len(out.Attachments) != 1 || out.Attachments[0].MIME != "image/png" ||
		out.Attachments[0].Size != int64(len(png)) || out.Attachments[0].Name != "browser__screenshot-1.png" {
		t.Fatalf("tool output %+v", out)
	}
	if b, mime, err := h.svc.Attachment(out.Attachments[0].SHA256); err != nil || mime != "image/png" || !bytes.Equal(b, png) {
		t.Fatalf("stored image: %q %v", mime, err)
	}
	if answer.Content != wordsOnly+" I see 1 image (image/png, 68 bytes)." {
		t.Fatalf("answer %q", answer.Content)
	}

	blind := h.titledChat(t)
	call = ask(h.svc, preset+":fake-chat", question, blind)
	if imgs := sentToolImages(call); len(imgs) != 0 || len(call.Images()) != 0 {
		t.Fatalf("a model without vision was given %d images", len(imgs))
	}
	msgs = h.path(t, blind.ID)
	if len(msgs[2].Attachments) != 1 || msgs[3].Content != wordsOnly {
		t.Fatalf("without vision: output %+v, answer %q", msgs[2].Attachments, msgs[3].Content)
	}

	// A restart: a new service and blob store on the same files.
	h.svc.Close()
	bs, err := blob.New(h.dir, blob.Options{})
	if err != nil {
		t.Fatal(err)
	}
	h.svc = NewService(Deps{DB: h.db, Resolver: h.res, Retriever: h.ret, Blobs: bs, Events: h.rec, Workspaces: sqlWorkspaces{}, Tools: ft})
	call = ask(h.svc, preset+":fake-vision", "and the title?", vision)
	if imgs := sentToolImages(call); len(imgs) != 1 || !bytes.Equal(imgs[0].Data, png) {
		t.Fatalf("after a restart the vision model was given %+v", imgs)
	}
	call = ask(h.svc, preset+":fake-chat", "and the title?", blind)
	if n := len(sentToolImages(call)) + len(call.Images()); n != 0 {
		t.Fatalf("after a restart a model without vision was given %d images", n)
	}
	var results []string
	for _, m := range call.Messages {
		for _, r := range m.ToolResults {
			results = append(results, r.Content)
		}
	}
	if len(results) != 1 || !strings.Contains(results[0], "[image: image/png, 68 bytes]") {
		t.Fatalf("the words of the result: %q", results)
	}
}
