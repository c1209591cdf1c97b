package anthropic

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"bookbag/backend/llm"
	"bookbag/backend/llm/llmtest"
)

func toolRequest(question string) llm.ChatRequest {
	return llm.ChatRequest{Model: "fake-chat", Messages: []llm.Message{{Role: llm.RoleUser, Content: question}},
		Tools: llmtest.SampleTools(), Params: llm.Params{MaxTokens: 500}}
}

func collect(p llm.Provider, req llm.ChatRequest) llmtest.Collected {
	return llmtest.Collect(context.Background(), p, req)
}

func TestToolCallSingle(t *testing.T) {
	srv := llmtest.Start(t, llmtest.WithAPIKey(testKey))
	srv.PushChat(llmtest.Script{Text: []string{"Let me check."}, ArgumentPieces: 3,
		ToolCalls: []llmtest.ScriptToolCall{{ID: "toolu_w1", Name: "get_weather", Arguments: `{"city":"Paris"}`}}})
	req := toolRequest("Weather in Paris?")
	req.ToolChoice = llm.ToolChoiceRequired
	c := collect(newProvider(t, srv, nil), req)
	if c.Err != nil {
		t.Fatal(c.Err)
	}
	if c.Text != "Let me check." || len(c.Result.ToolCalls) != 1 || c.Result.FinishReason != llm.FinishToolCalls || !c.Result.UsageKnown {
		t.Fatalf("text %q result %+v", c.Text, c.Result)
	}
	if got := c.Result.ToolCalls[0]; got.ID != "toolu_w1" || got.Name != "get_weather" || string(got.Arguments) != `{"city":"Paris"}` {
		t.Fatalf("call %+v", got)
	}
	// content_block_start shows id and name, then the three fragments (the
	// API's empty first input_json_delta is not shown).
	if len(c.ToolDeltas) != 4 || c.ToolDeltas[0].ID != "toolu_w1" || c.ToolDeltas[0].Name != "get_weather" || c.ToolArguments(0) != `{"city":"Paris"}` {
		t.Fatalf("deltas %+v", c.ToolDeltas)
	}
	call, _ := srv.LastCall(llmtest.EndpointChat)
	// required is Anthropic's "any"; every keyword of the schema arrives.
	wantTools := `[{"name":"get_weather","description":"The weather in a city now.","input_schema":` + llmtest.WeatherSchema + `},
		{"name":"get_time","description":"The time now.","input_schema":{"type":"object","properties":{}}}]`
	if call.ToolChoice != "any" || !llmtest.SameJSON(call.BodyField("tools"), []byte(wantTools)) {
		t.Fatalf("tool choice %q tools %s", call.ToolChoice, call.BodyField("tools"))
	}
}

func TestToolCallsParallel(t *testing.T) {
	srv := llmtest.Start(t)
	srv.PushChat(llmtest.Script{Thinking: []string{"Two cities."}, Text: []string{"Checking both."}, ArgumentPieces: 3,
		ToolCalls: []llmtest.ScriptToolCall{
			{Name: "get_weather", Arguments: `{"city":"Paris"}`},
			{Name: "get_weather", Arguments: `{"city":"Zürich"}`},
			{Name: "get_time"},
		}})
	c := collect(newProvider(t, srv, nil), toolRequest("Weather in Paris and Zürich, and the time?"))
	if c.Err != nil || c.Thinking != "Two cities." || c.Text != "Checking both." || len(c.Result.ToolCalls) != 3 {
		t.Fatalf("err %v thinking %q text %q result %+v", c.Err, c.Thinking, c.Text, c.Result)
	}
	args := []string{`{"city":"Paris"}`, `{"city":"Zürich"}`, `{}`}
	for i, tc := range c.Result.ToolCalls {
		if !strings.HasPrefix(tc.ID, "toolu_") || string(tc.Arguments) != args[i] || c.ToolArguments(i) != strings.TrimSuffix(args[i], "{}") {
			t.Fatalf("call %d: %+v (streamed %q)", i, tc, c.ToolArguments(i))
		}
	}
	if c.Result.ToolCalls[0].ID == c.Result.ToolCalls[1].ID {
		t.Fatal("two calls share an id")
	}
}

func TestToolHistoryRoundTrip(t *testing.T) {
	srv := llmtest.Start(t)
	req := toolRequest("Weather in Paris, and the time?")
	req.Messages = append(req.Messages,
		llm.Message{Role: llm.RoleAssistant, Content: "Let me look.", ToolCalls: []llm.ToolCall{
			{ID: "toolu_1", Name: "get_weather", Arguments: json.RawMessage(`{"city":"Paris"}`)},
			{ID: "toolu_2", Name: "get_time"},
			{ID: "toolu_3", Name: "get_time"},
		}},
		llm.Message{Role: llm.RoleTool, ToolCallID: "toolu_1", Content: "Sunny, 21 C"},
		llm.Message{Role: llm.RoleTool, ToolCallID: "toolu_2", Content: "clock broken", IsError: true},
		llm.Message{Role: llm.RoleTool, ToolCallID: "toolu_3"}, // empty: a result without content
	)
	c := collect(newProvider(t, srv, nil), req)
	if c.Err != nil {
		t.Fatal(c.Err)
	}
	if c.Text != `Tool results: get_weather returned "Sunny, 21 C"; get_time failed with "clock broken"; get_time returned "".` || c.Result.ToolCalls != nil {
		t.Fatalf("text %q result %+v", c.Text, c.Result)
	}
	call, _ := srv.LastCall(llmtest.EndpointChat)
	// The three results are one user message, as the API requires.
	wantMessages := `[{"role":"user","content":[{"type":"text","text":"Weather in Paris, and the time?"}]},
		{"role":"assistant","content":[{"type":"text","text":"Let me look."},
			{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Paris"}},
			{"type":"tool_use","id":"toolu_2","name":"get_time","input":{}},
			{"type":"tool_use","id":"toolu_3","name":"get_time","input":{}}]},
		{"role":"user","content":[
			{"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"Sunny, 21 C"}]},
			{"type":"tool_result","tool_use_id":"toolu_2","is_error":true,"content":[{"type":"text","text":"clock broken"}]},
			{"type":"tool_result","tool_use_id":"toolu_3"}]}]`
	if !llmtest.SameJSON(call.BodyField("messages"), []byte(wantMessages)) {
		t.Fatalf("messages sent %s", call.BodyField("messages"))
	}
}

func TestToolChoiceSent(t *testing.T) {
	srv := llmtest.Start(t)
	p := newProvider(t, srv, nil)
	for choice, want := range map[string]string{"": "", llm.ToolChoiceAuto: `{"type":"auto"}`, llm.ToolChoiceNone: `{"type":"none"}`, llm.ToolChoiceRequired: `{"type":"any"}`} {
		req := toolRequest("x")
		req.ToolChoice = choice
		if c := collect(p, req); c.Err != nil {
			t.Fatal(c.Err)
		}
		call, _ := srv.LastCall(llmtest.EndpointChat)
		if got := call.BodyField("tool_choice"); (want == "" && got != nil) || (want != "" && !llmtest.SameJSON(got, []byte(want))) {
			t.Fatalf("%q: tool_choice %s", choice, got)
		}
	}
	req := hello("fake-chat")
	req.Params.MaxTokens, req.ToolChoice = 10, llm.ToolChoiceNone
	if c := collect(p, req); c.Err != nil {
		t.Fatal(c.Err)
	}
	if call, _ := srv.LastCall(llmtest.EndpointChat); call.BodyField("tools") != nil || call.BodyField("tool_choice") != nil {
		t.Fatalf("body %s", call.Body)
	}
}

func TestToolEchoDirective(t *testing.T) {
	srv := llmtest.Start(t)
	p := newProvider(t, srv, nil)
	req := toolRequest(`Weather? [[tool get_weather {"city":"Paris"}]] [[tool get_time]]`)
	c := collect(p, req)
	if c.Err != nil || len(c.Result.ToolCalls) != 2 || c.Result.FinishReason != llm.FinishToolCalls {
		t.Fatalf("result %+v err %v", c.Result, c.Err)
	}
	if w := c.Result.ToolCalls[0]; w.Name != "get_weather" || string(w.Arguments) != `{"city":"Paris"}` || !strings.HasPrefix(w.ID, "toolu_") {
		t.Fatalf("call %+v", w)
	}
	req.Messages = c.Answered(req, map[string]string{"get_weather": "Sunny", "get_time": "12:00"}, "get_time")
	c = collect(p, req)
	if c.Err != nil || c.Text != `Tool results: get_weather returned "Sunny"; get_time failed with "12:00".` {
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
		{"arguments not an object", llmtest.ScriptToolCall{Name: "get_weather", Arguments: `"Paris"`}, "get_weather", "not a JSON object"},
		{"no name", llmtest.ScriptToolCall{Arguments: `{}`}, "", "no name"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := llmtest.Start(t)
			srv.PushChat(llmtest.Script{ArgumentPieces: 2, ToolCalls: []llmtest.ScriptToolCall{{Name: "get_time"}, tc.call}})
			c := collect(newProvider(t, srv, nil), toolRequest("x"))
			if msg := c.ToolCallFailure("Anthropic", 1, tc.tool, tc.reason); msg != "" {
				t.Fatal(msg)
			}
		})
	}
}

// TestToolArgumentsForAnotherBlock: input_json_delta for a block that is
// no tool_use is Anthropic's way of an index that jumps.
func TestToolArgumentsForAnotherBlock(t *testing.T) {
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		ev := func(name, data string) { _, _ = w.Write([]byte("event: " + name + "\ndata: " + data + "\n\n")) }
		ev("message_start", `{"type":"message_start","message":{"id":"m","type":"message","role":"assistant","model":"x","content":[],"usage":{"input_tokens":1,"output_tokens":1}}}`)
		ev("content_block_start", `{"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_a","name":"f","input":{}}}`)
		ev("content_block_delta", `{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{}"}}`)
		ev("content_block_stop", `{"type":"content_block_stop","index":0}`)
		ev("message_delta", `{"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":3}}`)
		ev("message_stop", `{"type":"message_stop"}`)
	}))
	defer hs.Close()
	p, _ := New(Options{BaseURL: hs.URL})
	c := collect(p, toolRequest("x"))
	if msg := c.ToolCallFailure("Anthropic", 1, "", "content block 1"); msg != "" {
		t.Fatal(msg)
	}
}

// With thinking on, the API takes the results of a turn's calls only after
// that turn's thinking blocks, given back unchanged (signature included):
// the result carries them and the next request sends them first.
func TestThinkingBlocksGoBackWithToolResults(t *testing.T) {
	srv := llmtest.Start(t)
	p := newProvider(t, srv, nil)
	on := true
	req := llm.ChatRequest{Model: "fake-think", Messages: []llm.Message{{Role: llm.RoleUser, Content: "Weather in Paris?"}},
		Tools: llmtest.SampleTools(), Params: llm.Params{Think: &on}}
	srv.PushChat(llmtest.Script{Thinking: []string{"The user wants ", "the weather."},
		ToolCalls: []llmtest.ScriptToolCall{{ID: "toolu_w1", Name: "get_weather", Arguments: `{"city":"Paris"}`}}})
	c := collect(p, req)
	if c.Err != nil || len(c.Result.ToolCalls) != 1 || len(c.Result.ThinkingBlocks) != 1 {
		t.Fatalf("err %v result %+v", c.Err, c.Result)
	}
	want := `{"type":"thinking","thinking":"The user wants the weather.","signature":"fakesig"}`
	if !llmtest.SameJSON(c.Result.ThinkingBlocks[0], []byte(want)) {
		t.Fatalf("thinking block %s", c.Result.ThinkingBlocks[0])
	}
	asked := llm.Message{Role: llm.RoleAssistant, ToolCalls: c.Result.ToolCalls, ThinkingBlocks: c.Result.ThinkingBlocks}
	result := llm.Message{Role: llm.RoleTool, ToolCallID: "toolu_w1", Content: "18 °C, sunny"}
	req.Messages = append(req.Messages, asked, result)
	srv.PushChat(llmtest.Script{Text: []string{"Sunny, 18 °C."}})
	if c := collect(p, req); c.Err != nil || c.Text != "Sunny, 18 °C." {
		t.Fatalf("with the thinking given back: %v %q", c.Err, c.Text)
	}
	call, _ := srv.LastCall(llmtest.EndpointChat)
	var msgs []struct {
		Content []json.RawMessage `json:"content"`
	}
	if err := json.Unmarshal(call.BodyField("messages"), &msgs); err != nil || len(msgs) != 3 || !llmtest.SameJSON(msgs[1].Content[0], []byte(want)) {
		t.Fatalf("the assistant turn as sent: %s", call.BodyField("messages"))
	}
	// Without it the API refuses, as the real one does.
	req.Messages[1].ThinkingBlocks = nil
	if c := collect(p, req); c.Err == nil || !strings.Contains(c.Err.Error(), "must start with a thinking block") {
		t.Fatalf("without the thinking: %v", c.Err)
	}
}

// A result's images go inside its tool_result, after its text, as base64
// image blocks.
func TestToolResultImagesInsideTheResult(t *testing.T) {
	srv := llmtest.Start(t)
	png := []byte("\x89PNG\r\n\x1a\nfake-png-bytes")
	req := toolRequest("What does the page look like?")
	req.Model = "fake-vision"
	req.Messages = append(req.Messages,
		llm.Message{Role: llm.RoleAssistant, ToolCalls: []llm.ToolCall{{ID: "toolu_1", Name: "screenshot", Arguments: json.RawMessage(`{}`)}}},
		llm.Message{Role: llm.RoleTool, ToolCallID: "toolu_1", ToolName: "screenshot", Content: "[image: image/png, 22 bytes]",
			Images: []llm.Image{{MIME: "image/png", Data: png}, {MIME: "image/png", Data: png}}},
	)
	c := collect(newProvider(t, srv, nil), req)
	if c.Err != nil {
		t.Fatal(c.Err)
	}
	if c.Text != `Tool results: screenshot returned "[image: image/png, 22 bytes]". I see 2 images (image/png, 22 bytes; image/png, 22 bytes).` {
		t.Fatalf("text %q", c.Text)
	}
	call, _ := srv.LastCall(llmtest.EndpointChat)
	img := `{"type":"image","source":{"type":"base64","media_type":"image/png","data":"` + base64.StdEncoding.EncodeToString(png) + `"}}`
	wantMessages := `[{"role":"user","content":[{"type":"text","text":"What does the page look like?"}]},
		{"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"screenshot","input":{}}]},
		{"role":"user","content":[
			{"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"[image: image/png, 22 bytes]"},` + img + `,` + img + `]}]}]`
	if !llmtest.SameJSON(call.BodyField("messages"), []byte(wantMessages)) {
		t.Fatalf("messages sent %s", call.BodyField("messages"))
	}
}

// The fake refuses the image blocks in a tool_result the API refuses.
func TestFakeChecksImagesInToolResults(t *testing.T) {
	srv := llmtest.Start(t)
	for _, c := range []struct{ block, want string }{
		{`{"type":"image","source":{"type":"base64","media_type":"image/bmp","data":"Qk0="}}`,
			"messages.2.content.0.tool_result.content.1.image.source.base64.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'"},
		{`{"type":"image","source":{"type":"file","file_id":"f"}}`,
			"messages.2.content.0.tool_result.content.1.image.source: Input tag 'file' found"},
		{`{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}`,
			"messages.2.content.0.tool_result.content.1: Input tag 'image_url' found"},
	} {
		body := `{"model":"fake-vision","max_tokens":100,"stream":true,"messages":[{"role":"user","content":"hi"},
			{"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"shot","input":{}}]},
			{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"a shot"},` + c.block + `]}]}]}`
		resp, err := http.Post(srv.AnthropicURL()+"/v1/messages", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		msg, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 400 || !strings.Contains(string(msg), c.want) {
			t.Errorf("%s: %d %s", c.block, resp.StatusCode, msg)
		}
	}
}
