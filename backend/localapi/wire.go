package localapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
)

// OpenAI's wire format for the endpoints served here (the fields clients
// send and read; unknown request fields are ignored, as OpenAI-compatible
// servers do).

type chatRequest struct {
	Model         string          `json:"model"`
	Messages      []chatMessage   `json:"messages"`
	Stream        bool            `json:"stream"`
	StreamOptions *streamOptions  `json:"stream_options"`
	Temperature   *float64        `json:"temperature"`
	TopP          *float64        `json:"top_p"`
	MaxTokens     *int            `json:"max_tokens"`
	MaxCompletion *int            `json:"max_completion_tokens"`
	N             *int            `json:"n"`
	Stop          json.RawMessage `json:"stop"`
	Reasoning     string          `json:"reasoning_effort"`
	Tools         []toolDef       `json:"tools"`
	ToolChoice    json.RawMessage `json:"tool_choice"`
	// The answer's format and the sampling hints, read and checked by
	// readExtras (raw, so a wrong type is an error naming its param).
	ResponseFormat   json.RawMessage `json:"response_format"`
	Seed             json.RawMessage `json:"seed"`
	PresencePenalty  json.RawMessage `json:"presence_penalty"`
	FrequencyPenalty json.RawMessage `json:"frequency_penalty"`
	LogitBias        json.RawMessage `json:"logit_bias"`
	// BookBag holds this server's extensions (see README, Local API).
	BookBag *bookbagOptions `json:"bookbag"`
}

type streamOptions struct {
	IncludeUsage bool `json:"include_usage"`
}

// bookbagOptions are the extensions a client may ask for.
type bookbagOptions struct {
	// SourcesInText appends a plain "Sources:" list to a workspace answer.
	SourcesInText bool `json:"sources_in_text"`
}

type chatMessage struct {
	Role       string          `json:"role"`
	Content    json.RawMessage `json:"content"` // a string, an array of parts, or null
	Name       string          `json:"name,omitempty"`
	ToolCalls  []toolCall      `json:"tool_calls,omitempty"`
	ToolCallID string          `json:"tool_call_id,omitempty"`
}

type contentPart struct {
	Type     string `json:"type"`
	Text     string `json:"text"`
	ImageURL *struct {
		URL string `json:"url"`
	} `json:"image_url"`
}

type toolDef struct {
	Type     string `json:"type"`
	Function struct {
		Name        string          `json:"name"`
		Description string          `json:"description"`
		Parameters  json.RawMessage `json:"parameters"`
	} `json:"function"`
}

type toolCall struct {
	Index    *int   `json:"index,omitempty"` // stream deltas only
	ID       string `json:"id"`
	Type     string `json:"type"`
	Function struct {
		Name      string `json:"name"`
		Arguments string `json:"arguments"`
	} `json:"function"`
}

type usage struct {
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
	TotalTokens      int `json:"total_tokens"`
}

type annotation struct {
	Type        string      `json:"type"` // url_citation
	URLCitation urlCitation `json:"url_citation"`
}

type urlCitation struct {
	StartIndex int    `json:"start_index"`
	EndIndex   int    `json:"end_index"`
	Title      string `json:"title"`
	URL        string `json:"url"`
}

type responseMessage struct {
	Role        string       `json:"role"`
	Content     *string      `json:"content"`
	Refusal     *string      `json:"refusal"`
	ToolCalls   []toolCall   `json:"tool_calls,omitempty"`
	Annotations []annotation `json:"annotations,omitempty"`
	// ReasoningContent is the model's thinking, where it showed any (the
	// field DeepSeek and vLLM use).
	ReasoningContent string `json:"reasoning_content,omitempty"`
}

type choice struct {
	Index        int             `json:"index"`
	Message      responseMessage `json:"message"`
	FinishReason string          `json:"finish_reason"`
	Logprobs     any             `json:"logprobs"`
}

type chatCompletion struct {
	ID      string   `json:"id"`
	Object  string   `json:"object"` // chat.completion
	Created int64    `json:"created"`
	Model   string   `json:"model"`
	Choices []choice `json:"choices"`
	Usage   usage    `json:"usage"`
}

type chunkDelta struct {
	Role             string       `json:"role,omitempty"`
	Content          *string      `json:"content,omitempty"`
	ReasoningContent string       `json:"reasoning_content,omitempty"`
	ToolCalls        []toolCall   `json:"tool_calls,omitempty"`
	Annotations      []annotation `json:"annotations,omitempty"`
}

type chunkChoice struct {
	Index        int        `json:"index"`
	Delta        chunkDelta `json:"delta"`
	FinishReason *string    `json:"finish_reason"`
	Logprobs     any        `json:"logprobs"`
}

type chatChunk struct {
	ID      string        `json:"id"`
	Object  string        `json:"object"` // chat.completion.chunk
	Created int64         `json:"created"`
	Model   string        `json:"model"`
	Choices []chunkChoice `json:"choices"`
	// Usage is null on every chunk but the last when the client asked for
	// it (stream_options.include_usage), as OpenAI sends it.
	Usage *usage `json:"usage,omitempty"`
}

type modelObject struct {
	ID      string `json:"id"`
	Object  string `json:"object"` // model
	Created int64  `json:"created"`
	OwnedBy string `json:"owned_by"`
}

type embeddingRequest struct {
	Model          string          `json:"model"`
	Input          json.RawMessage `json:"input"`
	EncodingFormat string          `json:"encoding_format"`
	Dimensions     *int            `json:"dimensions"`
}

type embeddingObject struct {
	Object    string `json:"object"` // embedding
	Index     int    `json:"index"`
	Embedding any    `json:"embedding"` // []float32 or a base64 string
}

// decode reads a JSON body; a body past the limit is a 413.
func decode(r *http.Request, v any, limit int64) *apiError {
	err := json.NewDecoder(r.Body).Decode(v)
	var mbe *http.MaxBytesError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &mbe):
		return tooLarge(limit)
	default:
		return invalid("", "We could not parse the JSON body of your request: %v", err)
	}
}

func tooLarge(limit int64) *apiError {
	return &apiError{Status: 413, Type: typeInvalid, Code: "request_too_large",
		Message: fmt.Sprintf("the request body is larger than %d MiB", limit>>20)}
}
