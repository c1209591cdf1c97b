package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// hookInput is what BookBag passes to a hook or action: the text, and
// where it comes from.
type hookInput struct {
	Text     string `json:"text"`
	Question string `json:"question,omitempty"`
}

func newServer() *mcp.Server {
	s := mcp.NewServer(&mcp.Implementation{Name: "bookbag-pii", Version: "1"}, nil)
	no := false
	textSchema := json.RawMessage(`{"type":"object","properties":{"text":{"type":"string"}},"required":["text"]}`)
	add := func(name, title, desc string, ann *mcp.ToolAnnotations, h func(hookInput) (any, error)) {
		s.AddTool(&mcp.Tool{Name: name, Title: title, Description: desc, InputSchema: textSchema, Annotations: ann},
			func(_ context.Context, req *mcp.CallToolRequest) (*mcp.CallToolResult, error) {
				var in hookInput
				if err := json.Unmarshal(req.Params.Arguments, &in); err != nil {
					return nil, fmt.Errorf("read arguments: %w", err)
				}
				v, err := h(in)
				if err != nil {
					return nil, err
				}
				if t, ok := v.(string); ok {
					return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: t}}}, nil
				}
				b, _ := json.Marshal(v)
				return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: string(b)}}}, nil
			})
	}
	readOnly := &mcp.ToolAnnotations{ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: &no}
	add("bookbag_before_send", "", "Masks personal data before a message is sent; refuses CONFIDENTIAL text.", readOnly, beforeSend)
	add("bookbag_after_answer", "", "Notes personal data left in an answer.", readOnly, afterAnswer)
	add("bookbag_action_redact", "Redact personal data", "Shows the message with personal data masked.", readOnly, redact)
	add("find_pii", "Find personal data", "Lists e-mail addresses, phone numbers and payment card numbers in a text.", readOnly, findPII)
	return s
}

func beforeSend(in hookInput) (any, error) {
	if strings.Contains(in.Text, "CONFIDENTIAL") {
		return map[string]string{"refuse": "it is marked CONFIDENTIAL"}, nil
	}
	masked, n := mask(in.Text)
	if n == 0 {
		return map[string]any{}, nil
	}
	return map[string]any{"text": masked, "note": fmt.Sprintf("%d piece(s) of personal data were masked before sending.", n)}, nil
}

func afterAnswer(in hookInput) (any, error) {
	fs := find(in.Text)
	if len(fs) == 0 {
		return map[string]any{}, nil
	}
	return map[string]any{"note": fmt.Sprintf("This answer contains %d piece(s) of personal data.", len(fs))}, nil
}

func redact(in hookInput) (any, error) {
	masked, _ := mask(in.Text)
	return masked, nil
}

func findPII(in hookInput) (any, error) {
	fs := find(in.Text)
	if fs == nil {
		fs = []Finding{}
	}
	return map[string]any{"findings": fs}, nil
}
