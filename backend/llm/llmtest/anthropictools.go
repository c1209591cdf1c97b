package llmtest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
)

// The tool parts of Anthropic's Messages request and stream.

type anthropicTool struct {
	Type        string          `json:"type"`
	Name        string          `json:"name"`
	Description string          `json:"description"`
	InputSchema json.RawMessage `json:"input_schema"`
}

type anthropicToolChoice struct {
	Type string `json:"type"`
	Name string `json:"name"`
}

func textOf(b anthropicBlock) string {
	if b.Text == nil {
		return ""
	}
	return *b.Text
}

// isList reports whether raw content is a list of blocks (not a string).
func isList(raw json.RawMessage) bool {
	t := bytes.TrimSpace(raw)
	return len(t) > 0 && t[0] == '['
}

// parseAnthropicTools records tools and tool_choice, refusing what the API
// refuses.
func parseAnthropicTools(c *Call, tools []anthropicTool, choice *anthropicToolChoice) error {
	for i, t := range tools {
		if t.Name == "" {
			return badRequest(fmt.Sprintf("tools.%d.custom.name: Field required", i))
		}
		if len(t.InputSchema) == 0 {
			return badRequest(fmt.Sprintf("tools.%d.custom.input_schema: Field required", i))
		}
		var schema struct {
			Type string `json:"type"`
		}
		if json.Unmarshal(t.InputSchema, &schema) != nil || schema.Type != "object" {
			return badRequest(fmt.Sprintf("tools.%d.custom.input_schema.type: Input should be 'object'", i))
		}
		c.Tools = append(c.Tools, Tool{Type: t.Type, Name: t.Name, Description: t.Description, Parameters: t.InputSchema})
	}
	if choice == nil {
		return nil
	}
	switch choice.Type {
	case "auto", "any", "none":
		c.ToolChoice = choice.Type
	case "tool":
		c.ToolChoice = "tool:" + choice.Name
	default:
		return badRequest(fmt.Sprintf("tool_choice.type: Input tag '%s' found using 'type' does not match any of the expected tags: 'auto', 'any', 'tool', 'none'", choice.Type))
	}
	if len(c.Tools) == 0 && choice.Type != "none" {
		return badRequest("tool_choice may only be specified while providing tools.")
	}
	return nil
}

// parseAnthropicToolBlock records block j of message i: a tool_use of an
// assistant message or a tool_result of a user message.
func parseAnthropicToolBlock(msg *Message, i, j int, b anthropicBlock) error {
	at := fmt.Sprintf("messages.%d.content.%d", i, j)
	if b.Type == "tool_use" {
		if msg.Role != "assistant" {
			return badRequest(at + ": tool_use blocks can only be in assistant messages")
		}
		if !isObject(b.Input) {
			return badRequest(at + ".tool_use.input: Input should be a valid dictionary")
		}
		msg.ToolCalls = append(msg.ToolCalls, ToolCall{ID: b.ID, Name: b.Name, Arguments: string(b.Input)})
		return nil
	}
	if msg.Role != "user" {
		return badRequest(at + ": tool_result blocks can only be in user messages")
	}
	inner, err := blocks(b.Content)
	if err != nil {
		return badRequest(at + ".tool_result.content: Input should be a valid list")
	}
	var texts []string
	var images []Image
	for k, ib := range inner {
		ibAt := fmt.Sprintf("%s.tool_result.content.%d", at, k)
		switch ib.Type {
		case "text":
			if textOf(ib) == "" && isList(b.Content) {
				return badRequest(ibAt + ".text: text content blocks must be non-empty")
			}
			texts = append(texts, textOf(ib))
		case "image":
			img, err := anthropicImage(ibAt, ib)
			if err != nil {
				return err
			}
			images = append(images, img)
		default:
			return badRequest(fmt.Sprintf("%s: Input tag '%s' found using 'type' does not match any of the expected tags: 'text', 'image', 'search_result', 'document'", ibAt, ib.Type))
		}
	}
	msg.ToolResults = append(msg.ToolResults, ToolResult{CallID: b.ToolUseID, Content: strings.Join(texts, "\n"),
		IsError: b.IsError != nil && *b.IsError, Images: images})
	return nil
}

// anthropicImage decodes an image block at a path of the request, refusing
// what the API refuses: a source other than base64 or url, a media type it
// does not take, data that is not base64.
func anthropicImage(at string, b anthropicBlock) (Image, error) {
	src := b.Source
	switch src.Type {
	case "url":
		return Image{MIME: src.MediaType, URL: src.URL}, nil
	case "base64":
	default:
		return Image{}, badRequest(fmt.Sprintf("%s.image.source: Input tag '%s' found using 'type' does not match any of the expected tags: 'base64', 'url'", at, src.Type))
	}
	switch src.MediaType {
	case "image/jpeg", "image/png", "image/gif", "image/webp":
	default:
		return Image{}, badRequest(at + ".image.source.base64.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'")
	}
	data, err := base64.StdEncoding.DecodeString(src.Data)
	if err != nil || len(data) == 0 {
		return Image{}, badRequest(at + ".image.source.base64.data: The image data is not valid base64")
	}
	return Image{MIME: src.MediaType, Data: data}, nil
}

// checkAnthropicToolHistory applies the API's pairing rules: the message
// after an assistant message with tool_use blocks holds a tool_result for
// each of them, and every tool_result answers a tool_use of the message
// right before it.
func checkAnthropicToolHistory(msgs []Message) error {
	for i, m := range msgs {
		var before []string
		if i > 0 {
			for _, tc := range msgs[i-1].ToolCalls {
				before = append(before, tc.ID)
			}
		}
		for j, r := range m.ToolResults {
			if indexOf(before, r.CallID) < 0 {
				return badRequest(fmt.Sprintf("messages.%d.content.%d: unexpected `tool_use_id` found in `tool_result` blocks: %s. Each `tool_result` block must have a corresponding `tool_use` block in the previous message.", i, j, r.CallID))
			}
		}
		if len(m.ToolCalls) == 0 {
			continue
		}
		var answered, missing []string
		if i+1 < len(msgs) {
			for _, r := range msgs[i+1].ToolResults {
				answered = append(answered, r.CallID)
			}
		}
		for _, tc := range m.ToolCalls {
			if indexOf(answered, tc.ID) < 0 {
				missing = append(missing, tc.ID)
			}
		}
		if len(missing) > 0 {
			return badRequest(fmt.Sprintf("messages.%d: `tool_use` ids were found without `tool_result` blocks immediately after: %s. Each `tool_use` block must have a corresponding `tool_result` block in the next message.", i, strings.Join(missing, ", ")))
		}
	}
	return nil
}

// isObject reports whether raw is one JSON object.
func isObject(raw json.RawMessage) bool {
	t := bytes.TrimSpace(raw)
	return len(t) > 0 && t[0] == '{' && json.Valid(t)
}

// jsonOrString is text as raw JSON when it is valid JSON, else as a JSON
// string: how a fake sends arguments where the wire wants a value; "" is {}.
func jsonOrString(text string) json.RawMessage {
	if strings.TrimSpace(text) == "" {
		return json.RawMessage("{}")
	}
	if json.Valid([]byte(text)) {
		return json.RawMessage(text)
	}
	b, _ := json.Marshal(text)
	return b
}

func (a *anthropicStream) interleaves() bool { return false }

// toolStart opens a tool_use block as the API does: input {} in the start
// event, then an empty input_json_delta before the real fragments.
func (a *anthropicStream) toolStart(_ int, tc ScriptToolCall) {
	a.close()
	a.index++
	a.block = "tool_use"
	a.event("content_block_start", map[string]any{"type": "content_block_start", "index": a.index,
		"content_block": map[string]any{"type": "tool_use", "id": tc.ID, "name": tc.Name, "input": map[string]any{}}})
	a.toolArgs(0, "")
}

func (a *anthropicStream) toolArgs(_ int, piece string) {
	a.event("content_block_delta", map[string]any{"type": "content_block_delta", "index": a.index,
		"delta": map[string]string{"type": "input_json_delta", "partial_json": piece}})
}

func (a *anthropicStream) toolEnd(int) { a.close() }

// fakeSignature signs every thinking block the fake streams; a thinking
// block given back must carry it unchanged.
const fakeSignature = "fakesig"

// checkThinkingBlock refuses a thinking block the API did not write: one
// outside an assistant message, or with another signature.
func checkThinkingBlock(role string, i, j int, b anthropicBlock) error {
	at := fmt.Sprintf("messages.%d.content.%d", i, j)
	switch {
	case role != "assistant":
		return badRequest(at + ": thinking blocks can only be in assistant messages")
	case b.Type == "thinking" && b.Signature != fakeSignature:
		return badRequest(at + ": Invalid `signature` in `thinking` block")
	case b.Type == "redacted_thinking" && b.Data == "":
		return badRequest(at + ".data: Field required")
	}
	return nil
}

// checkThinkingKept is the API's rule for thinking with tools: when the
// request ends with tool results, the assistant message that asked for them
// must start with its thinking blocks, given back unchanged.
func checkThinkingKept(c *Call, startsThinking []bool) error {
	n := len(c.Messages)
	if c.Think == nil || !*c.Think || n < 2 || len(c.Messages[n-1].ToolResults) == 0 || len(c.Messages[n-2].ToolCalls) == 0 {
		return nil
	}
	if startsThinking[n-2] {
		return nil
	}
	return badRequest(fmt.Sprintf("messages.%d.content.0.type: Expected `thinking` or `redacted_thinking`, but found `tool_use`. "+
		"When `thinking` is enabled, a final `assistant` message must start with a thinking block (preceeding the lastmost set of "+
		"`tool_use` and `tool_result` blocks). We recommend you include thinking blocks from previous turns. To avoid this "+
		"requirement, disable `thinking`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking", n-2))
}
