package llmtest

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ollama/ollama/api"
	goopenai "github.com/sashabaranov/go-openai"
)

func TestEchoToolDirectives(t *testing.T) {
	m := DefaultModels()[0]
	cases := []struct {
		text  string
		calls []ScriptToolCall
	}{
		{`Weather? [[tool get_weather {"city":"Paris"}]] and [[tool get_time]]`,
			[]ScriptToolCall{{Name: "get_weather", Arguments: `{"city":"Paris"}`}, {Name: "get_time"}}},
		{`[[tool f {"a":[[1]], "b":"]]"}]]`, []ScriptToolCall{{Name: "f", Arguments: `{"a":[[1]], "b":"]]"}`}}},
		{`[[tool f {"city": ]]`, []ScriptToolCall{{Name: "f", Arguments: `{"city":`}}},
		{`[[tool {"a":1}]]`, []ScriptToolCall{{Arguments: `{"a":1}`}}},
		{`[[tool]]`, []ScriptToolCall{{}}},
		{`[[tool f 5]]`, []ScriptToolCall{{Name: "f", Arguments: `5`}}},
	}
	for _, tc := range cases {
		s := Echo(call(tc.text), m)
		if len(s.ToolCalls) != len(tc.calls) || s.Text != nil || s.ArgumentPieces != ArgumentPieces || finishOr(s) != "tool_calls" {
			t.Errorf("%s: %+v", tc.text, s)
			continue
		}
		for i := range tc.calls {
			if s.ToolCalls[i] != tc.calls[i] {
				t.Errorf("%s: call %d %+v", tc.text, i, s.ToolCalls[i])
			}
		}
	}
	// Not directives: a longer word, an unclosed one.
	for _, text := range []string{"[[toolbox]] x", `[[tool f {"a":1}`} {
		if s := Echo(call(text), m); s.ToolCalls != nil || len(s.Text) == 0 {
			t.Errorf("%s: %+v", text, s)
		}
	}
	// The question quoted by [[think]] has no directives left.
	s := Echo(call(`Why? [[tool f {}]] [[think]]`), m)
	if strings.Join(s.Thinking, "") != "Thinking about the question: Why?" || len(s.ToolCalls) != 1 {
		t.Fatalf("%+v", s)
	}
	if s := Echo(call(`[[tool f {"a":"bcdef"}]] [[cut]]`), m); s.Fault != FaultCut || s.FaultAfter != deltas(s)/2 || deltas(s) != 4 {
		t.Fatalf("cut: %+v", s)
	}
	if s := Echo(call(`[[tool f {}]] [[429]]`), m); s.Status != 429 {
		t.Fatalf("429: %+v", s)
	}
}

func TestEchoAnswersToolResults(t *testing.T) {
	c := call(`Weather? [[tool get_weather {"city":"Paris"}]] [[429]] [[slow 5]]`)
	c.Messages = append(c.Messages,
		Message{Role: "assistant", ToolCalls: []ToolCall{{ID: "a", Name: "get_weather"}, {ID: "b", Name: "get_time"}}},
		Message{Role: "tool", ToolResults: []ToolResult{{CallID: "a", Content: "Sunny,  21 C"}}},
		Message{Role: "tool", ToolResults: []ToolResult{{CallID: "b", Content: "no clock", IsError: true}}},
		Message{Role: "tool", ToolResults: []ToolResult{{CallID: "zz", Content: "?"}}},
	)
	s := Echo(c, DefaultModels()[0])
	// The earlier [[429]] and [[tool]] were answered already; [[slow]] applies.
	if got := strings.Join(s.Text, ""); got != `Tool results: get_weather returned "Sunny, 21 C"; get_time failed with "no clock"; zz returned "?".` ||
		s.Status != 0 || s.ToolCalls != nil || s.DeltaDelay == 0 {
		t.Fatalf("%q %+v", got, s)
	}
	// Anthropic: one user message holds the results; a tool message before
	// the assistant turn is not part of them.
	c = call("x")
	c.Messages = []Message{
		{Role: "user", ToolResults: []ToolResult{{CallID: "old", Content: "stale"}}},
		{Role: "assistant", ToolCalls: []ToolCall{{ID: "t1", Name: "f"}}},
		{Role: "user", ToolResults: []ToolResult{{CallID: "t1", Content: "ok"}}},
	}
	if got := strings.Join(Echo(c, DefaultModels()[0]).Text, ""); got != `Tool results: f returned "ok".` {
		t.Fatalf("%q", got)
	}
}

func TestOpenAIToolStreamBytes(t *testing.T) {
	srv := Start(t)
	srv.PushChat(Script{ArgumentPieces: 2, InterleaveToolCalls: true, ToolCalls: []ScriptToolCall{
		{ID: "call_a", Name: "f", Arguments: `{"x":1}`}, {Name: "g", Arguments: `{}`}}})
	_, lines := post(t, srv.OpenAIURL()+"/chat/completions", `{"model":"m","stream":true,"messages":[{"role":"user","content":"x"}]}`)
	wantLines(t, lines, "data: ",
		`"delta":{"content":"","role":"assistant"}`,
		`"delta":{"tool_calls":[{"function":{"arguments":"","name":"f"},"id":"call_a","index":0,"type":"function"}]}`,
		`"delta":{"tool_calls":[{"function":{"arguments":"","name":"g"},"id":"call_001","index":1,"type":"function"}]}`,
		`"delta":{"tool_calls":[{"function":{"arguments":"{\"x\""},"index":0}]}`,
		`"delta":{"tool_calls":[{"function":{"arguments":"{"},"index":1}]}`,
		`"delta":{"tool_calls":[{"function":{"arguments":":1}"},"index":0}]}`,
		`"delta":{"tool_calls":[{"function":{"arguments":"}"},"index":1}]}`,
		`"finish_reason":"tool_calls"`,
		`data: [DONE]`)
}

// TestOpenAIToolStreamWithGoOpenAI reads the fake's tool calls with
// go-openai's own stream types.
func TestOpenAIToolStreamWithGoOpenAI(t *testing.T) {
	srv := Start(t)
	srv.PushChat(Script{ArgumentPieces: 3, ToolCalls: []ScriptToolCall{{ID: "call_x", Name: "get_weather", Arguments: `{"city":"Paris"}`}}})
	cfg := goopenai.DefaultConfig("k")
	cfg.BaseURL = srv.OpenAIURL()
	stream, err := goopenai.NewClientWithConfig(cfg).CreateChatCompletionStream(context.Background(), goopenai.ChatCompletionRequest{
		Model: "gpt-4o", Messages: []goopenai.ChatCompletionMessage{{Role: "user", Content: "x"}}})
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Close()
	var id, name, args string
	var finish goopenai.FinishReason
	for {
		r, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range r.Choices[0].Delta.ToolCalls {
			if tc.Index == nil || *tc.Index != 0 {
				t.Fatalf("index %v", tc.Index)
			}
			id, name, args = id+tc.ID, name+tc.Function.Name, args+tc.Function.Arguments
		}
		if r.Choices[0].FinishReason != "" {
			finish = r.Choices[0].FinishReason
		}
	}
	if id != "call_x" || name != "get_weather" || args != `{"city":"Paris"}` || finish != goopenai.FinishReasonToolCalls {
		t.Fatalf("id %q name %q args %q finish %q", id, name, args, finish)
	}
}

func TestAnthropicToolStreamBytes(t *testing.T) {
	srv := Start(t)
	srv.PushChat(Script{Text: []string{"ok"}, ArgumentPieces: 2, ToolCalls: []ScriptToolCall{{Name: "f", Arguments: `{"x":1}`}, {ID: "toolu_b", Name: "g"}}})
	_, lines := post(t, srv.AnthropicURL()+"/v1/messages", `{"model":"m","max_tokens":10,"stream":true,"messages":[{"role":"user","content":"x"}]}`)
	var data []string
	for _, l := range lines {
		if strings.HasPrefix(l, "data: ") {
			data = append(data, l)
		}
	}
	wantLines(t, data, "data: ",
		`"type":"message_start"`, `"type":"ping"`,
		`{"content_block":{"text":"","type":"text"},"index":0,"type":"content_block_start"}`,
		`"delta":{"text":"ok","type":"text_delta"}`,
		`{"index":0,"type":"content_block_stop"}`,
		`{"content_block":{"id":"toolu_001","input":{},"name":"f","type":"tool_use"},"index":1,"type":"content_block_start"}`,
		`{"delta":{"partial_json":"","type":"input_json_delta"},"index":1,"type":"content_block_delta"}`,
		`{"delta":{"partial_json":"{\"x\"","type":"input_json_delta"},"index":1,"type":"content_block_delta"}`,
		`{"delta":{"partial_json":":1}","type":"input_json_delta"},"index":1,"type":"content_block_delta"}`,
		`{"index":1,"type":"content_block_stop"}`,
		`{"content_block":{"id":"toolu_b","input":{},"name":"g","type":"tool_use"},"index":2,"type":"content_block_start"}`,
		`{"delta":{"partial_json":"","type":"input_json_delta"},"index":2,"type":"content_block_delta"}`,
		`{"index":2,"type":"content_block_stop"}`,
		`"stop_reason":"tool_use"`,
		`"type":"message_stop"`)
}

// TestOllamaToolStreamWithClient reads the fake's tool calls with
// ollama/api's own client.
func TestOllamaToolStreamWithClient(t *testing.T) {
	srv := Start(t)
	srv.PushChat(Script{ToolCalls: []ScriptToolCall{{Name: "get_weather", Arguments: `{"city":"Paris","days":2}`}, {ID: "call_b", Name: "get_time"}}})
	u, _ := url.Parse(srv.OllamaURL())
	var calls []api.ToolCall
	var reason string
	err := api.NewClient(u, http.DefaultClient).Chat(context.Background(), &api.ChatRequest{Model: "fake-chat",
		Messages: []api.Message{{Role: "user", Content: "x"}}}, func(r api.ChatResponse) error {
		calls = append(calls, r.Message.ToolCalls...)
		if r.Done {
			reason = r.DoneReason
		}
		return nil
	})
	if err != nil || len(calls) != 2 || reason != "stop" {
		t.Fatalf("err %v calls %+v reason %q", err, calls, reason)
	}
	city, _ := calls[0].Function.Arguments.Get("city")
	if calls[0].ID != "" || calls[0].Function.Name != "get_weather" || city != "Paris" || calls[0].Function.Arguments.String() != `{"city":"Paris","days":2}` ||
		calls[1].ID != "call_b" || calls[1].Function.Index != 1 || calls[1].Function.Arguments.Len() != 0 {
		t.Fatalf("calls %+v", calls)
	}
}

func TestToolRules(t *testing.T) {
	srv := Start(t)
	openai := srv.OpenAIURL() + "/chat/completions"
	anthropic := srv.AnthropicURL() + "/v1/messages"
	const asked = `{"role":"assistant","tool_calls":[{"id":"a","type":"function","function":{"name":"f","arguments":"{}"}},{"id":"b","type":"function","function":{"name":"f","arguments":"{}"}}]}`
	const used = `{"role":"assistant","content":[{"type":"tool_use","id":"a","name":"f","input":{}},{"type":"tool_use","id":"b","name":"f","input":{}}]}`
	cases := []struct {
		url, body string
		status    int
		has       string
	}{
		{openai, `{"model":"fake-chat","messages":[{"role":"user","content":"x"},` + asked + `,{"role":"tool","tool_call_id":"a","content":"1"}]}`,
			400, "The following tool_call_ids did not have response messages: b"},
		{openai, `{"model":"fake-chat","messages":[{"role":"user","content":"x"},{"role":"tool","tool_call_id":"a","content":"1"}]}`,
			400, "must be a response to a preceeding message with 'tool_calls'"},
		{openai, `{"model":"fake-chat","messages":[{"role":"user","content":"x"},` + asked + `,{"role":"tool","tool_call_id":"a","content":"1"},{"role":"tool","tool_call_id":"b"}]}`,
			400, "Missing required parameter: 'messages[3].content'"},
		{openai, `{"model":"fake-chat","messages":[{"role":"user","content":"x"},{"role":"assistant","tool_calls":[{"id":"a","type":"function","function":{"name":"f","arguments":{}}}]}]}`,
			400, "expected a string, but got an object instead"},
		{openai, `{"model":"fake-chat","tool_choice":"auto","messages":[{"role":"user","content":"x"}]}`,
			400, "'tool_choice' is only allowed when 'tools' are specified"},
		{openai, `{"model":"fake-chat","messages":[{"role":"user","content":"x"},` + asked + `,{"role":"tool","tool_call_id":"b","content":""},{"role":"tool","tool_call_id":"a","content":"1"}]}`,
			200, `Tool results: f returned \"\"; f returned \"1\".`},
		// Results in two user messages instead of one.
		{anthropic, `{"model":"fake-chat","max_tokens":9,"messages":[{"role":"user","content":"x"},` + used + `,{"role":"user","content":[{"type":"tool_result","tool_use_id":"a"}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"b"}]}]}`,
			400, "messages.1: `tool_use` ids were found without `tool_result` blocks immediately after: b."},
		{anthropic, `{"model":"fake-chat","max_tokens":9,"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"zz"}]}]}`,
			400, "unexpected `tool_use_id` found in `tool_result` blocks: zz"},
		{anthropic, `{"model":"fake-chat","max_tokens":9,"messages":[{"role":"user","content":"x"},` + used + `,{"role":"user","content":[{"type":"tool_result","tool_use_id":"a","content":[{"type":"text","text":""}]},{"type":"tool_result","tool_use_id":"b"}]}]}`,
			400, "text content blocks must be non-empty"},
		{anthropic, `{"model":"fake-chat","max_tokens":9,"messages":[{"role":"user","content":"x"},{"role":"assistant","content":[{"type":"tool_use","id":"a","name":"f","input":"{}"}]}]}`,
			400, "Input should be a valid dictionary"},
		{anthropic, `{"model":"fake-chat","max_tokens":9,"tools":[{"name":"f","input_schema":{"type":"string"}}],"messages":[{"role":"user","content":"x"}]}`,
			400, "input_schema.type: Input should be 'object'"},
		{anthropic, `{"model":"fake-chat","max_tokens":99,"messages":[{"role":"user","content":"x"},` + used + `,{"role":"user","content":[{"type":"tool_result","tool_use_id":"b","content":"two"},{"type":"tool_result","tool_use_id":"a","is_error":true,"content":"one"}]}]}`,
			200, `Tool results: f returned \"two\"; f failed with \"one\".`},
		{srv.OllamaURL() + "/api/chat", `{"model":"fake-embed","tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}],"messages":[{"role":"user","content":"x"}]}`,
			400, `\"fake-embed\" does not support tools`},
	}
	for i, tc := range cases {
		resp, lines := post(t, tc.url, tc.body)
		if body := strings.Join(lines, "\n"); resp.StatusCode != tc.status || !strings.Contains(body, tc.has) {
			t.Errorf("case %d: %d %s", i, resp.StatusCode, body)
		}
	}
}

func TestRecordedToolChoice(t *testing.T) {
	srv := Start(t)
	post(t, srv.OpenAIURL()+"/chat/completions", `{"model":"fake-chat","tools":[{"type":"function","function":{"name":"f","parameters":{}}}],"tool_choice":{"type":"function","function":{"name":"f"}},"messages":[{"role":"user","content":"x"}]}`)
	if c, _ := srv.LastCall(EndpointChat); c.ToolChoice != "function:f" || len(c.Tools) != 1 || c.Tools[0].Type != "function" || string(c.Tools[0].Parameters) != "{}" {
		t.Fatalf("openai %+v", c)
	}
	post(t, srv.AnthropicURL()+"/v1/messages", `{"model":"fake-chat","max_tokens":9,"tools":[{"name":"f","description":"d","input_schema":{"type":"object"}}],"tool_choice":{"type":"tool","name":"f"},"messages":[{"role":"user","content":"x"}]}`)
	if c, _ := srv.LastCall(EndpointChat); c.ToolChoice != "tool:f" || c.Tools[0].Description != "d" {
		t.Fatalf("anthropic %+v", c)
	}
}
