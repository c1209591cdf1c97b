package llmtest

import (
	"encoding/json"
	"fmt"
	"strings"
)

// The tool parts of OpenAI's chat-completions request and answer.

type openaiTool struct {
	Type     string `json:"type"`
	Function *struct {
		Name        string          `json:"name"`
		Description string          `json:"description"`
		Parameters  json.RawMessage `json:"parameters"`
	} `json:"function"`
}

type openaiToolCall struct {
	ID       string `json:"id"`
	Type     string `json:"type"`
	Function struct {
		Name      string          `json:"name"`
		Arguments json.RawMessage `json:"arguments"`
	} `json:"function"`
}

// badRequest is a request the real API refuses with this message (400).
type badRequest string

func (b badRequest) Error() string { return string(b) }

// parseOpenAITools records tools and tool_choice, refusing what OpenAI
// refuses.
func parseOpenAITools(c *Call, req *openaiRequest) error {
	for i, t := range req.Tools {
		if t.Function == nil {
			return badRequest(fmt.Sprintf("Missing required parameter: 'tools[%d].function'.", i))
		}
		if t.Function.Name == "" {
			return badRequest(fmt.Sprintf("Missing required parameter: 'tools[%d].function.name'.", i))
		}
		if t.Type != "function" {
			return badRequest(fmt.Sprintf("Invalid value: '%s'. Supported values are: 'function' and 'custom'.", t.Type))
		}
		c.Tools = append(c.Tools, Tool{Type: t.Type, Name: t.Function.Name, Description: t.Function.Description, Parameters: t.Function.Parameters})
	}
	if len(req.ToolChoice) > 0 && string(req.ToolChoice) != "null" {
		var s string
		var obj struct {
			Function struct {
				Name string `json:"name"`
			} `json:"function"`
		}
		switch {
		case json.Unmarshal(req.ToolChoice, &s) == nil:
			c.ToolChoice = s
		case json.Unmarshal(req.ToolChoice, &obj) == nil:
			c.ToolChoice = "function:" + obj.Function.Name
		default:
			return badRequest("Invalid type for 'tool_choice'.")
		}
		if len(c.Tools) == 0 {
			return badRequest("Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.")
		}
	}
	return nil
}

// parseOpenAIToolParts records an assistant message's tool_calls or a tool
// message's result into msg.
func parseOpenAIToolParts(msg *Message, i int, m openaiMessage) error {
	for j, tc := range m.ToolCalls {
		var args string
		if err := json.Unmarshal(tc.Function.Arguments, &args); err != nil {
			return badRequest(fmt.Sprintf("Invalid type for 'messages[%d].tool_calls[%d].function.arguments': expected a string, but got %s instead.", i, j, jsonKind(tc.Function.Arguments)))
		}
		msg.ToolCalls = append(msg.ToolCalls, ToolCall{ID: tc.ID, Type: tc.Type, Name: tc.Function.Name, Arguments: args})
	}
	if m.Role != "tool" {
		return nil
	}
	// A string, or text parts (an image part is refused with the other
	// messages' parts, see checkOpenAIImageRole).
	var content string
	var parts []struct {
		Type string `json:"type"`
		Text string `json:"text"`
	}
	switch {
	case string(m.Content) == "null" || len(m.Content) == 0:
		return badRequest(fmt.Sprintf("Missing required parameter: 'messages[%d].content'.", i))
	case json.Unmarshal(m.Content, &content) == nil:
	case json.Unmarshal(m.Content, &parts) == nil:
		var texts []string
		for _, p := range parts {
			texts = append(texts, p.Text)
		}
		content = strings.Join(texts, "\n")
	default:
		return badRequest(fmt.Sprintf("Invalid type for 'messages[%d].content': expected one of a string or array of objects, but got %s instead.", i, jsonKind(m.Content)))
	}
	msg.ToolResults = []ToolResult{{CallID: m.ToolCallID, Content: content}}
	return nil
}

// checkOpenAIImageRole is OpenAI's rule that only user messages carry
// images: a tool result's image goes in a user message after it.
func checkOpenAIImageRole(i int, role string) error {
	if role == "user" {
		return nil
	}
	return badRequest(fmt.Sprintf("Invalid 'messages[%d]'. Image URLs are only allowed for messages with role 'user', but this message with role '%s' contains an image URL.", i, role))
}

// checkOpenAIToolHistory applies OpenAI's rules: every tool message answers
// a call of the assistant message before it, and every call is answered
// before the conversation goes on.
func checkOpenAIToolHistory(msgs []openaiMessage) error {
	var pending []string // ids of the last assistant message not answered yet
	for i, m := range msgs {
		if m.Role == "tool" {
			if m.ToolCallID == "" {
				return badRequest(fmt.Sprintf("Missing required parameter: 'messages[%d].tool_call_id'.", i))
			}
			k := indexOf(pending, m.ToolCallID)
			if k < 0 {
				return badRequest("Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.")
			}
			pending = append(pending[:k:k], pending[k+1:]...)
			continue
		}
		if len(pending) > 0 {
			break
		}
		pending = nil
		for _, tc := range m.ToolCalls {
			if tc.Type != "function" {
				return badRequest(fmt.Sprintf("Invalid value for 'messages[%d].tool_calls.type': expected 'function'.", i))
			}
			pending = append(pending, tc.ID)
		}
	}
	if len(pending) > 0 {
		return badRequest("An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: " + strings.Join(pending, ", "))
	}
	return nil
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// jsonKind names the JSON type of raw, as OpenAI's type errors do.
func jsonKind(raw json.RawMessage) string {
	switch t := strings.TrimSpace(string(raw)); {
	case t == "" || t == "null":
		return "null"
	case t[0] == '{':
		return "an object"
	case t[0] == '[':
		return "an array"
	case t[0] == '"':
		return "a string"
	case t == "true" || t == "false":
		return "a boolean"
	}
	return "a number"
}

// openaiToolCallsJSON is a non-streamed answer's message.tool_calls.
func openaiToolCallsJSON(calls []ScriptToolCall) []any {
	out := make([]any, len(calls))
	for i, tc := range calls {
		out[i] = map[string]any{"id": tc.ID, "type": "function", "function": map[string]any{"name": tc.Name, "arguments": tc.Arguments}}
	}
	return out
}

func (o *openaiStream) interleaves() bool { return true }

// toolStart sends the call's first chunk as OpenAI does: index, id, type,
// name and empty arguments.
func (o *openaiStream) toolStart(i int, tc ScriptToolCall) {
	o.chunk(map[string]any{"tool_calls": []any{map[string]any{"index": i, "id": tc.ID, "type": "function",
		"function": map[string]any{"name": tc.Name, "arguments": ""}}}}, nil, nil)
}

func (o *openaiStream) toolArgs(i int, piece string) {
	o.chunk(map[string]any{"tool_calls": []any{map[string]any{"index": i, "function": map[string]any{"arguments": piece}}}}, nil, nil)
}

func (o *openaiStream) toolEnd(int) {}
