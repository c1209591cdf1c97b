package openai

import (
	"bytes"

	goopenai "github.com/sashabaranov/go-openai"

	"bookbag/backend/llm"
	"bookbag/backend/llm/internal/toolcall"
)

// tools are the request's tools as OpenAI functions.
func tools(ts []llm.Tool) []goopenai.Tool {
	var out []goopenai.Tool
	for _, t := range ts {
		out = append(out, goopenai.Tool{Type: goopenai.ToolTypeFunction, Function: &goopenai.FunctionDefinition{
			Name: t.Name, Description: t.Description, Parameters: t.Schema()}})
	}
	return out
}

// toolCalls are an assistant turn's calls as OpenAI writes them: arguments
// as a JSON string.
func toolCalls(cs []llm.ToolCall) []goopenai.ToolCall {
	out := make([]goopenai.ToolCall, len(cs))
	for i, c := range cs {
		args := string(bytes.TrimSpace(c.Arguments))
		if args == "" {
			args = "{}"
		}
		out[i] = goopenai.ToolCall{ID: c.ID, Type: goopenai.ToolTypeFunction,
			Function: goopenai.FunctionCall{Name: c.Name, Arguments: args}}
	}
	return out
}

// toolCallChunk is one entry of a chunk's delta.tool_calls: the first piece
// of a call carries index, id, type and name, later ones index and an
// arguments fragment.
type toolCallChunk struct {
	Index    *int   `json:"index"`
	ID       string `json:"id"`
	Function struct {
		Name      string `json:"name"`
		Arguments string `json:"arguments"`
	} `json:"function"`
}

// addToolCalls hands each piece to the assembler and shows it. A piece
// without an index (some compatible servers send whole calls without one)
// begins a new call when it carries an id or a name, else continues the
// last call.
func addToolCalls(asm *toolcall.Assembler, pieces []toolCallChunk, onDelta func(llm.Delta)) error {
	for _, tc := range pieces {
		index := max(asm.Len()-1, 0)
		switch {
		case tc.Index != nil:
			index = *tc.Index
		case tc.ID != "" || tc.Function.Name != "":
			index = asm.Len()
		}
		d, err := asm.Add(index, tc.ID, tc.Function.Name, tc.Function.Arguments)
		if err != nil {
			return err
		}
		onDelta(llm.Delta{ToolCall: d})
	}
	return nil
}
