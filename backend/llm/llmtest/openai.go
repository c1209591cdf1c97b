package llmtest

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strings"
)

// OpenAIHandler serves the OpenAI chat-completions API (paths relative to
// the base URL, e.g. /chat/completions). reasoningField names the delta
// field that carries thinking unless a Script overrides it.
func (f *Fake) OpenAIHandler(reasoningField string) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /chat/completions", func(w http.ResponseWriter, r *http.Request) {
		f.openaiChat(w, r, reasoningField)
	})
	mux.HandleFunc("GET /models", f.openaiModels)
	mux.HandleFunc("POST /embeddings", f.openaiEmbed)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		openaiError(w, http.StatusNotFound, "", fmt.Sprintf("Unknown request URL: %s %s.", r.Method, r.URL.Path), "")
	})
	return mux
}

func openaiError(w http.ResponseWriter, status int, typ, msg, retryAfter string) {
	code := any(nil)
	if typ == "" {
		switch status {
		case 401:
			typ, code = "invalid_request_error", "invalid_api_key"
		case 404:
			typ, code = "invalid_request_error", "model_not_found"
		case 429:
			typ, code = "requests", "rate_limit_exceeded"
		case 400, 413, 422:
			typ = "invalid_request_error"
		default:
			typ = "server_error"
		}
	}
	setRetryAfter(w, retryAfter)
	writeJSON(w, status, map[string]any{"error": map[string]any{"message": msg, "type": typ, "param": nil, "code": code}})
}

func (f *Fake) openaiAuth(w http.ResponseWriter, r *http.Request) bool {
	key := f.key()
	if key == "" {
		return true
	}
	got := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	if got == key {
		return true
	}
	msg := "You didn't provide an API key."
	if got != "" {
		msg = "Incorrect API key provided: " + mask(got) + ". You can find your API key at https://platform.openai.com/account/api-keys."
	}
	openaiError(w, http.StatusUnauthorized, "", msg, "")
	return false
}

func (f *Fake) openaiFailure(w http.ResponseWriter, r *http.Request, ep Endpoint) bool {
	fl, ok := f.nextFailure(ep)
	if !ok {
		return false
	}
	if !sleepCtx(r.Context(), fl.Delay) {
		return true
	}
	if fl.Status == 0 {
		return false
	}
	openaiError(w, fl.Status, "", orDefault(fl.Message, http.StatusText(fl.Status)), fl.RetryAfter)
	return true
}

type openaiRequest struct {
	Model         string          `json:"model"`
	Messages      []openaiMessage `json:"messages"`
	Stream        bool            `json:"stream"`
	StreamOptions *struct {
		IncludeUsage bool `json:"include_usage"`
	} `json:"stream_options"`
	Temperature         *float64                 `json:"temperature"`
	TopP                *float64                 `json:"top_p"`
	MaxTokens           *int                     `json:"max_tokens"`
	MaxCompletionTokens *int                     `json:"max_completion_tokens"`
	ReasoningEffort     string                   `json:"reasoning_effort"`
	Reasoning           *struct{ Effort string } `json:"reasoning"`
	ChatTemplateKwargs  map[string]any           `json:"chat_template_kwargs"`
	Tools               []openaiTool             `json:"tools"`
	ToolChoice          json.RawMessage          `json:"tool_choice"`
}

type openaiMessage struct {
	Role       string           `json:"role"`
	Content    json.RawMessage  `json:"content"`
	ToolCalls  []openaiToolCall `json:"tool_calls"`
	ToolCallID string           `json:"tool_call_id"`
}

func parseOpenAIChat(c *Call) error {
	var req openaiRequest
	if err := json.Unmarshal(c.Body, &req); err != nil {
		return err
	}
	c.Model, c.Stream = req.Model, req.Stream
	c.IncludeUsage = req.StreamOptions != nil && req.StreamOptions.IncludeUsage
	c.Temperature, c.TopP = req.Temperature, req.TopP
	if req.MaxTokens != nil {
		c.MaxTokens, c.MaxTokensField = *req.MaxTokens, "max_tokens"
	}
	if req.MaxCompletionTokens != nil {
		c.MaxTokens, c.MaxTokensField = *req.MaxCompletionTokens, "max_completion_tokens"
	}
	c.ReasoningEffort = req.ReasoningEffort
	if req.Reasoning != nil && req.Reasoning.Effort != "" {
		c.ReasoningEffort = req.Reasoning.Effort
	}
	if v, ok := req.ChatTemplateKwargs["enable_thinking"].(bool); ok {
		c.Think = &v
	}
	if err := parseOpenAITools(c, &req); err != nil {
		return err
	}
	for i, m := range req.Messages {
		msg := Message{Role: m.Role}
		if err := parseOpenAIToolParts(&msg, i, m); err != nil {
			return err
		}
		var s string
		if err := json.Unmarshal(m.Content, &s); err == nil {
			msg.Text = s
		} else {
			var parts []struct {
				Type     string `json:"type"`
				Text     string `json:"text"`
				ImageURL struct {
					URL string `json:"url"`
				} `json:"image_url"`
			}
			if err := json.Unmarshal(m.Content, &parts); err != nil && len(m.Content) > 0 && string(m.Content) != "null" {
				return fmt.Errorf("message content: %w", err)
			}
			var texts []string
			for _, p := range parts {
				switch p.Type {
				case "text":
					texts = append(texts, p.Text)
				case "image_url":
					if err := checkOpenAIImageRole(i, m.Role); err != nil {
						return err
					}
					msg.Images = append(msg.Images, decodeDataURL(p.ImageURL.URL))
				}
			}
			msg.Text = strings.Join(texts, "\n")
		}
		if m.Role == "system" || m.Role == "developer" {
			if c.System != "" {
				c.System += "\n"
			}
			c.System += msg.Text
			continue
		}
		c.Messages = append(c.Messages, msg)
	}
	if err := parseOpenAIExtras(c); err != nil {
		return err
	}
	return checkOpenAIToolHistory(req.Messages)
}

// decodeDataURL turns data:image/png;base64,… into an Image; other URLs are
// kept as URLs.
func decodeDataURL(u string) Image {
	rest, ok := strings.CutPrefix(u, "data:")
	if !ok {
		return Image{URL: u}
	}
	meta, data, ok := strings.Cut(rest, ",")
	if !ok {
		return Image{URL: u}
	}
	mime, _, _ := strings.Cut(meta, ";")
	b, err := base64.StdEncoding.DecodeString(data)
	if err != nil {
		return Image{MIME: mime, URL: u}
	}
	return Image{MIME: mime, Data: b}
}

func (f *Fake) openaiChat(w http.ResponseWriter, r *http.Request, reasoningField string) {
	c, ok := readCall(r, OpenAI, EndpointChat)
	if !ok {
		return
	}
	err := parseOpenAIChat(c)
	f.record(c)
	var bad badRequest
	if errors.As(err, &bad) {
		openaiError(w, 400, "", bad.Error(), "")
		return
	}
	if err != nil {
		openaiError(w, 400, "", "We could not parse the JSON body of your request: "+err.Error(), "")
		return
	}
	if !f.openaiAuth(w, r) {
		return
	}
	s, v := f.script(c)
	if !v.ok {
		openaiError(w, v.status, "", v.msg, "")
		return
	}
	if !sleepCtx(r.Context(), s.FirstByteDelay) {
		return
	}
	if s.Status != 0 && s.Status != 200 {
		openaiError(w, s.Status, "", orDefault(s.ErrorMessage, http.StatusText(s.Status)), s.RetryAfter)
		return
	}
	s.ToolCalls = f.withIDs(s.ToolCalls, "call_")
	field := orDefault(s.ReasoningField, reasoningField)
	in, out := counts(c, s)
	if !c.Stream {
		thinking, text := gather(s)
		msg := map[string]any{"role": "assistant", "content": text}
		if thinking != "" {
			msg[field] = thinking
		}
		if len(s.ToolCalls) > 0 {
			msg["tool_calls"] = openaiToolCallsJSON(s.ToolCalls)
			if text == "" {
				msg["content"] = nil
			}
		}
		writeJSON(w, 200, map[string]any{
			"id": "chatcmpl-fake", "object": "chat.completion", "created": fixedCreated, "model": c.Model,
			"choices": []any{map[string]any{"index": 0, "message": msg, "finish_reason": finishOr(s)}},
			"usage":   openaiUsage(in, out, s.CachedTokens),
		})
		return
	}
	play(w, r, s, &openaiStream{w: w, model: c.Model, field: field, usage: c.IncludeUsage && !s.NoUsage, in: in, out: out, cached: s.CachedTokens})
}

// fixedCreated keeps the fakes' bytes deterministic (Replay, golden tests).
const fixedCreated = 1735689600

type openaiStream struct {
	w       http.ResponseWriter
	model   string
	field   string
	usage   bool
	in, out int
	cached  int
	buf     bytes.Buffer
}

type openaiChunk struct {
	ID                string         `json:"id"`
	Object            string         `json:"object"`
	Created           int64          `json:"created"`
	Model             string         `json:"model"`
	SystemFingerprint string         `json:"system_fingerprint"`
	Choices           []openaiChoice `json:"choices"`
	Usage             map[string]any `json:"usage,omitempty"`
}

type openaiChoice struct {
	Index        int            `json:"index"`
	Delta        map[string]any `json:"delta"`
	Logprobs     any            `json:"logprobs"`
	FinishReason *string        `json:"finish_reason"`
}

// openaiUsage is the usage object, with prompt_tokens_details when some
// tokens came from the cache.
func openaiUsage(in, out, cached int) map[string]any {
	u := map[string]any{"prompt_tokens": in, "completion_tokens": out, "total_tokens": in + out}
	if cached > 0 {
		u["prompt_tokens_details"] = map[string]int{"cached_tokens": cached}
	}
	return u
}

func (o *openaiStream) chunk(delta map[string]any, finish *string, usage map[string]any) {
	ch := openaiChunk{ID: "chatcmpl-fake", Object: "chat.completion.chunk", Created: fixedCreated, Model: o.model, SystemFingerprint: "fp_fake", Choices: []openaiChoice{}}
	if delta != nil {
		ch.Choices = append(ch.Choices, openaiChoice{Delta: delta, FinishReason: finish})
	}
	ch.Usage = usage
	o.buf.Reset()
	o.buf.WriteString("data: ")
	_ = json.NewEncoder(&o.buf).Encode(ch) // Encode ends with \n
	o.buf.WriteString("\n")
	_, _ = o.w.Write(o.buf.Bytes())
}

func (o *openaiStream) begin() {
	h := o.w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	o.w.WriteHeader(200)
	o.chunk(map[string]any{"role": "assistant", "content": ""}, nil, nil)
}

func (o *openaiStream) thinking(s string) { o.chunk(map[string]any{o.field: s}, nil, nil) }
func (o *openaiStream) text(s string)     { o.chunk(map[string]any{"content": s}, nil, nil) }

func (o *openaiStream) malformed() {
	_, _ = io.WriteString(o.w, "data: {\"id\":\"chatcmpl-fake\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"brok\n\n")
}

func (o *openaiStream) streamError(s Script) {
	if s.ErrorField {
		b, _ := json.Marshal(map[string]any{"code": 500, "message": orDefault(s.ErrorMessage, "Internal server error"),
			"type": orDefault(s.ErrorType, "server_error")})
		_, _ = fmt.Fprintf(o.w, "error: %s\n\n", b)
		return
	}
	b, _ := json.Marshal(map[string]any{"error": map[string]any{
		"message": orDefault(s.ErrorMessage, "The server had an error while processing your request."),
		"type":    orDefault(s.ErrorType, "server_error"), "param": nil, "code": nil}})
	_, _ = fmt.Fprintf(o.w, "data: %s\n\n", b)
}

func (o *openaiStream) finish(s Script) {
	o.finished(s)
	_, _ = io.WriteString(o.w, "data: [DONE]\n\n")
}

func (o *openaiStream) finished(s Script) {
	reason := finishOr(s)
	o.chunk(map[string]any{}, &reason, nil)
	if o.usage {
		o.chunk(nil, nil, openaiUsage(o.in, o.out, o.cached))
	}
}

func (f *Fake) openaiModels(w http.ResponseWriter, r *http.Request) {
	c, _ := readCall(r, OpenAI, EndpointModels)
	f.record(c)
	if !f.openaiAuth(w, r) || f.openaiFailure(w, r, EndpointModels) {
		return
	}
	data := []any{}
	for _, m := range f.Models() {
		mods := []string{"text"}
		if m.Vision {
			mods = append(mods, "image")
		}
		params := []string{"max_tokens", "temperature", "top_p"}
		if m.Tools {
			params = append(params, "tools")
		}
		if m.Thinking {
			params = append(params, "reasoning")
		}
		// id/object/created/owned_by are OpenAI's; context_length,
		// architecture and supported_parameters are what OpenRouter adds.
		data = append(data, map[string]any{
			"id": m.Name, "object": "model", "created": fixedCreated, "owned_by": "fakellm",
			"context_length":       m.ContextLength,
			"architecture":         map[string]any{"input_modalities": mods, "output_modalities": []string{"text"}},
			"supported_parameters": params,
		})
	}
	writeJSON(w, 200, map[string]any{"object": "list", "data": data})
}

func (f *Fake) openaiEmbed(w http.ResponseWriter, r *http.Request) {
	c, ok := readCall(r, OpenAI, EndpointEmbed)
	if !ok {
		return
	}
	var req struct {
		Model          string          `json:"model"`
		Input          json.RawMessage `json:"input"`
		Dimensions     int             `json:"dimensions"`
		EncodingFormat string          `json:"encoding_format"`
	}
	err := json.Unmarshal(c.Body, &req)
	if err == nil {
		c.Model, c.Dimensions = req.Model, req.Dimensions
		c.Inputs, err = stringOrList(req.Input)
	}
	f.record(c)
	if err != nil {
		openaiError(w, 400, "", "We could not parse the JSON body of your request: "+err.Error(), "")
		return
	}
	if !f.openaiAuth(w, r) || f.openaiFailure(w, r, EndpointEmbed) {
		return
	}
	vecs, status, msg := f.embed(c)
	if status != 0 {
		openaiError(w, status, "", msg, "")
		return
	}
	data := make([]any, len(vecs))
	words := 0
	for i, v := range vecs {
		var emb any = v
		if req.EncodingFormat == "base64" {
			b := make([]byte, 4*len(v))
			for j, x := range v {
				binary.LittleEndian.PutUint32(b[4*j:], math.Float32bits(x))
			}
			emb = base64.StdEncoding.EncodeToString(b)
		}
		data[i] = map[string]any{"object": "embedding", "index": i, "embedding": emb}
		words += len(strings.Fields(c.Inputs[i]))
	}
	writeJSON(w, 200, map[string]any{"object": "list", "data": data, "model": c.Model,
		"usage": map[string]int{"prompt_tokens": words, "total_tokens": words}})
}

// stringOrList decodes an embeddings input: a string or a list of strings.
func stringOrList(raw json.RawMessage) ([]string, error) {
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return []string{s}, nil
	}
	var l []string
	if err := json.Unmarshal(raw, &l); err != nil {
		return nil, fmt.Errorf("input must be a string or a list of strings")
	}
	return l, nil
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}
