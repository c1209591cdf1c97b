// Package toolcall assembles the tool calls of a streamed answer from the
// pieces each protocol sends (OpenAI's argument fragments by index,
// Anthropic's tool_use blocks, Ollama's whole calls) and checks them once
// the stream ends, so every adapter delivers the same complete calls and
// the same *llm.ToolCallError.
package toolcall

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"bookbag/backend/llm"
)

// Assembler collects the calls of one answer. The zero value is ready.
type Assembler struct {
	calls []call
}

type call struct {
	id, name string
	args     []byte // the fragments so far
}

// Len is the number of calls begun so far: the index a new call gets.
func (a *Assembler) Len() int { return len(a.calls) }

// Add records one piece of call index: a new call takes the next index,
// an earlier index continues that call (parallel calls may interleave).
// The first id and name given for a call stick; a call without an id gets
// one (Ollama sends none, and the history needs one to answer the call).
// It returns the piece as the caller should show it.
func (a *Assembler) Add(index int, id, name, args string) (*llm.ToolCallDelta, error) {
	if index < 0 || index > len(a.calls) {
		return nil, &llm.ToolCallError{Index: index, Tool: name,
			Reason: fmt.Sprintf("its index skips ahead (the next call would be %d)", len(a.calls))}
	}
	d := &llm.ToolCallDelta{Index: index, Name: name, Arguments: args}
	if index == len(a.calls) {
		if id == "" {
			id = newID()
		}
		a.calls = append(a.calls, call{id: id})
		d.ID = id
	}
	c := &a.calls[index]
	if c.name == "" {
		c.name = name
	}
	c.args = append(c.args, args...)
	return d, nil
}

// Finish checks every call and, when all are sound, puts them in res; a
// finish reason of stop (Ollama's even after calls) or none becomes
// tool_calls, another (length) stays. On a malformed call it returns its
// error and leaves res without calls.
func (a *Assembler) Finish(res *llm.Result) error {
	if len(a.calls) == 0 {
		return nil
	}
	out := make([]llm.ToolCall, len(a.calls))
	for i := range a.calls {
		c := &a.calls[i]
		if c.name == "" {
			return &llm.ToolCallError{Index: i, Reason: "it has no name"}
		}
		args := bytes.TrimSpace(c.args)
		if len(args) == 0 {
			args = []byte("{}") // no arguments at all: the empty object
		}
		if !llm.IsJSONObject(args) {
			return &llm.ToolCallError{Index: i, Tool: c.name,
				Reason: "its arguments are not a JSON object: " + llm.Shorten(string(args), 80)}
		}
		out[i] = llm.ToolCall{ID: c.id, Name: c.name, Arguments: json.RawMessage(args)}
	}
	res.ToolCalls = out
	if res.FinishReason == "" || res.FinishReason == llm.FinishStop {
		res.FinishReason = llm.FinishToolCalls
	}
	return nil
}

// newID makes a call id in OpenAI's style, random so that ids stay unique
// across the turns of a conversation (Anthropic rejects a repeated id).
func newID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return "call_" + hex.EncodeToString(b)
}
