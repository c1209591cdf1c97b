package llm

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"bookbag/backend/apperr"
)

// Tool choices (ChatRequest.ToolChoice); "" leaves it to the provider,
// which means auto.
const (
	ToolChoiceAuto     = "auto"     // the model decides
	ToolChoiceNone     = "none"     // the model must not call a tool
	ToolChoiceRequired = "required" // the model must call at least one tool
)

// Tool is a function the model may call.
type Tool struct {
	Name        string          `json:"name"`
	Description string          `json:"description"`
	Parameters  json.RawMessage `json:"parameters"` // a JSON Schema object; empty means no parameters
}

// emptySchema is what a tool without parameters sends: every provider wants
// an object schema, and OpenAI's "parameters": null is not one.
const emptySchema = `{"type":"object","properties":{}}`

// Schema returns the tool's parameters, or an object schema without
// properties when it has none.
func (t Tool) Schema() json.RawMessage {
	if len(bytes.TrimSpace(t.Parameters)) == 0 {
		return json.RawMessage(emptySchema)
	}
	return t.Parameters
}

// ToolCall is one call the model made.
type ToolCall struct {
	ID        string          `json:"id"`
	Name      string          `json:"name"`
	Arguments json.RawMessage `json:"arguments"` // always a complete JSON object ({} when the model gave none)
}

// ToolCallDelta is one streamed piece of a tool call. Index is the call's
// place among the answer's calls (several may form at once, interleaved);
// ID and Name come with the piece that carried them, usually the first;
// Arguments is the fragment of the arguments' JSON text just received.
type ToolCallDelta struct {
	Index     int    `json:"index"`
	ID        string `json:"id,omitempty"`
	Name      string `json:"name,omitempty"`
	Arguments string `json:"arguments,omitempty"`
}

// ErrToolCall is the cause every *ToolCallError matches with errors.Is.
var ErrToolCall = errors.New("malformed tool call")

// ToolCallError says which tool call of a stream could not be used and
// why: arguments that are not a JSON object, a call without a name, or a
// call index that skips ahead.
type ToolCallError struct {
	Index  int    // the call's place in the answer
	Tool   string // its name, "" when it had none
	Reason string
}

func (e *ToolCallError) Error() string {
	if e.Tool == "" {
		return fmt.Sprintf("tool call %d: %s", e.Index, e.Reason)
	}
	return fmt.Sprintf("tool call %d (%s): %s", e.Index, e.Tool, e.Reason)
}

// Unwrap makes errors.Is(err, ErrToolCall) hold.
func (e *ToolCallError) Unwrap() error { return ErrToolCall }

// CheckTools reports, as an apperr.Invalid error, tools that no provider
// would take: a tool without a name, two tools of one name, parameters that
// are not a JSON object, an unknown ToolChoice, or "required" with no tools.
// Adapters call it before sending anything.
func (r ChatRequest) CheckTools() error {
	switch r.ToolChoice {
	case "", ToolChoiceAuto, ToolChoiceNone:
	case ToolChoiceRequired:
		if len(r.Tools) == 0 {
			return apperr.New(apperr.Invalid, "a tool call is required but no tools were offered")
		}
	default:
		return apperr.New(apperr.Invalid, "unknown tool choice %q (want auto, none or required)", r.ToolChoice)
	}
	seen := map[string]bool{}
	for i, t := range r.Tools {
		if t.Name == "" {
			return apperr.New(apperr.Invalid, "tool %d has no name", i)
		}
		if seen[t.Name] {
			return apperr.New(apperr.Invalid, "two tools are named %q", t.Name)
		}
		seen[t.Name] = true
		if !IsJSONObject(t.Schema()) {
			return apperr.New(apperr.Invalid, "the parameters of tool %q are not a JSON object", t.Name)
		}
	}
	return nil
}

// IsJSONObject reports whether b is one valid JSON object (surrounding
// white space allowed).
func IsJSONObject(b []byte) bool {
	b = bytes.TrimSpace(b)
	return len(b) > 0 && b[0] == '{' && json.Valid(b)
}
