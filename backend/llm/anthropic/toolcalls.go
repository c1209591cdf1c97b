package anthropic

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"

	"bookbag/backend/llm"
	"bookbag/backend/llm/internal/toolcall"
)

// tools are the request's tools with their input_schema, and the choice in
// Anthropic's words: required is "any". Without tools no choice is sent.
func tools(ts []llm.Tool, choice string) ([]tool, *toolChoice) {
	var out []tool
	for _, t := range ts {
		out = append(out, tool{Name: t.Name, Description: t.Description, InputSchema: inputSchema(t.Schema())})
	}
	if len(out) == 0 {
		return nil, nil
	}
	switch choice {
	case llm.ToolChoiceAuto:
		return out, &toolChoice{Type: "auto"}
	case llm.ToolChoiceRequired:
		return out, &toolChoice{Type: "any"}
	case llm.ToolChoiceNone:
		return out, &toolChoice{Type: "none"}
	}
	return out, nil
}

// inputSchema is the tool's JSON Schema object with type "object", which
// the API requires; every other keyword stays as given.
func inputSchema(schema json.RawMessage) json.RawMessage {
	var fields map[string]json.RawMessage
	_ = json.Unmarshal(schema, &fields) // CheckTools made sure it is an object
	if fields == nil {
		fields = map[string]json.RawMessage{}
	}
	fields["type"] = json.RawMessage(`"object"`)
	b, _ := json.Marshal(fields)
	return b
}

// toolUses are an assistant turn's calls as tool_use blocks.
func toolUses(cs []llm.ToolCall) []block {
	var out []block
	for _, c := range cs {
		input := json.RawMessage(bytes.TrimSpace(c.Arguments))
		if len(input) == 0 {
			input = json.RawMessage("{}")
		}
		out = append(out, block{Type: "tool_use", ID: c.ID, Name: c.Name, Input: input})
	}
	return out
}

// toolResult is a tool message as a tool_result block: its text, then its
// images as image blocks. An empty result has no content (the API refuses
// empty text blocks); is_error is sent only when set.
func toolResult(m llm.Message) block {
	tr := block{Type: "tool_result", ToolUseID: m.ToolCallID, IsError: m.IsError}
	if m.Content != "" {
		tr.Content = []block{{Type: "text", Text: m.Content}}
	}
	for _, im := range m.Images {
		tr.Content = append(tr.Content, imageBlock(im))
	}
	return tr
}

// imageBlock is an image sent inline.
func imageBlock(im llm.Image) block {
	return block{Type: "image", Source: &imageSource{Type: "base64", MediaType: im.MIME, Data: base64.StdEncoding.EncodeToString(im.Data)}}
}

// toolStream follows the tool_use blocks of a stream: a
// content_block_start of type tool_use (id, name; its input is always {}),
// input_json_delta fragments, content_block_stop.
type toolStream struct {
	asm    toolcall.Assembler
	blocks map[int64]int // content block index -> tool call index
}

func (t *toolStream) start(ev event, onDelta func(llm.Delta)) error {
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

func (t *toolStream) args(ev event, onDelta func(llm.Delta)) error {
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
