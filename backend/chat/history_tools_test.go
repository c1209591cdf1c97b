package chat

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// The tools offered take room in the model's context as the history does:
// a workspace with many tools on a small model must drop more of the
// history (and say so), not send a request longer than the context.
func TestToolsOfferedCountAgainstTheContext(t *testing.T) {
	h, ft := toolHarness(t)
	ctx := context.Background()
	// About 1,500 tokens of tool definitions, as a few MCP servers give.
	big := json.RawMessage(`{"type":"object","properties":{"path":{"type":"string","description":"` + strings.Repeat("the path of the file to read ", 200) + `"}}}`)
	ft.specs = append(ft.specs, ToolSpec{ModelName: "files__search", Server: "Local files", Tool: "search", Description: "Search files", ReadOnly: true, Schema: big})
	h.res.ctxLen = 4096
	c := h.titledChat(t)
	var last SendResult
	for range 6 {
		last, _ = h.svc.Send(ctx, SendInput{ChatID: c.ID, Content: strings.Repeat("padding words here ", 60)})
		h.wait(t, last.Assistant.ID)
	}
	call := h.lastAnswerCall(t)
	var sent int
	for _, m := range call.Messages {
		sent += estimateTokens(m.Text)
	}
	tools := 0
	for _, tl := range call.Tools {
		tools += estimateTokens(tl.Name + tl.Description + string(tl.Parameters))
	}
	if tools < 1000 {
		t.Fatalf("the tools sent take %d tokens; the test needs more", tools)
	}
	room := 4096 - outputReserve(4096, 0)
	if sent+tools > room {
		t.Fatalf("history %d + tools %d tokens sent to a model with room for %d", sent, tools, room)
	}
	if m, _ := h.svc.GetMessage(ctx, last.Assistant.ID); m.Trimmed == 0 {
		t.Fatal("the history left out is not recorded")
	}
}
