package main

import (
	"bytes"
	"fmt"
	"image/png"
	"testing"

	"bookbag/backend/chat"
	"bookbag/backend/llm/llmtest"
	"bookbag/backend/tools"
)

// The whole way of a screenshot: a real MCP server returns a PNG, the
// tools service and the chat keep it, and a vision model gets it as an
// image on the wire, after the tool messages.
func TestToolScreenshotReachesAVisionModel(t *testing.T) {
	requireKeychain(t)
	mcptest := buildCmd(t, t.TempDir(), "./cmd/bookbag-mcptest")
	srv := llmtest.Start(t)
	a, rec, ws := appWithFakeProvider(t, t.TempDir(), srv)
	t.Cleanup(a.close)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err := a.api.tools.ImportServers(fmt.Sprintf(`{"mcpServers": {"test": {"command": %q}}}`, mcptest), false)
	must(err)
	servers, err := a.api.tools.ListServers()
	must(err)
	_, err = a.api.tools.SetWorkspaceServer(ws, servers[0].ID, true, false)
	must(err)
	c, err := a.api.chat.CreateChat(ws, "openai:fake-vision")
	must(err)

	sent, err := a.api.chat.Send(chat.SendInput{ChatID: c.ID, Content: "what is on the page? [[tool test__screenshot {}]]"})
	must(err)
	card := waitApproval(t, rec, c.ID, 0)
	must(a.api.tools.AnswerApproval(card.ID, tools.DecideOnce, ""))
	waitDone(t, rec, sent.Assistant.ID)

	var call llmtest.Call
	for _, cl := range srv.CallsTo(llmtest.EndpointChat) {
		if n := len(cl.Messages); n > 1 && cl.Messages[n-2].Role == "tool" {
			call = cl
		}
	}
	n := len(call.Messages)
	if n == 0 || len(call.Messages[n-1].Images) != 1 {
		t.Fatalf("no image after the tool messages: %+v", call.Messages)
	}
	img := call.Messages[n-1].Images[0]
	if cfg, err := png.DecodeConfig(bytes.NewReader(img.Data)); err != nil || img.MIME != "image/png" || cfg.Width != 3 || cfg.Height != 2 {
		t.Fatalf("the model got %s: %+v, %v", img.MIME, cfg, err)
	}
	v, err := a.api.chat.ViewChat(c.ID, 0, "")
	must(err)
	for _, m := range v.Messages {
		if m.Kind == chat.KindToolOutput && (len(m.Attachments) != 1 || m.Attachments[0].MIME != "image/png") {
			t.Fatalf("tool output %+v", m)
		}
	}
}
