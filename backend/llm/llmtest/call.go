package llmtest

import (
	"net/http"
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

// Message is one message of a recorded request, flattened to text + images.
type Message struct {
	Role   string
	Text   string
	Images []Image
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
	out.Inputs = append([]string(nil), c.Inputs...)
	return out
}
