package anthropic

import (
	"context"
	"testing"
	"time"

	"bookbag/backend/llm"
	"bookbag/backend/llm/llmtest"
)

// FuzzChatStream feeds arbitrary event streams through the whole adapter
// (a real HTTP answer, the event reader, thinking blocks, tool calls): a
// broken or hostile server may make an answer fail, never the app panic.
func FuzzChatStream(f *testing.F) {
	for _, s := range []string{
		"data: {\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":3}}}\n\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"hi\"}}\n\ndata: {\"type\":\"message_stop\"}\n\n",
		"data: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"f\"}}\n\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"a\\\":\"}}\n\ndata: {\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"1}\"}}\n\ndata: {\"type\":\"message_stop\"}\n\n",
		"data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\"}}\n\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"s\"}}\n\ndata: {\"type\":\"content_block_stop\",\"index\":5}\n\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"}}\n\ndata: {\"type\":\"message_stop\"}\n\n",
		"data: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"busy\"}}\n\n",
	} {
		f.Add([]byte(s))
	}
	srv := llmtest.StartRaw(f, "/messages", "text/event-stream")
	p, err := New(Options{BaseURL: srv.URL, APIKey: testKey,
		Timeouts: llm.Timeouts{Connect: 2 * time.Second, FirstByte: 5 * time.Second, Stall: 5 * time.Second}})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		srv.Set(b)
		req := llm.ChatRequest{Model: "claude-test", Messages: []llm.Message{{Role: llm.RoleUser, Content: "hi"}},
			Tools: []llm.Tool{{Name: "f", Parameters: []byte(`{"type":"object"}`)}}}
		_, _ = p.Chat(context.Background(), req, func(llm.Delta) {})
	})
}
