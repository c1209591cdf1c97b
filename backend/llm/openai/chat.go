package openai

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"

	goopenai "github.com/sashabaranov/go-openai"

	"bookbag/backend/llm"
	"bookbag/backend/llm/internal/httpx"
)

// chatBody is go-openai's request with the sampling fields replaced by
// pointers: encoding/json lets a field at a shallower depth shadow the
// embedded one, so Temperature 0 is sent and nil is left out.
type chatBody struct {
	goopenai.ChatCompletionRequest
	Temperature *float64 `json:"temperature,omitempty"`
	TopP        *float64 `json:"top_p,omitempty"`
	// OpenRouter takes the effort as reasoning.effort.
	Reasoning *reasoning `json:"reasoning,omitempty"`
	// Messages shadows go-openai's for the tool turns (see wireMessage).
	Messages []wireMessage `json:"messages"`
	// What only the local API sets (extras.go), shadowing go-openai's
	// float32 penalties that drop 0 and its schema type that re-encodes,
	// so each goes as the client gave it and nil stays out.
	ResponseFormat   *responseFormat `json:"response_format,omitempty"`
	Seed             *int64          `json:"seed,omitempty"`
	RandomSeed       *int64          `json:"random_seed,omitempty"` // Mistral's name for seed
	PresencePenalty  *float64        `json:"presence_penalty,omitempty"`
	FrequencyPenalty *float64        `json:"frequency_penalty,omitempty"`
	LogitBias        map[int]int     `json:"logit_bias,omitempty"`
}

// wireMessage is one chat message as sent. go-openai's ChatCompletionMessage
// has content omitempty: an empty tool result would go without the content
// OpenAI requires, and an assistant turn that only called tools could not
// say content null, as OpenAI itself writes it.
type wireMessage struct {
	Role       string              `json:"role"`
	Content    any                 `json:"content"` // a string, []goopenai.ChatMessagePart, or nil (null)
	ToolCalls  []goopenai.ToolCall `json:"tool_calls,omitempty"`
	ToolCallID string              `json:"tool_call_id,omitempty"`
}

type reasoning struct {
	Effort string `json:"effort,omitempty"`
}

// body builds the request for req, leaving out what the preset and model do
// not take (llm.SupportedParams is the single source of that answer).
func (p *Provider) body(req llm.ChatRequest) chatBody {
	ps := llm.SupportedParams(p.preset, req.Model)
	var b chatBody
	b.Model = req.Model
	b.Stream = true
	// Mistral rejects unknown fields and sends usage unasked.
	if p.preset != llm.PresetMistral {
		b.StreamOptions = &goopenai.StreamOptions{IncludeUsage: true}
	}
	if req.System != "" {
		b.Messages = append(b.Messages, wireMessage{Role: goopenai.ChatMessageRoleSystem, Content: req.System})
	}
	for _, m := range p.toolImages(req.Model, req.Messages) {
		if msg, ok := message(m); ok {
			b.Messages = append(b.Messages, msg)
		}
	}
	pr := req.Params
	if ps.Temperature.Supported {
		b.Temperature = pr.Temperature
	}
	if ps.TopP.Supported {
		b.TopP = pr.TopP
	}
	if pr.MaxTokens > 0 {
		// OpenAI deprecated max_tokens and its reasoning models reject it;
		// other servers mostly know only max_tokens.
		if p.preset == llm.PresetOpenAI || llm.IsOpenAIReasoningModel(req.Model) {
			b.MaxCompletionTokens = pr.MaxTokens
		} else {
			b.MaxTokens = pr.MaxTokens
		}
	}
	if pr.ReasoningEffort != "" && ps.ReasoningEffort.Supported {
		if p.preset == llm.PresetOpenRouter {
			b.Reasoning = &reasoning{Effort: pr.ReasoningEffort}
		} else {
			b.ReasoningEffort = pr.ReasoningEffort
		}
	}
	if pr.Think != nil && ps.Think.Supported {
		b.ChatTemplateKwargs = map[string]any{"enable_thinking": *pr.Think}
	}
	p.extras(&b, req)
	b.Tools = tools(req.Tools)
	if req.ToolChoice != "" && len(b.Tools) > 0 {
		// auto, none and required are OpenAI's own words; without tools
		// OpenAI refuses any tool_choice.
		b.ToolChoice = req.ToolChoice
	}
	return b
}

// toolImages places the images of tool results: tool messages carry only
// text, so they follow in a user message. Mistral refuses a user message
// right after tool messages ("Unexpected role 'user' after role 'tool'"),
// on its own API and through other servers, so there the results' words
// are all the model gets.
func (p *Provider) toolImages(model string, msgs []llm.Message) []llm.Message {
	if p.preset != llm.PresetMistral && !llm.IsMistralModel(model) {
		return llm.ToolImagesAsUser(msgs)
	}
	out := slices.Clone(msgs)
	for i := range out {
		if out[i].Role == llm.RoleTool {
			out[i].Images = nil
		}
	}
	return out
}

// message converts one message; images become data URLs in content parts.
// An empty message is skipped (several servers reject empty content), but
// not a tool result or a turn that called tools.
func message(m llm.Message) (wireMessage, bool) {
	switch {
	case m.Role == llm.RoleTool:
		return wireMessage{Role: llm.RoleTool, Content: m.Content, ToolCallID: m.ToolCallID}, true
	case len(m.ToolCalls) > 0:
		w := wireMessage{Role: m.Role, ToolCalls: toolCalls(m.ToolCalls)}
		if m.Content != "" {
			w.Content = m.Content
		}
		return w, true
	case len(m.Images) == 0 || m.Role != llm.RoleUser:
		return wireMessage{Role: m.Role, Content: m.Content}, m.Content != ""
	}
	var parts []goopenai.ChatMessagePart
	if m.Content != "" {
		parts = append(parts, goopenai.ChatMessagePart{Type: goopenai.ChatMessagePartTypeText, Text: m.Content})
	}
	for _, im := range m.Images {
		parts = append(parts, goopenai.ChatMessagePart{
			Type:     goopenai.ChatMessagePartTypeImageURL,
			ImageURL: &goopenai.ChatMessageImageURL{URL: "data:" + im.MIME + ";base64," + base64.StdEncoding.EncodeToString(im.Data)},
		})
	}
	return wireMessage{Role: m.Role, Content: parts}, true
}

// Chat streams a completion.
func (p *Provider) Chat(ctx context.Context, req llm.ChatRequest, onDelta func(llm.Delta)) (llm.Result, error) {
	if err := req.CheckTools(); err != nil {
		return llm.Result{}, err
	}
	payload, err := json.Marshal(p.body(req))
	if err != nil {
		return llm.Result{}, p.ep.Err(fmt.Errorf("encode chat request: %w", err), req.Model)
	}
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, p.base+"/chat/completions", bytes.NewReader(payload))
	if err != nil {
		return llm.Result{}, p.ep.Err(fmt.Errorf("build chat request: %w", err), req.Model)
	}
	p.newRequest(hreq)
	hreq.Header.Set("Accept", "text/event-stream")
	resp, err := p.hc.Do(hreq)
	if err != nil {
		return llm.Result{}, p.ep.Err(ctxErr(ctx, err), req.Model)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return llm.Result{}, p.ep.Err(httpx.StatusError(resp), req.Model)
	}
	tags := llm.NewThinkTags(onDelta)
	res, err := readStream(resp.Body, tags.Add)
	tags.Flush()
	if err != nil {
		return res, p.ep.Err(ctxErr(ctx, err), req.Model)
	}
	return res, nil
}

// ctxErr prefers the context's own error: after a stop, the transport's
// error text varies, but the caller must see context.Canceled.
func ctxErr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("stream chat: %w", ctx.Err())
	}
	return err
}
