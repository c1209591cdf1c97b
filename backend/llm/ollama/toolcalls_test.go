package ollama

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"bookbag/backend/apperr"
	"bookbag/backend/llm"
	"bookbag/backend/llm/llmtest"
)

func toolRequest(question string) llm.ChatRequest {
	return llm.ChatRequest{Model: "fake-chat", Messages: []llm.Message{{Role: llm.RoleUser, Content: question}}, Tools: llmtest.SampleTools()}
}

func collect(p llm.Provider, req llm.ChatRequest) llmtest.Collected {
	return llmtest.Collect(context.Background(), p, req)
}

func TestToolCallSingle(t *testing.T) {
	srv := llmtest.Start(t)
	srv.PushChat(llmtest.Script{Text: []string{"Let me check."},
		ToolCalls: []llmtest.ScriptToolCall{{Name: "get_weather", Arguments: `{"city":"Paris"}`}}})
	c := collect(newProvider(t, srv, nil), toolRequest("Weather in Paris?"))
	if c.Err != nil {
		t.Fatal(c.Err)
	}
	// Ollama sends no id and says done_reason stop: the adapter gives the
	// call an id and the finish reason tool_calls.
	if c.Text != "Let me check." || len(c.Result.ToolCalls) != 1 || c.Result.FinishReason != llm.FinishToolCalls || !c.Result.UsageKnown {
		t.Fatalf("text %q result %+v", c.Text, c.Result)
	}
	got := c.Result.ToolCalls[0]
	if !strings.HasPrefix(got.ID, "call_") || got.Name != "get_weather" || string(got.Arguments) != `{"city":"Paris"}` {
		t.Fatalf("call %+v", got)
	}
	if len(c.ToolDeltas) != 1 || c.ToolDeltas[0].ID != got.ID || c.ToolDeltas[0].Name != "get_weather" || c.ToolDeltas[0].Arguments != `{"city":"Paris"}` {
		t.Fatalf("deltas %+v", c.ToolDeltas)
	}
	call, _ := srv.LastCall(llmtest.EndpointChat)
	// ollama/api's schema type has no additionalProperties: it is dropped,
	// as Ollama's own server would drop it.
	wantTools := `[{"type":"function","function":{"name":"get_weather","description":"The weather in a city now.",
			"parameters":{"type":"object","properties":{"city":{"type":"string","description":"a city name"}},"required":["city"]}}},
		{"type":"function","function":{"name":"get_time","description":"The time now.","parameters":{"type":"object","properties":{}}}}]`
	if !llmtest.SameJSON(call.BodyField("tools"), []byte(wantTools)) {
		t.Fatalf("tools sent %s", call.BodyField("tools"))
	}
	// Tools made the adapter check the model's capabilities once.
	if n := len(srv.CallsTo(llmtest.EndpointShow)); n != 1 {
		t.Fatalf("%d show calls", n)
	}
}

func TestToolCallsParallel(t *testing.T) {
	srv := llmtest.Start(t)
	srv.PushChat(llmtest.Script{ToolCalls: []llmtest.ScriptToolCall{
		{ID: "call_given", Name: "get_weather", Arguments: `{"city":"Paris"}`},
		{Name: "get_weather", Arguments: `{"city":"Zürich"}`},
		{Name: "get_time"},
	}})
	c := collect(newProvider(t, srv, nil), toolRequest("x"))
	if c.Err != nil || len(c.Result.ToolCalls) != 3 || len(c.ToolDeltas) != 3 {
		t.Fatalf("err %v result %+v", c.Err, c.Result)
	}
	calls := c.Result.ToolCalls
	if calls[0].ID != "call_given" || string(calls[1].Arguments) != `{"city":"Zürich"}` || string(calls[2].Arguments) != `{}` ||
		calls[1].ID == calls[2].ID || !strings.HasPrefix(calls[2].ID, "call_") {
		t.Fatalf("calls %+v", calls)
	}
}

func TestToolHistoryRoundTrip(t *testing.T) {
	srv := llmtest.Start(t)
	req := toolRequest("Weather in Paris, and the time?")
	req.Messages = append(req.Messages,
		llm.Message{Role: llm.RoleAssistant, ToolCalls: []llm.ToolCall{
			{ID: "call_1", Name: "get_weather", Arguments: json.RawMessage(`{"city":"Paris"}`)},
			{ID: "call_2", Name: "get_time"},
		}},
		llm.Message{Role: llm.RoleTool, ToolCallID: "call_1", Content: "Sunny, 21 C"}, // tool_name comes from the call
		llm.Message{Role: llm.RoleTool, ToolCallID: "call_2", ToolName: "get_time", Content: "12:00"},
	)
	c := collect(newProvider(t, srv, nil), req)
	if c.Err != nil || c.Text != `Tool results: get_weather returned "Sunny, 21 C"; get_time returned "12:00".` {
		t.Fatalf("text %q err %v", c.Text, c.Err)
	}
	call, _ := srv.LastCall(llmtest.EndpointChat)
	wantMessages := `[{"role":"user","content":"Weather in Paris, and the time?"},
		{"role":"assistant","content":"","tool_calls":[
			{"id":"call_1","function":{"index":0,"name":"get_weather","arguments":{"city":"Paris"}}},
			{"id":"call_2","function":{"index":1,"name":"get_time","arguments":{}}}]},
		{"role":"tool","content":"Sunny, 21 C","tool_name":"get_weather","tool_call_id":"call_1"},
		{"role":"tool","content":"12:00","tool_name":"get_time","tool_call_id":"call_2"}]`
	if !llmtest.SameJSON(call.BodyField("messages"), []byte(wantMessages)) {
		t.Fatalf("messages sent %s", call.BodyField("messages"))
	}
}

func TestToolChoiceAndCapability(t *testing.T) {
	srv := llmtest.Start(t, llmtest.WithModels(
		llmtest.Model{Name: "with-tools", Tools: true, ContextLength: 4096},
		llmtest.Model{Name: "no-tools", ContextLength: 4096},
	))
	p := newProvider(t, srv, nil)
	// Ollama has no tool_choice: "none" leaves the tools out (and needs no
	// capability check), "required" sends them as auto does.
	req := toolRequest("x")
	req.Model, req.ToolChoice = "no-tools", llm.ToolChoiceNone
	if c := collect(p, req); c.Err != nil {
		t.Fatal(c.Err)
	}
	if call, _ := srv.LastCall(llmtest.EndpointChat); call.BodyField("tools") != nil || call.BodyField("tool_choice") != nil {
		t.Fatalf("body %s", call.Body)
	}
	req.Model, req.ToolChoice = "with-tools", llm.ToolChoiceRequired
	if c := collect(p, req); c.Err != nil {
		t.Fatal(c.Err)
	}
	if call, _ := srv.LastCall(llmtest.EndpointChat); len(call.Tools) != 2 || call.BodyField("tool_choice") != nil {
		t.Fatalf("body %s", call.Body)
	}
	// A model without the capability is refused before the chat (Ollama
	// itself would answer 400).
	n := len(srv.CallsTo(llmtest.EndpointChat))
	req.Model, req.ToolChoice = "no-tools", ""
	c := collect(p, req)
	if apperr.CodeOf(c.Err) != apperr.Invalid || !strings.Contains(apperr.MessageOf(c.Err), "cannot call tools") || len(srv.CallsTo(llmtest.EndpointChat)) != n {
		t.Fatalf("err %v", c.Err)
	}
}

func TestToolEchoDirective(t *testing.T) {
	srv := llmtest.Start(t)
	p := newProvider(t, srv, nil)
	req := toolRequest(`Weather? [[tool get_weather {"city":"Paris"}]] [[tool not_offered {"x":[1,[2]]}]]`)
	c := collect(p, req)
	if c.Err != nil || len(c.Result.ToolCalls) != 2 || c.Result.FinishReason != llm.FinishToolCalls {
		t.Fatalf("result %+v err %v", c.Result, c.Err)
	}
	if u := c.Result.ToolCalls[1]; u.Name != "not_offered" || string(u.Arguments) != `{"x":[1,[2]]}` {
		t.Fatalf("call %+v", u)
	}
	req.Messages = c.Answered(req, map[string]string{"get_weather": "Sunny", "not_offered": "?"})
	c = collect(p, req)
	if c.Err != nil || c.Text != `Tool results: get_weather returned "Sunny"; not_offered returned "?".` {
		t.Fatalf("text %q err %v", c.Text, c.Err)
	}
}

func TestMalformedToolCalls(t *testing.T) {
	cases := []struct {
		name   string
		call   llmtest.ScriptToolCall
		tool   string
		reason string
	}{
		// Not JSON: the fake sends it as a JSON string, as a broken proxy would.
		{"broken arguments", llmtest.ScriptToolCall{Name: "get_weather", Arguments: `{"city": "Par`}, "get_weather", `not a JSON object: "{\"city\": \"Par"`},
		{"null arguments", llmtest.ScriptToolCall{Name: "get_weather", Arguments: `null`}, "get_weather", "not a JSON object: null"},
		{"array arguments", llmtest.ScriptToolCall{Name: "get_weather", Arguments: `[1]`}, "get_weather", "not a JSON object"},
		{"no name", llmtest.ScriptToolCall{Arguments: `{}`}, "", "no name"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := llmtest.Start(t)
			srv.PushChat(llmtest.Script{ToolCalls: []llmtest.ScriptToolCall{{Name: "get_time"}, tc.call}})
			c := collect(newProvider(t, srv, nil), toolRequest("x"))
			if msg := c.ToolCallFailure("Ollama", 1, tc.tool, tc.reason); msg != "" {
				t.Fatal(msg)
			}
		})
	}
}

func TestToolHistoryArgumentsChecked(t *testing.T) {
	srv := llmtest.Start(t)
	req := toolRequest("x")
	req.Messages = append(req.Messages, llm.Message{Role: llm.RoleAssistant, ToolCalls: []llm.ToolCall{{ID: "c", Name: "f", Arguments: json.RawMessage(`[1]`)}}})
	c := collect(newProvider(t, srv, nil), req)
	if apperr.CodeOf(c.Err) != apperr.Invalid || len(srv.CallsTo(llmtest.EndpointChat)) != 0 {
		t.Fatalf("err %v", c.Err)
	}
}

// A result's images follow the tool messages in a user message naming
// their calls, where a vision model's template shows images.
func TestToolResultImagesFollowAsAUserMessage(t *testing.T) {
	srv := llmtest.Start(t)
	png := []byte("\x89PNG\r\n\x1a\nfake-png-bytes")
	req := toolRequest("What does the page look like?")
	req.Model = "fake-vision"
	req.Messages = append(req.Messages,
		llm.Message{Role: llm.RoleAssistant, ToolCalls: []llm.ToolCall{{ID: "call_1", Name: "screenshot", Arguments: json.RawMessage(`{}`)}}},
		llm.Message{Role: llm.RoleTool, ToolCallID: "call_1", ToolName: "screenshot", Content: "[image: image/png, 22 bytes]",
			Images: []llm.Image{{MIME: "image/png", Data: png}}},
	)
	c := collect(newProvider(t, srv, nil), req)
	if c.Err != nil {
		t.Fatal(c.Err)
	}
	if c.Text != `Tool results: screenshot returned "[image: image/png, 22 bytes]". I see 1 image (image/png, 22 bytes).` {
		t.Fatalf("text %q", c.Text)
	}
	call, _ := srv.LastCall(llmtest.EndpointChat)
	wantMessages := `[{"role":"user","content":"What does the page look like?"},
		{"role":"assistant","content":"","tool_calls":[{"id":"call_1","function":{"index":0,"name":"screenshot","arguments":{}}}]},
		{"role":"tool","content":"[image: image/png, 22 bytes]","tool_name":"screenshot","tool_call_id":"call_1"},
		{"role":"user","content":"The images the tool calls above returned, in order: 1 from screenshot (call call_1).",
			"images":["` + base64.StdEncoding.EncodeToString(png) + `"]}]`
	if !llmtest.SameJSON(call.BodyField("messages"), []byte(wantMessages)) {
		t.Fatalf("messages sent %s", call.BodyField("messages"))
	}
}
