package openai

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
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
	srv := llmtest.Start(t, llmtest.WithAPIKey(testKey))
	srv.PushChat(llmtest.Script{Text: []string{"Let me check."}, ArgumentPieces: 4,
		ToolCalls: []llmtest.ScriptToolCall{{ID: "call_w1", Name: "get_weather", Arguments: `{"city":"Paris"}`}}})
	req := toolRequest("Weather in Paris?")
	req.ToolChoice = llm.ToolChoiceRequired
	c := collect(newProvider(t, srv, nil), req)
	if c.Err != nil {
		t.Fatal(c.Err)
	}
	want := llm.ToolCall{ID: "call_w1", Name: "get_weather", Arguments: json.RawMessage(`{"city":"Paris"}`)}
	if c.Text != "Let me check." || len(c.Result.ToolCalls) != 1 || !sameCall(c.Result.ToolCalls[0], want) || c.Result.FinishReason != llm.FinishToolCalls {
		t.Fatalf("text %q result %+v", c.Text, c.Result)
	}
	// The call forms in pieces: id and name first, then four fragments.
	if len(c.ToolDeltas) != 5 || c.ToolDeltas[0].ID != "call_w1" || c.ToolDeltas[0].Name != "get_weather" ||
		c.ToolDeltas[1].ID != "" || c.ToolArguments(0) != `{"city":"Paris"}` {
		t.Fatalf("deltas %+v", c.ToolDeltas)
	}
	call, _ := srv.LastCall(llmtest.EndpointChat)
	if call.ToolChoice != "required" || len(call.Tools) != 2 {
		t.Fatalf("tool choice %q tools %+v", call.ToolChoice, call.Tools)
	}
	wantTools := `[{"type":"function","function":{"name":"get_weather","description":"The weather in a city now.","parameters":` + llmtest.WeatherSchema + `}},
		{"type":"function","function":{"name":"get_time","description":"The time now.","parameters":{"type":"object","properties":{}}}}]`
	if !llmtest.SameJSON(call.BodyField("tools"), []byte(wantTools)) {
		t.Fatalf("tools sent %s", call.BodyField("tools"))
	}
}

func TestToolCallsParallelInterleaved(t *testing.T) {
	srv := llmtest.Start(t)
	srv.PushChat(llmtest.Script{ArgumentPieces: 3, InterleaveToolCalls: true, ToolCalls: []llmtest.ScriptToolCall{
		{ID: "call_a", Name: "get_weather", Arguments: `{"city":"Paris"}`},
		{ID: "call_b", Name: "get_weather", Arguments: `{"city":"Zürich"}`},
		{ID: "call_c", Name: "get_time", Arguments: ""},
	}})
	c := collect(newProvider(t, srv, nil), toolRequest("Weather in Paris and Zürich, and the time?"))
	if c.Err != nil {
		t.Fatal(c.Err)
	}
	want := []llm.ToolCall{
		{ID: "call_a", Name: "get_weather", Arguments: json.RawMessage(`{"city":"Paris"}`)},
		{ID: "call_b", Name: "get_weather", Arguments: json.RawMessage(`{"city":"Zürich"}`)},
		{ID: "call_c", Name: "get_time", Arguments: json.RawMessage(`{}`)},
	}
	if len(c.Result.ToolCalls) != 3 || c.Result.FinishReason != llm.FinishToolCalls {
		t.Fatalf("result %+v", c.Result)
	}
	for i := range want {
		if !sameCall(c.Result.ToolCalls[i], want[i]) {
			t.Fatalf("call %d: %+v", i, c.Result.ToolCalls[i])
		}
	}
	// The pieces really came interleaved: call 0 went on after call 1 began.
	var order []int
	for _, d := range c.ToolDeltas {
		order = append(order, d.Index)
	}
	if len(order) < 5 || order[0] != 0 || order[1] != 1 || order[2] != 2 || order[3] != 0 {
		t.Fatalf("delta order %v", order)
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
		llm.Message{Role: llm.RoleTool, ToolCallID: "call_1", ToolName: "get_weather", Content: "Sunny, 21 C"},
		llm.Message{Role: llm.RoleTool, ToolCallID: "call_2", Content: ""}, // an empty result is still sent
	)
	c := collect(newProvider(t, srv, nil), req)
	if c.Err != nil {
		t.Fatal(c.Err)
	}
	if c.Text != `Tool results: get_weather returned "Sunny, 21 C"; get_time returned "".` || c.Result.ToolCalls != nil || c.Result.FinishReason != llm.FinishStop {
		t.Fatalf("text %q result %+v", c.Text, c.Result)
	}
	call, _ := srv.LastCall(llmtest.EndpointChat)
	wantMessages := `[{"role":"user","content":"Weather in Paris, and the time?"},
		{"role":"assistant","content":null,"tool_calls":[
			{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}},
			{"id":"call_2","type":"function","function":{"name":"get_time","arguments":"{}"}}]},
		{"role":"tool","content":"Sunny, 21 C","tool_call_id":"call_1"},
		{"role":"tool","content":"","tool_call_id":"call_2"}]`
	if !llmtest.SameJSON(call.BodyField("messages"), []byte(wantMessages)) {
		t.Fatalf("messages sent %s", call.BodyField("messages"))
	}
}

func TestToolChoiceSent(t *testing.T) {
	srv := llmtest.Start(t)
	p := newProvider(t, srv, nil)
	for _, choice := range []string{llm.ToolChoiceAuto, llm.ToolChoiceNone, llm.ToolChoiceRequired} {
		req := toolRequest("x")
		req.ToolChoice = choice
		if c := collect(p, req); c.Err != nil {
			t.Fatal(c.Err)
		}
		if call, _ := srv.LastCall(llmtest.EndpointChat); string(call.BodyField("tool_choice")) != `"`+choice+`"` {
			t.Fatalf("%s: body %s", choice, call.Body)
		}
	}
	// No tools: neither tools nor a tool choice (OpenAI refuses a choice without tools).
	req := hello("fake-chat")
	req.ToolChoice = llm.ToolChoiceAuto
	if c := collect(p, req); c.Err != nil {
		t.Fatal(c.Err)
	}
	if call, _ := srv.LastCall(llmtest.EndpointChat); call.BodyField("tools") != nil || call.BodyField("tool_choice") != nil {
		t.Fatalf("body %s", call.Body)
	}
	// A choice no provider knows is refused before anything is sent.
	n := len(srv.CallsTo(llmtest.EndpointChat))
	req = toolRequest("x")
	req.ToolChoice = "get_weather"
	if c := collect(p, req); apperr.CodeOf(c.Err) != apperr.Invalid || len(srv.CallsTo(llmtest.EndpointChat)) != n {
		t.Fatalf("err %v", c.Err)
	}
}

func TestToolEchoDirective(t *testing.T) {
	srv := llmtest.Start(t)
	p := newProvider(t, srv, nil)
	req := toolRequest(`Weather and time? [[tool get_weather {"city":"Paris"}]] [[tool get_time]]`)
	c := collect(p, req)
	if c.Err != nil || c.Text != "" || len(c.Result.ToolCalls) != 2 || c.Result.FinishReason != llm.FinishToolCalls {
		t.Fatalf("text %q result %+v err %v", c.Text, c.Result, c.Err)
	}
	w, tm := c.Result.ToolCalls[0], c.Result.ToolCalls[1]
	if w.Name != "get_weather" || string(w.Arguments) != `{"city":"Paris"}` || tm.Name != "get_time" || string(tm.Arguments) != "{}" ||
		!strings.HasPrefix(w.ID, "call_") || w.ID == tm.ID {
		t.Fatalf("calls %+v", c.Result.ToolCalls)
	}
	// Echo streams the arguments in pieces.
	if n := len(c.ToolDeltas); n != 1+llmtest.ArgumentPieces+1 {
		t.Fatalf("%d tool deltas: %+v", n, c.ToolDeltas)
	}
	req.Messages = c.Answered(req, map[string]string{"get_weather": "Sunny", "get_time": "12:00"})
	c = collect(p, req)
	if c.Err != nil || c.Text != `Tool results: get_weather returned "Sunny"; get_time returned "12:00".` {
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
		{"broken arguments", llmtest.ScriptToolCall{Name: "get_weather", Arguments: `{"city": "Par`}, "get_weather", "not a JSON object"},
		{"arguments not an object", llmtest.ScriptToolCall{Name: "get_weather", Arguments: `["Paris"]`}, "get_weather", "not a JSON object"},
		{"no name", llmtest.ScriptToolCall{Arguments: `{"city":"Paris"}`}, "", "no name"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := llmtest.Start(t)
			srv.PushChat(llmtest.Script{ArgumentPieces: 2, ToolCalls: []llmtest.ScriptToolCall{{Name: "get_time", Arguments: "{}"}, tc.call}})
			c := collect(newProvider(t, srv, nil), toolRequest("x"))
			if msg := c.ToolCallFailure("OpenAI", 1, tc.tool, tc.reason); msg != "" {
				t.Fatal(msg)
			}
		})
	}
}

func TestToolCallStreamCut(t *testing.T) {
	srv := llmtest.Start(t)
	srv.PushChat(llmtest.Script{ArgumentPieces: 4, Fault: llmtest.FaultCut, FaultAfter: 3,
		ToolCalls: []llmtest.ScriptToolCall{{Name: "get_weather", Arguments: `{"city":"Paris"}`}}})
	c := collect(newProvider(t, srv, nil), toolRequest("x"))
	if !errors.Is(c.Err, llm.ErrStreamCut) || c.Result.ToolCalls != nil || len(c.ToolDeltas) != 3 {
		t.Fatalf("err %v result %+v deltas %d", c.Err, c.Result, len(c.ToolDeltas))
	}
}

// TestToolCallIndexSkips needs a server the fake would never be: one whose
// second call claims index 2.
func TestToolCallIndexSkips(t *testing.T) {
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		_, _ = w.Write([]byte(`data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"a","type":"function","function":{"name":"f","arguments":"{}"}}]}}]}` + "\n\n" +
			`data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":2,"id":"b","type":"function","function":{"name":"g","arguments":"{}"}}]}}]}` + "\n\n" +
			`data: {"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}` + "\n\ndata: [DONE]\n\n"))
	}))
	defer hs.Close()
	p, _ := New(Options{Preset: llm.PresetCustom, BaseURL: hs.URL})
	c := collect(p, toolRequest("x"))
	if msg := c.ToolCallFailure("Custom OpenAI-compatible", 2, "g", "skips ahead (the next call would be 1)"); msg != "" {
		t.Fatal(msg)
	}
}

// TestToolCallsWithoutIndex: some compatible servers send each call whole
// and without an index; each still becomes its own call.
func TestToolCallsWithoutIndex(t *testing.T) {
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		_, _ = w.Write([]byte(`data: {"choices":[{"index":0,"delta":{"tool_calls":[{"id":"a","type":"function","function":{"name":"f","arguments":"{\"x\":1}"}},{"id":"b","type":"function","function":{"name":"g","arguments":"{}"}}]},"finish_reason":"tool_calls"}]}` + "\n\ndata: [DONE]\n\n"))
	}))
	defer hs.Close()
	p, _ := New(Options{Preset: llm.PresetCustom, BaseURL: hs.URL})
	c := collect(p, toolRequest("x"))
	if c.Err != nil || len(c.Result.ToolCalls) != 2 || c.Result.ToolCalls[0].ID != "a" || string(c.Result.ToolCalls[0].Arguments) != `{"x":1}` || c.Result.ToolCalls[1].Name != "g" {
		t.Fatalf("err %v result %+v", c.Err, c.Result)
	}
}

func sameCall(a, b llm.ToolCall) bool {
	return a.ID == b.ID && a.Name == b.Name && string(a.Arguments) == string(b.Arguments)
}

// A tool message carries only text (OpenAI refuses an image in one): the
// results' images follow them in one user message naming their calls.
func TestToolResultImagesFollowAsAUserMessage(t *testing.T) {
	srv := llmtest.Start(t)
	png := []byte("\x89PNG\r\n\x1a\nfake-png-bytes")
	req := toolRequest("What does the page look like?")
	req.Model = "fake-vision"
	req.Messages = append(req.Messages,
		llm.Message{Role: llm.RoleAssistant, ToolCalls: []llm.ToolCall{
			{ID: "call_1", Name: "screenshot", Arguments: json.RawMessage(`{}`)},
			{ID: "call_2", Name: "get_time"},
		}},
		llm.Message{Role: llm.RoleTool, ToolCallID: "call_1", ToolName: "screenshot", Content: "[image: image/png, 22 bytes]",
			Images: []llm.Image{{MIME: "image/png", Data: png}}},
		llm.Message{Role: llm.RoleTool, ToolCallID: "call_2", ToolName: "get_time", Content: "12:00"},
	)
	c := collect(newProvider(t, srv, nil), req)
	if c.Err != nil {
		t.Fatal(c.Err)
	}
	if c.Text != `Tool results: screenshot returned "[image: image/png, 22 bytes]"; get_time returned "12:00". I see 1 image (image/png, 22 bytes).` {
		t.Fatalf("text %q", c.Text)
	}
	call, _ := srv.LastCall(llmtest.EndpointChat)
	wantMessages := `[{"role":"user","content":"What does the page look like?"},
		{"role":"assistant","content":null,"tool_calls":[
			{"id":"call_1","type":"function","function":{"name":"screenshot","arguments":"{}"}},
			{"id":"call_2","type":"function","function":{"name":"get_time","arguments":"{}"}}]},
		{"role":"tool","content":"[image: image/png, 22 bytes]","tool_call_id":"call_1"},
		{"role":"tool","content":"12:00","tool_call_id":"call_2"},
		{"role":"user","content":[
			{"type":"text","text":"The images the tool calls above returned, in order: 1 from screenshot (call call_1)."},
			{"type":"image_url","image_url":{"url":"data:image/png;base64,` + base64.StdEncoding.EncodeToString(png) + `"}}]}]`
	if !llmtest.SameJSON(call.BodyField("messages"), []byte(wantMessages)) {
		t.Fatalf("messages sent %s", call.BodyField("messages"))
	}
}

// The fake refuses what OpenAI refuses: an image in a tool message.
func TestFakeRefusesImagesInToolMessages(t *testing.T) {
	srv := llmtest.Start(t)
	body := `{"model":"fake-vision","stream":true,"messages":[{"role":"user","content":"hi"},
		{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"shot","arguments":"{}"}}]},
		{"role":"tool","tool_call_id":"call_1","content":[{"type":"text","text":"a shot"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]}]}`
	resp, err := http.Post(srv.OpenAIURL()+"/chat/completions", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	msg, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 400 || !strings.Contains(string(msg), "Image URLs are only allowed for messages with role 'user', but this message with role 'tool' contains an image URL.") {
		t.Fatalf("%d %s", resp.StatusCode, msg)
	}
	// Text parts are a tool message's content too.
	ok := strings.Replace(body, `,{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}`, "", 1)
	resp2, err := http.Post(srv.OpenAIURL()+"/chat/completions", "application/json", strings.NewReader(ok))
	if err != nil {
		t.Fatal(err)
	}
	resp2.Body.Close()
	call, _ := srv.LastCall(llmtest.EndpointChat)
	if resp2.StatusCode != 200 || call.TrailingToolResults()[0].Content != "a shot" {
		t.Fatalf("text parts: %d %+v", resp2.StatusCode, call.Messages)
	}
}

// Mistral refuses a user message right after tool messages: there a
// result's images are left out and its words stay.
func TestMistralGetsToolResultsWithoutImages(t *testing.T) {
	srv := llmtest.Start(t)
	req := toolRequest("What does the page look like?")
	req.Model = "fake-vision"
	req.Messages = append(req.Messages,
		llm.Message{Role: llm.RoleAssistant, ToolCalls: []llm.ToolCall{{ID: "call_1", Name: "screenshot", Arguments: json.RawMessage(`{}`)}}},
		llm.Message{Role: llm.RoleTool, ToolCallID: "call_1", ToolName: "screenshot", Content: "[image: image/png, 22 bytes]",
			Images: []llm.Image{{MIME: "image/png", Data: []byte("\x89PNG\r\n\x1a\nfake-png-bytes")}}},
	)
	c := collect(newProvider(t, srv, func(o *Options) { o.Preset = llm.PresetMistral }), req)
	if c.Err != nil {
		t.Fatal(c.Err)
	}
	call, _ := srv.LastCall(llmtest.EndpointChat)
	if last := call.Messages[len(call.Messages)-1]; last.Role != "tool" || len(call.Images()) != 0 || len(req.Messages[2].Images) != 1 {
		t.Fatalf("messages sent %s", call.BodyField("messages"))
	}
	// A Mistral model behind another server (OpenRouter, vLLM) has the same chat format.
	router := llmtest.Start(t, llmtest.WithModels(llmtest.Model{Name: "mistralai/pixtral-large-2411", Vision: true, Tools: true}))
	req.Model = "mistralai/pixtral-large-2411"
	if c := collect(newProvider(t, router, func(o *Options) { o.Preset = llm.PresetOpenRouter }), req); c.Err != nil {
		t.Fatal(c.Err)
	}
	call, _ = router.LastCall(llmtest.EndpointChat)
	if last := call.Messages[len(call.Messages)-1]; last.Role != "tool" || len(call.Images()) != 0 {
		t.Fatalf("messages sent to a Mistral model through OpenRouter %s", call.BodyField("messages"))
	}
}
