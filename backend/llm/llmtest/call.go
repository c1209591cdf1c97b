package llmtest

import (
	"encoding/json"
	"maps"
	"net/http"
	"reflect"
	"strings"
)

// Protocol names the wire format a request arrived in.
type Protocol string

const (
	OpenAI    Protocol = "openai"
	Anthropic Protocol = "anthropic"
	Ollama    Protocol = "ollama"
)

// Endpoint names an operation, independent of protocol.
type Endpoint string

const (
	EndpointChat    Endpoint = "chat"    // chat/completions, messages, api/chat
	EndpointModels  Endpoint = "models"  // models, api/tags
	EndpointModel   Endpoint = "model"   // Anthropic GET models/{id}
	EndpointEmbed   Endpoint = "embed"   // embeddings, api/embed
	EndpointShow    Endpoint = "show"    // api/show
	EndpointPull    Endpoint = "pull"    // api/pull
	EndpointDelete  Endpoint = "delete"  // api/delete
	EndpointVersion Endpoint = "version" // api/version
)

// Image is an image a request carried, decoded from its data URL or base64.
type Image struct {
	MIME string
	Data []byte
	URL  string // set instead of Data for non-data URLs
}

// Message is one message of a recorded request, flattened to text, images,
// the tool calls it made and the tool results it carried.
type Message struct {
	Role   string
	Text   string
	Images []Image

	// ToolCalls: an assistant message's OpenAI tool_calls, Anthropic
	// tool_use blocks or Ollama tool_calls.
	ToolCalls []ToolCall
	// ToolResults: the one result of an OpenAI or Ollama "tool" message, or
	// every tool_result block of an Anthropic user message, in order.
	ToolResults []ToolResult
}

// Tool is one tool a request offered.
type Tool struct {
	Type        string // OpenAI and Ollama tools[].type ("function"); Anthropic's, usually absent
	Name        string
	Description string
	// Parameters as sent: OpenAI and Ollama function.parameters,
	// Anthropic input_schema.
	Parameters json.RawMessage
}

// ToolCall is one call made by an assistant message of a request.
type ToolCall struct {
	ID        string
	Type      string // OpenAI's type ("function"); empty elsewhere
	Name      string
	Arguments string // JSON text: OpenAI's arguments string, Anthropic's input, Ollama's arguments
}

// ToolResult is one tool result a request carried.
type ToolResult struct {
	CallID  string  // OpenAI tool_call_id, Anthropic tool_use_id, Ollama tool_call_id
	Name    string  // Ollama tool_name; the other protocols carry none
	Content string  // the text (Anthropic text blocks joined by newlines)
	IsError bool    // Anthropic is_error
	Images  []Image // Anthropic image blocks inside the tool_result
}

// Call is one request the fake received, decoded from whichever protocol it
// used, so tests can assert what an adapter really sent.
type Call struct {
	Protocol Protocol
	Endpoint Endpoint
	Method   string
	Path     string
	Header   http.Header
	Body     []byte

	Model    string
	System   string
	Messages []Message
	Stream   bool
	// IncludeUsage: OpenAI stream_options.include_usage.
	IncludeUsage bool
	// Sampling, present only when the request carried the field; a pointer
	// to 0 means 0 was really sent.
	Temperature *float64
	TopP        *float64
	MaxTokens   int
	// MaxTokensField is the field that carried MaxTokens: max_tokens,
	// max_completion_tokens or num_predict.
	MaxTokensField  string
	ContextLength   int    // Ollama num_ctx
	ReasoningEffort string // OpenAI reasoning_effort, Anthropic output_config.effort, Ollama think:"high"
	Think           *bool  // Ollama think, Anthropic thinking on/off, chat_template_kwargs.enable_thinking
	ThinkType       string // Anthropic thinking.type
	ThinkBudget     int    // Anthropic thinking.budget_tokens

	// Tools offered and the tool choice as sent: OpenAI's "auto", "none",
	// "required" or "function:NAME"; Anthropic's tool_choice.type ("auto",
	// "any", "none") or "tool:NAME"; Ollama has none.
	Tools      []Tool
	ToolChoice string

	// The answer's format and the sampling hints, set only when the
	// request carried them (see extras.go): ResponseFormat is OpenAI's
	// response_format or Ollama's format exactly as sent; Seed came in
	// SeedField (seed, Mistral's random_seed, Ollama's options.seed).
	ResponseFormat   json.RawMessage
	Seed             *int64
	SeedField        string
	PresencePenalty  *float64
	FrequencyPenalty *float64
	LogitBias        map[string]int

	Inputs     []string // embeddings
	Dimensions int      // embeddings: requested dimensions
}

// LastUser returns the last user message (zero Message if none).
func (c *Call) LastUser() Message {
	for i := len(c.Messages) - 1; i >= 0; i-- {
		if c.Messages[i].Role == "user" {
			return c.Messages[i]
		}
	}
	return Message{}
}

// ThinkRequested reports whether the request asked for thinking in any of
// the protocols' ways.
func (c *Call) ThinkRequested() bool {
	if c.Think != nil {
		return *c.Think
	}
	return c.ReasoningEffort != "" && c.ReasoningEffort != "none"
}

// TrailingToolResults returns the tool results the request ends with (the
// last message's, and those of the "tool" messages right before it), in
// order, with each Name filled from the call it answers where the protocol
// sent no name; nil when the last message carries no results.
// A user message of images right after the tool messages (ToolImages)
// does not end the results: it is how OpenAI and Ollama get their images.
func (c *Call) TrailingToolResults() []ToolResult {
	start := len(c.Messages)
	if c.endsWithToolImages() {
		start--
	}
	for start > 0 && len(c.Messages[start-1].ToolResults) > 0 {
		start--
		if c.Messages[start].Role != "tool" {
			break // an Anthropic user message holds all of a turn's results
		}
	}
	var out []ToolResult
	for _, m := range c.Messages[start:] {
		for _, r := range m.ToolResults {
			if r.Name == "" {
				r.Name = c.toolName(r.CallID)
			}
			out = append(out, r)
		}
	}
	return out
}

// endsWithToolImages reports whether the request ends with a user message
// of images right after "tool" messages: how a client gives OpenAI or
// Ollama the images of tool results, which their tool messages cannot carry.
func (c *Call) endsWithToolImages() bool {
	n := len(c.Messages)
	return n >= 2 && c.Messages[n-1].Role == "user" && len(c.Messages[n-1].Images) > 0 && c.Messages[n-2].Role == "tool"
}

// ToolImages returns the images of the tool results the request ends with:
// those inside Anthropic tool_result blocks, or those of the user message
// right after OpenAI or Ollama "tool" messages.
func (c *Call) ToolImages() []Image {
	var out []Image
	for _, r := range c.TrailingToolResults() {
		out = append(out, r.Images...)
	}
	if c.endsWithToolImages() {
		out = append(out, c.Messages[len(c.Messages)-1].Images...)
	}
	return out
}

// toolName finds the name of the call id among the assistant messages.
func (c *Call) toolName(id string) string {
	for i := len(c.Messages) - 1; i >= 0; i-- {
		for _, tc := range c.Messages[i].ToolCalls {
			if tc.ID == id {
				return tc.Name
			}
		}
	}
	return ""
}

// Images returns every image of every message.
func (c *Call) Images() []Image {
	var out []Image
	for _, m := range c.Messages {
		out = append(out, m.Images...)
	}
	return out
}

// allText is the system prompt and every message, for source detection and
// token counts.
func (c *Call) allText() string {
	var b strings.Builder
	b.WriteString(c.System)
	for _, m := range c.Messages {
		b.WriteByte('\n')
		b.WriteString(m.Text)
	}
	return b.String()
}

func (c *Call) clone() Call {
	out := *c
	out.Header = c.Header.Clone()
	out.Messages = append([]Message(nil), c.Messages...)
	out.Tools = append([]Tool(nil), c.Tools...)
	out.Inputs = append([]string(nil), c.Inputs...)
	out.LogitBias = maps.Clone(c.LogitBias)
	return out
}

// BodyField returns the top-level field name of the request body as it was
// sent, or nil when the body has no such field.
func (c *Call) BodyField(name string) json.RawMessage {
	var fields map[string]json.RawMessage
	if json.Unmarshal(c.Body, &fields) != nil {
		return nil
	}
	return fields[name]
}

// SameJSON reports whether a and b are the same JSON value, whatever the
// order of keys and the spacing; invalid JSON is never the same.
func SameJSON(a, b []byte) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	return reflect.DeepEqual(x, y)
}
