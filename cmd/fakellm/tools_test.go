package main

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"bookbag/backend/llm"
	"bookbag/backend/llm/llmtest"
)

// TestToolsOverEveryProtocol drives the [[tool]] directive and the answer
// to tool results through each adapter, as the app's end-to-end tests will.
func TestToolsOverEveryProtocol(t *testing.T) {
	base := start(t, "")
	tools := []llm.Tool{{Name: "get_weather", Parameters: json.RawMessage(`{"type":"object","properties":{"city":{"type":"string"}}}`)}}
	for name, p := range providers(t, base, "any-key", llm.Timeouts{}) {
		t.Run(name, func(t *testing.T) {
			req := llm.ChatRequest{Model: "fake-chat", Tools: tools, Params: llm.Params{MaxTokens: 100},
				Messages: []llm.Message{{Role: llm.RoleUser, Content: `Weather in Paris and Rome? [[tool get_weather {"city":"Paris"}]] [[tool get_weather {"city":"Rome"}]] [[tool get_time]]`}}}
			c := llmtest.Collect(context.Background(), p, req)
			if c.Err != nil || c.Text != "" || len(c.Result.ToolCalls) != 3 || c.Result.FinishReason != llm.FinishToolCalls {
				t.Fatalf("text %q result %+v err %v", c.Text, c.Result, c.Err)
			}
			calls := c.Result.ToolCalls
			if string(calls[0].Arguments) != `{"city":"Paris"}` || string(calls[1].Arguments) != `{"city":"Rome"}` ||
				calls[2].Name != "get_time" || string(calls[2].Arguments) != "{}" || calls[0].ID == "" || calls[0].ID == calls[1].ID {
				t.Fatalf("calls %+v", calls)
			}
			req.Messages = c.Answered(req, map[string]string{"get_weather": "Sunny", "get_time": "noon"})
			c = llmtest.Collect(context.Background(), p, req)
			want := `Tool results: get_weather returned "Sunny"; get_weather returned "Sunny"; get_time returned "noon".`
			if c.Err != nil || c.Text != want || c.Result.ToolCalls != nil || c.Result.FinishReason != llm.FinishStop {
				t.Fatalf("text %q result %+v err %v", c.Text, c.Result, c.Err)
			}
			req.Messages = []llm.Message{{Role: llm.RoleUser, Content: `[[tool get_weather {"city": ]]`}}
			c = llmtest.Collect(context.Background(), p, req)
			var te *llm.ToolCallError
			if !errors.As(c.Err, &te) || te.Tool != "get_weather" || !strings.Contains(te.Reason, "not a JSON object") || c.Result.ToolCalls != nil {
				t.Fatalf("malformed: err %v result %+v", c.Err, c.Result)
			}
		})
	}
}
