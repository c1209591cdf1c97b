package llmtest

import "encoding/json"

// The tool parts of Ollama's /api/chat: tools as OpenAI's, whole calls
// with arguments as an object, no tool_choice.

type ollamaToolCall struct {
	ID       string `json:"id,omitempty"`
	Function struct {
		Index     int             `json:"index"`
		Name      string          `json:"name"`
		Arguments json.RawMessage `json:"arguments"`
	} `json:"function"`
}

// ollamaDone is done_reason: Ollama says stop after tool calls too.
func ollamaDone(reason string) string {
	if reason == "tool_calls" {
		return "stop"
	}
	return reason
}

func (o *ollamaStream) toolCall(i int) ollamaToolCall {
	var tc ollamaToolCall
	tc.ID = o.calls[i].ID
	tc.Function.Index, tc.Function.Name = i, o.calls[i].Name
	tc.Function.Arguments = jsonOrString(o.calls[i].Arguments)
	return tc
}

func (o *ollamaStream) interleaves() bool { return false }

// Ollama sends each call whole, once it is complete.
func (o *ollamaStream) toolStart(int, ScriptToolCall) {}
func (o *ollamaStream) toolArgs(int, string)          {}

func (o *ollamaStream) toolEnd(i int) {
	o.line(ollamaLine{Model: o.model, CreatedAt: fixedTime,
		Message: ollamaMsg{Role: "assistant", ToolCalls: []ollamaToolCall{o.toolCall(i)}}})
}
