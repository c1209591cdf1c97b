package llm

import (
	"context"
	"encoding/json"
)

// Kind names a wire protocol; every preset maps to one kind.
type Kind string

const (
	KindOpenAI    Kind = "openai"
	KindAnthropic Kind = "anthropic"
	KindOllama    Kind = "ollama"
)

// Roles of a chat message.
const (
	RoleSystem    = "system"
	RoleUser      = "user"
	RoleAssistant = "assistant"
	RoleTool      = "tool" // the result of one tool call (see Message)
)

// Normalised finish reasons; adapters translate their provider's vocabulary
// (Anthropic's end_turn, max_tokens…) so the UI shows one set.
const (
	FinishStop          = "stop"
	FinishLength        = "length"
	FinishContentFilter = "content_filter"
	FinishToolCalls     = "tool_calls"
)

// Image is one attached image, sent inline (base64) to the provider.
type Image struct {
	MIME string // e.g. image/png
	Data []byte
}

// Message is one turn of a conversation. An assistant turn that called
// tools lists the calls in ToolCalls (Content may be empty); each call's
// result follows as its own RoleTool message, with Content the result text.
type Message struct {
	Role    string // system | user | assistant | tool
	Content string
	Images  []Image

	ToolCalls []ToolCall // assistant: the calls it made, in order

	// Role tool: which call this answers. ToolCallID is what OpenAI and
	// Anthropic match on, ToolName what Ollama shows the model; IsError
	// marks a failed call (only Anthropic has a field for it, so the
	// Content should say what went wrong).
	ToolCallID string
	ToolName   string
	IsError    bool
	// ThinkingBlocks are an assistant turn's thinking as the provider wrote
	// it (Result.ThinkingBlocks), sent back unchanged with the turn's tool
	// results: Anthropic refuses the results of a thinking model's calls
	// without the signed thinking that led to them. Other providers ignore them.
	ThinkingBlocks []json.RawMessage
}

// Params are the sampling and reasoning knobs of a request. Nil pointers and
// zero values mean "the provider's default"; a non-nil Temperature of 0 is
// really sent. A parameter the provider does not take (see SupportedParams)
// is left out of the request.
type Params struct {
	Temperature     *float64
	TopP            *float64
	MaxTokens       int    // output tokens
	ContextLength   int    // Ollama num_ctx (OllamaContext when 0)
	ReasoningEffort string // low | medium | high (provider-specific extras allowed)
	Think           *bool  // thinking on/off where the provider has a switch

	// Sampling hints only the local API sets (OpenAI's seed,
	// presence_penalty, frequency_penalty and logit_bias, from token id to
	// bias). Nil means not asked; adapters leave out what the provider
	// does not take (see SupportedExtras).
	Seed             *int64
	PresencePenalty  *float64
	FrequencyPenalty *float64
	LogitBias        map[int]int
}

// Response formats (ResponseFormat.Type), OpenAI's names.
const (
	FormatJSONObject = "json_object" // any JSON object
	FormatJSONSchema = "json_schema" // JSON matching Schema
)

// ResponseFormat asks for the answer as JSON instead of prose. A provider
// that cannot give it refuses the request (*UnsupportedError) rather than
// answer in prose a client would fail to parse.
type ResponseFormat struct {
	Type        string          // FormatJSONObject or FormatJSONSchema
	Name        string          // json_schema: the schema's name
	Description string          // json_schema, optional
	Schema      json.RawMessage // json_schema: a JSON Schema object
	Strict      *bool           // json_schema: OpenAI's strict mode; nil is the provider's default
}

// ChatRequest is one streamed completion.
type ChatRequest struct {
	Model    string
	System   string
	Messages []Message
	Params   Params

	// Tools the model may call, and whether it must (ToolChoiceAuto,
	// ToolChoiceNone, ToolChoiceRequired; "" is the provider's default,
	// auto). Adapters send them as given: deciding which models get tools
	// (ModelInfo.Tools) is the caller's, except that Ollama refuses a model
	// without the tools capability (see the ollama package).
	Tools      []Tool
	ToolChoice string

	// ResponseFormat, when set, asks for JSON (nil: prose).
	ResponseFormat *ResponseFormat
}

// Delta is one piece of streamed output; usually only one field is set.
type Delta struct {
	Text     string
	Thinking string
	// ToolCall is a piece of a tool call as it forms, for showing it; the
	// complete calls arrive in Result.ToolCalls.
	ToolCall *ToolCallDelta
}

// Result ends a chat stream. UsageKnown is false when the provider reported
// no token counts (the caller then estimates).
type Result struct {
	InputTokens  int // every prompt token, those read from a cache included
	OutputTokens int
	// CachedTokens are the input tokens the provider read from its prompt
	// cache (OpenAI prompt_tokens_details.cached_tokens, Anthropic
	// cache_read_input_tokens), priced lower; 0 when it says none.
	CachedTokens int
	UsageKnown   bool
	FinishReason string
	// ToolCalls are the calls the answer made, complete and in order; the
	// FinishReason is then FinishToolCalls (unless the provider gave another
	// than stop, such as length). They are set only when Chat returns no
	// error: a stream that breaks or holds a malformed call (a
	// *ToolCallError) delivers none, so nothing is half applied.
	ToolCalls []ToolCall
	// ThinkingBlocks are the answer's thinking in the provider's own form,
	// set with ToolCalls where the provider wants it back (see Message).
	ThinkingBlocks []json.RawMessage
}

// ModelInfo describes one model a provider offers. Capabilities come from the
// provider where it says (Ollama's show, Anthropic's model list, OpenRouter's
// modalities) and from the model's name otherwise.
type ModelInfo struct {
	Name          string `json:"name"`
	DisplayName   string `json:"displayName"`
	Vision        bool   `json:"vision"`
	Thinking      bool   `json:"thinking"`
	Tools         bool   `json:"tools"`
	Embedding     bool   `json:"embedding"`
	ContextLength int    `json:"contextLength"`
	Dimensions    int    `json:"dimensions"`
	SizeBytes     int64  `json:"sizeBytes"` // local models only
}

// Provider is one configured model endpoint.
type Provider interface {
	// Models lists the models the endpoint offers.
	Models(ctx context.Context) ([]ModelInfo, error)
	// Chat streams a completion, calling onDelta from the calling goroutine
	// for each piece. Cancelling ctx stops the stream: Chat returns what it
	// had (deltas already delivered, usage unknown) and an error that
	// matches context.Canceled.
	Chat(ctx context.Context, req ChatRequest, onDelta func(Delta)) (Result, error)
	// Embed returns one vector per text, in order.
	Embed(ctx context.Context, model string, texts []string) ([][]float32, error)
}

// PullProgress reports a model download (Ollama).
type PullProgress struct {
	Status    string  `json:"status"`
	Digest    string  `json:"digest"`
	Total     int64   `json:"total"`
	Completed int64   `json:"completed"`
	Percent   float64 `json:"percent"` // of the current layer, 0..100
}

// Puller is implemented by providers that download models on request.
type Puller interface {
	Pull(ctx context.Context, model string, progress func(PullProgress)) error
}

// Deleter is implemented by providers that can remove a local model.
type Deleter interface {
	Delete(ctx context.Context, model string) error
}

// Versioner is implemented by providers that report a server version; the
// app uses it to detect a local Ollama cheaply.
type Versioner interface {
	Version(ctx context.Context) (string, error)
}

// OllamaContext is the window (num_ctx) Ollama models are run with when no
// profile or chat sets one. Ollama's own default is a few thousand tokens,
// and it silently drops the start of a longer prompt (the system prompt
// and the documents' passages); 8192 holds six passages and a long
// exchange, with about 1 GB of cache for a 7-8B model. Every call of an
// app sends one size: a different num_ctx makes Ollama load the model again.
const OllamaContext = 8192

// OllamaWindow is the window an Ollama model of the given trained length
// (0: unknown) is run with when nothing sets one: OllamaContext, or its own
// length when smaller.
func OllamaWindow(contextLength int) int {
	if contextLength > 0 && contextLength < OllamaContext {
		return contextLength
	}
	return OllamaContext
}
