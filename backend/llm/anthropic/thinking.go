package anthropic

import (
	"encoding/json"
	"strings"
)

// thinkingStream keeps a stream's thinking blocks in the form the API wants
// back with the results of the answer's tool calls: a thinking block's text
// and signature (signature_delta), a redacted_thinking block's data.
type thinkingStream struct {
	open map[int64]*openThinking // by content block index
	done []json.RawMessage
}

type openThinking struct {
	typ, data, signature string
	text                 strings.Builder
}

func (t *thinkingStream) start(ev event) {
	switch ev.ContentBlock.Type {
	case "thinking", "redacted_thinking":
		if t.open == nil {
			t.open = map[int64]*openThinking{}
		}
		t.open[ev.Index] = &openThinking{typ: ev.ContentBlock.Type, data: ev.ContentBlock.Data}
	}
}

// delta takes a thinking_delta or signature_delta.
func (t *thinkingStream) delta(ev event) {
	if b := t.open[ev.Index]; b != nil {
		b.text.WriteString(ev.Delta.Thinking)
		if ev.Delta.Signature != "" {
			b.signature = ev.Delta.Signature
		}
	}
}

func (t *thinkingStream) stop(ev event) {
	b := t.open[ev.Index]
	if b == nil {
		return
	}
	delete(t.open, ev.Index)
	var raw []byte
	if b.typ == "redacted_thinking" {
		raw, _ = json.Marshal(struct {
			Type string `json:"type"`
			Data string `json:"data"`
		}{b.typ, b.data})
	} else {
		raw, _ = json.Marshal(struct {
			Type      string `json:"type"`
			Thinking  string `json:"thinking"`
			Signature string `json:"signature"`
		}{b.typ, b.text.String(), b.signature})
	}
	t.done = append(t.done, raw)
}
