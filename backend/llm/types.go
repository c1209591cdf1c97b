package llm

import "context"

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

// Message is one turn of a conversation.
type Message struct {
	Role    string // system | user | assistant
	Content string
	Images  []Image
}

// Params are the sampling and reasoning knobs of a request. Nil pointers and
// zero values mean "the provider's default"; a non-nil Temperature of 0 is
// really sent. A parameter the provider does not take (see SupportedParams)
// is left out of the request.
type Params struct {
	Temperature     *float64
	TopP            *float64
	MaxTokens       int    // output tokens
	ContextLength   int    // Ollama num_ctx
	ReasoningEffort string // low | medium | high (provider-specific extras allowed)
	Think           *bool  // thinking on/off where the provider has a switch
}

// ChatRequest is one streamed completion.
type ChatRequest struct {
	Model    string
	System   string
	Messages []Message
	Params   Params
}

// Delta is one piece of streamed output; usually only one field is set.
type Delta struct {
	Text     string
	Thinking string
}

// Result ends a chat stream. UsageKnown is false when the provider reported
// no token counts (the caller then estimates).
type Result struct {
	InputTokens  int
	OutputTokens int
	UsageKnown   bool
	FinishReason string
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
