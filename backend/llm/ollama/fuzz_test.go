package ollama

import (
	"context"
	"testing"
	"time"

	"bookbag/backend/llm"
	"bookbag/backend/llm/llmtest"
)

// FuzzChatStream feeds arbitrary NDJSON answers through the whole adapter
// (a real HTTP answer, the line reader, inline <think> tags, tool calls): a
// broken server may make an answer fail, never the app panic.
func FuzzChatStream(f *testing.F) {
	for _, s := range []string{
		`{"message":{"role":"assistant","content":"<think>a</think>hi"},"done":false}` + "\n" + `{"done":true,"done_reason":"stop","prompt_eval_count":3,"eval_count":1}` + "\n",
		`{"message":{"role":"assistant","tool_calls":[{"function":{"name":"f","arguments":{"a":1}}}]},"done":true}` + "\n",
		`{"message":{"role":"assistant","tool_calls":[{"function":{"name":"","arguments":"x"}}]},"done":true}` + "\n",
		`{"error":"model not found"}` + "\n",
		`{"message":{"thinking":"t","content":""}}` + "\n",
	} {
		f.Add([]byte(s))
	}
	srv := llmtest.StartRaw(f, "/api/chat", "application/x-ndjson")
	p, err := New(Options{BaseURL: srv.URL, Timeouts: llm.Timeouts{Connect: 2 * time.Second, FirstByte: 5 * time.Second, Stall: 5 * time.Second}})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		srv.Set(b)
		req := llm.ChatRequest{Model: "llama-test", Messages: []llm.Message{{Role: llm.RoleUser, Content: "hi"}},
			Tools: []llm.Tool{{Name: "f", Parameters: []byte(`{"type":"object"}`)}}}
		_, _ = p.Chat(context.Background(), req, func(llm.Delta) {})
	})
}
