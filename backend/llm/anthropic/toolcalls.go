package anthropic

import (
	"bytes"
	"encoding/json"
	"fmt"

	sdk "github.com/anthropics/anthropic-sdk-go/v2"

	"bookbag/backend/llm"
	"bookbag/backend/llm/internal/toolcall"
)

// tools are the request's tools with their input_schema, and the choice in
// Anthropic's words: required is "any". Without tools no choice is sent.
func tools(ts []llm.Tool, choice string) ([]sdk.ToolUnionParam, sdk.ToolChoiceUnionParam) {
	var out []sdk.ToolUnionParam
	for _, t := range ts {
		tp := sdk.ToolParam{Name: t.Name, InputSchema: inputSchema(t.Schema())}
		if t.Description != "" {
			tp.Description = sdk.String(t.Description)
		}
		out = append(out, sdk.ToolUnionParam{OfTool: &tp})
	}
	var tc sdk.ToolChoiceUnionParam
	if len(out) == 0 {
		return nil, tc
	}
	switch choice {
	case llm.ToolChoiceAuto:
		tc.OfAuto = &sdk.ToolChoiceAutoParam{}
	case llm.ToolChoiceRequired:
		tc.OfAny = &sdk.ToolChoiceAnyParam{}
	case llm.ToolChoiceNone:
		none := sdk.NewToolChoiceNoneParam()
		tc.OfNone = &none
	}
	return out, tc
}

// inputSchema spreads a JSON Schema object over the SDK's type, which names
// properties and required and keeps every other keyword in ExtraFields
// (the SDK writes type "object" itself). Values stay raw, as given.
func inputSchema(schema json.RawMessage) sdk.ToolInputSchemaParam {
	var fields map[string]json.RawMessage
	_ = json.Unmarshal(schema, &fields) // CheckTools made sure it is an object
	var s sdk.ToolInputSchemaParam
	for k, v := range fields {
		switch k {
		case "type":
		case "properties":
			s.Properties = v
		case "required":
			if json.Unmarshal(v, &s.Required) == nil {
				continue
			}
			fallthrough // not a list of names: pass it on for the API to judge
		default:
			if s.ExtraFields == nil {
				s.ExtraFields = map[string]any{}
			}
			s.ExtraFields[k] = v
		}
	}
	return s
}

// toolUses are an assistant turn's calls as tool_use blocks.
func toolUses(cs []llm.ToolCall) []sdk.ContentBlockParamUnion {
	var out []sdk.ContentBlockParamUnion
	for _, c := range cs {
		input := json.RawMessage(bytes.TrimSpace(c.Arguments))
		if len(input) == 0 {
			input = json.RawMessage("{}")
		}
		out = append(out, sdk.NewToolUseBlock(c.ID, input, c.Name))
	}
	return out
}

// toolResult is a tool message as a tool_result block. An empty result has
// no content (the API refuses empty text blocks); is_error is sent only
// when set.
func toolResult(m llm.Message) sdk.ContentBlockParamUnion {
	tr := sdk.ToolResultBlockParam{ToolUseID: m.ToolCallID}
	if m.Content != "" {
		tr.Content = []sdk.ToolResultBlockParamContentUnion{{OfText: &sdk.TextBlockParam{Text: m.Content}}}
	}
	if m.IsError {
		tr.IsError = sdk.Bool(true)
	}
	return sdk.ContentBlockParamUnion{OfToolResult: &tr}
}

// toolStream follows the tool_use blocks of a stream: a
// content_block_start of type tool_use (id, name; its input is always {}),
// input_json_delta fragments, content_block_stop.
type toolStream struct {
	asm    toolcall.Assembler
	blocks map[int64]int // content block index -> tool call index
}

func (t *toolStream) start(ev sdk.MessageStreamEventUnion, onDelta func(llm.Delta)) error {
	if ev.ContentBlock.Type != "tool_use" {
		return nil
	}
	i := t.asm.Len()
	d, err := t.asm.Add(i, ev.ContentBlock.ID, ev.ContentBlock.Name, "")
	if err != nil {
		return err
	}
	t.blocks[ev.Index] = i
	onDelta(llm.Delta{ToolCall: d})
	return nil
}

func (t *toolStream) args(ev sdk.MessageStreamEventUnion, onDelta func(llm.Delta)) error {
	i, ok := t.blocks[ev.Index]
	if !ok {
		return &llm.ToolCallError{Index: t.asm.Len(), Reason: fmt.Sprintf("arguments arrived for content block %d, which is no tool_use block", ev.Index)}
	}
	if ev.Delta.PartialJSON == "" {
		return nil // the API opens each block with an empty fragment
	}
	d, err := t.asm.Add(i, "", "", ev.Delta.PartialJSON)
	if err != nil {
		return err
	}
	onDelta(llm.Delta{ToolCall: d})
	return nil
}
