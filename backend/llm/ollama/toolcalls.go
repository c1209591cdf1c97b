package ollama

import (
	"bytes"
	"encoding/json"

	"github.com/ollama/ollama/api"

	"bookbag/backend/apperr"
	"bookbag/backend/llm"
	"bookbag/backend/llm/internal/toolcall"
)

// tools are the request's tools in ollama/api's types. Those keep a
// schema's type, required, $defs, items and properties (with type,
// description, enum, items, anyOf and nested properties) and drop other
// keywords; Ollama's server decodes into the same types, so it would drop
// them too.
func tools(ts []llm.Tool) (api.Tools, error) {
	var out api.Tools
	for _, t := range ts {
		fn := api.ToolFunction{Name: t.Name, Description: t.Description}
		if err := json.Unmarshal(t.Schema(), &fn.Parameters); err != nil {
			return nil, apperr.Wrap(err, apperr.Invalid, "the parameters of tool %q are not a schema Ollama takes", t.Name)
		}
		out = append(out, api.Tool{Type: "function", Function: fn})
	}
	return out, nil
}

// historyTools adds m's tool calls, or its tool result's name and call id,
// to am. before are the messages before m: a result without a name takes
// the name of the call it answers, since Ollama shows the model tool_name.
func historyTools(am *api.Message, before []llm.Message, m llm.Message) error {
	for i, c := range m.ToolCalls {
		args := bytes.TrimSpace(c.Arguments)
		if len(args) == 0 {
			args = []byte("{}")
		}
		tc := api.ToolCall{ID: c.ID, Function: api.ToolCallFunction{Index: i, Name: c.Name}}
		if !llm.IsJSONObject(args) || json.Unmarshal(args, &tc.Function.Arguments) != nil {
			return apperr.New(apperr.Invalid, "the arguments of the earlier call of tool %q are not a JSON object", c.Name)
		}
		am.ToolCalls = append(am.ToolCalls, tc)
	}
	if m.Role != llm.RoleTool {
		return nil
	}
	am.ToolCallID, am.ToolName = m.ToolCallID, m.ToolName
	for i := len(before) - 1; i >= 0 && am.ToolName == ""; i-- {
		for _, c := range before[i].ToolCalls {
			if c.ID == m.ToolCallID {
				am.ToolName = c.Name
			}
		}
	}
	return nil
}

// addToolCalls takes the whole calls of a line, in order.
func addToolCalls(asm *toolcall.Assembler, calls []wireToolCall, onDelta func(llm.Delta)) error {
	for _, c := range calls {
		d, err := asm.Add(asm.Len(), c.ID, c.Function.Name, string(c.Function.Arguments))
		if err != nil {
			return err
		}
		onDelta(llm.Delta{ToolCall: d})
	}
	return nil
}
