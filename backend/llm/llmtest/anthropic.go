package llmtest

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// AnthropicHandler serves the Anthropic Messages API (paths /v1/messages,
// /v1/models, /v1/models/{id}).
func (f *Fake) AnthropicHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/messages", f.anthropicChat)
	mux.HandleFunc("GET /v1/models", f.anthropicModels)
	mux.HandleFunc("GET /v1/models/{id...}", f.anthropicModel)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		anthropicError(w, 404, "", "Not found", "")
	})
	return mux
}

func anthropicError(w http.ResponseWriter, status int, typ, msg, retryAfter string) {
	if typ == "" {
		typ = anthropicType(status)
	}
	setRetryAfter(w, retryAfter)
	w.Header().Set("request-id", "req_fake")
	writeJSON(w, status, map[string]any{"type": "error", "error": map[string]any{"type": typ, "message": msg}, "request_id": "req_fake"})
}

func anthropicType(status int) string {
	switch status {
	case 400, 422:
		return "invalid_request_error"
	case 401:
		return "authentication_error"
	case 402:
		return "billing_error"
	case 403:
		return "permission_error"
	case 404:
		return "not_found_error"
	case 413:
		return "request_too_large"
	case 429:
		return "rate_limit_error"
	case 529:
		return "overloaded_error"
	}
	return "api_error"
}

func (f *Fake) anthropicAuth(w http.ResponseWriter, r *http.Request) bool {
	key := f.key()
	if key == "" {
		return true
	}
	if r.Header.Get("x-api-key") == key || strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ") == key {
		return true
	}
	anthropicError(w, 401, "", "invalid x-api-key", "")
	return false
}

func (f *Fake) anthropicFailure(w http.ResponseWriter, r *http.Request, ep Endpoint) bool {
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
	anthropicError(w, fl.Status, "", orDefault(fl.Message, http.StatusText(fl.Status)), fl.RetryAfter)
	return true
}

type anthropicBlock struct {
	Type string  `json:"type"`
	Text *string `json:"text"`
	// tool_use
	ID    string          `json:"id"`
	Name  string          `json:"name"`
	Input json.RawMessage `json:"input"`
	// thinking (signed) and redacted_thinking (data)
	Thinking  *string `json:"thinking"`
	Signature string  `json:"signature"`
	Data      string  `json:"data"`
	// tool_result
	ToolUseID string          `json:"tool_use_id"`
	Content   json.RawMessage `json:"content"`
	IsError   *bool           `json:"is_error"`
	Source    struct {
		Type      string `json:"type"`
		MediaType string `json:"media_type"`
		Data      string `json:"data"`
		URL       string `json:"url"`
	} `json:"source"`
}

// blocks decodes Anthropic content: a string or a list of blocks.
func blocks(raw json.RawMessage) ([]anthropicBlock, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return []anthropicBlock{{Type: "text", Text: &s}}, nil
	}
	var bs []anthropicBlock
	err := json.Unmarshal(raw, &bs)
	return bs, err
}

func parseAnthropicChat(c *Call) (maxTokensSet bool, err error) {
	var req struct {
		Model     string          `json:"model"`
		MaxTokens *int            `json:"max_tokens"`
		System    json.RawMessage `json:"system"`
		Messages  []struct {
			Role    string          `json:"role"`
			Content json.RawMessage `json:"content"`
		} `json:"messages"`
		Tools       []anthropicTool      `json:"tools"`
		ToolChoice  *anthropicToolChoice `json:"tool_choice"`
		Stream      bool                 `json:"stream"`
		Temperature *float64             `json:"temperature"`
		TopP        *float64             `json:"top_p"`
		Thinking    *struct {
			Type         string `json:"type"`
			BudgetTokens int    `json:"budget_tokens"`
		} `json:"thinking"`
		OutputConfig *struct {
			Effort string `json:"effort"`
		} `json:"output_config"`
	}
	if err := json.Unmarshal(c.Body, &req); err != nil {
		return false, err
	}
	if err := checkAnthropicFields(c.Body); err != nil {
		return false, err
	}
	c.Model, c.Stream, c.Temperature, c.TopP = req.Model, req.Stream, req.Temperature, req.TopP
	if req.MaxTokens != nil {
		c.MaxTokens, c.MaxTokensField, maxTokensSet = *req.MaxTokens, "max_tokens", true
	}
	if req.Thinking != nil {
		on := req.Thinking.Type == "enabled" || req.Thinking.Type == "adaptive"
		c.Think, c.ThinkType, c.ThinkBudget = &on, req.Thinking.Type, req.Thinking.BudgetTokens
	}
	if req.OutputConfig != nil {
		c.ReasoningEffort = req.OutputConfig.Effort
	}
	sys, err := blocks(req.System)
	if err != nil {
		return maxTokensSet, fmt.Errorf("system: %w", err)
	}
	var st []string
	for _, b := range sys {
		st = append(st, textOf(b))
	}
	if err := parseAnthropicTools(c, req.Tools, req.ToolChoice); err != nil {
		return maxTokensSet, err
	}
	c.System = strings.Join(st, "\n")
	startsThinking := make([]bool, len(req.Messages))
	for i, m := range req.Messages {
		bs, err := blocks(m.Content)
		if err != nil {
			return maxTokensSet, fmt.Errorf("messages.%d.content: %w", i, err)
		}
		msg := Message{Role: m.Role}
		var texts []string
		for j, b := range bs {
			switch b.Type {
			case "text":
				if b.Text != nil && *b.Text == "" && isList(m.Content) {
					return maxTokensSet, badRequest(fmt.Sprintf("messages.%d.content.%d.text: text content blocks must be non-empty", i, j))
				}
				texts = append(texts, textOf(b))
			case "tool_use", "tool_result":
				if err := parseAnthropicToolBlock(&msg, i, j, b); err != nil {
					return maxTokensSet, err
				}
			case "thinking", "redacted_thinking":
				if err := checkThinkingBlock(m.Role, i, j, b); err != nil {
					return maxTokensSet, err
				}
				startsThinking[i] = startsThinking[i] || j == 0
			case "image":
				img, err := anthropicImage(fmt.Sprintf("messages.%d.content.%d", i, j), b)
				if err != nil {
					return maxTokensSet, err
				}
				msg.Images = append(msg.Images, img)
			}
		}
		msg.Text = strings.Join(texts, "\n")
		c.Messages = append(c.Messages, msg)
	}
	if err := checkAnthropicToolHistory(c.Messages); err != nil {
		return maxTokensSet, err
	}
	return maxTokensSet, checkThinkingKept(c, startsThinking)
}

func (f *Fake) anthropicChat(w http.ResponseWriter, r *http.Request) {
	c, ok := readCall(r, Anthropic, EndpointChat)
	if !ok {
		return
	}
	hasMax, err := parseAnthropicChat(c)
	f.record(c)
	var bad badRequest
	if errors.As(err, &bad) {
		anthropicError(w, 400, "", bad.Error(), "")
		return
	}
	if err != nil {
		anthropicError(w, 400, "", err.Error(), "")
		return
	}
	if !f.anthropicAuth(w, r) {
		return
	}
	// The checks the real API makes before anything else.
	switch {
	case !hasMax:
		anthropicError(w, 400, "", "max_tokens: Field required", "")
		return
	case c.ThinkType == "enabled" && c.ThinkBudget < 1024:
		anthropicError(w, 400, "", "thinking.enabled.budget_tokens: Input should be greater than or equal to 1024", "")
		return
	case c.ThinkType == "enabled" && c.ThinkBudget >= c.MaxTokens:
		anthropicError(w, 400, "", "`max_tokens` must be greater than `thinking.budget_tokens`", "")
		return
	}
	if m, known := f.model(c.Model); known && c.Think != nil && *c.Think && !m.Thinking {
		anthropicError(w, 400, "", fmt.Sprintf("%s does not support thinking", c.Model), "")
		return
	}
	s, v := f.script(c)
	if !v.ok {
		anthropicError(w, v.status, "", v.msg, "")
		return
	}
	if !sleepCtx(r.Context(), s.FirstByteDelay) {
		return
	}
	if s.Status != 0 && s.Status != 200 {
		anthropicError(w, s.Status, s.ErrorType, orDefault(s.ErrorMessage, http.StatusText(s.Status)), s.RetryAfter)
		return
	}
	s.ToolCalls = f.withIDs(s.ToolCalls, "toolu_")
	in, out := counts(c, s)
	if !c.Stream {
		thinking, text := gather(s)
		var content []any
		if thinking != "" {
			content = append(content, map[string]any{"type": "thinking", "thinking": thinking, "signature": fakeSignature})
		}
		if text != "" || len(s.ToolCalls) == 0 {
			content = append(content, map[string]any{"type": "text", "text": text})
		}
		for _, tc := range s.ToolCalls {
			content = append(content, map[string]any{"type": "tool_use", "id": tc.ID, "name": tc.Name, "input": jsonOrString(tc.Arguments)})
		}
		w.Header().Set("request-id", "req_fake")
		writeJSON(w, 200, map[string]any{"id": "msg_fake", "type": "message", "role": "assistant", "model": c.Model,
			"content": content, "stop_reason": anthropicStop(finishOr(s)), "stop_sequence": nil,
			"usage": map[string]int{"input_tokens": in - s.CachedTokens, "cache_read_input_tokens": s.CachedTokens, "output_tokens": out}})
		return
	}
	play(w, r, s, &anthropicStream{w: w, model: c.Model, in: in, out: out, cached: s.CachedTokens, index: -1})
}

func anthropicStop(reason string) string {
	switch reason {
	case "stop":
		return "end_turn"
	case "length":
		return "max_tokens"
	case "tool_calls":
		return "tool_use"
	case "content_filter":
		return "refusal"
	}
	return reason
}

type anthropicStream struct {
	w       http.ResponseWriter
	model   string
	in, out int
	cached  int    // of in, read from the cache
	index   int    // current content block, -1 before the first
	block   string // its type
}

func (a *anthropicStream) event(name string, v any) {
	b, _ := json.Marshal(v)
	_, _ = fmt.Fprintf(a.w, "event: %s\ndata: %s\n\n", name, b)
}

func (a *anthropicStream) begin() {
	h := a.w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	h.Set("request-id", "req_fake")
	a.w.WriteHeader(200)
	a.event("message_start", map[string]any{"type": "message_start", "message": map[string]any{
		"id": "msg_fake", "type": "message", "role": "assistant", "model": a.model, "content": []any{},
		"stop_reason": nil, "stop_sequence": nil,
		"usage": map[string]int{"input_tokens": a.in - a.cached, "cache_creation_input_tokens": 0, "cache_read_input_tokens": a.cached, "output_tokens": 1},
	}})
	a.event("ping", map[string]string{"type": "ping"})
}

// open switches to a block of typ, closing the previous one.
func (a *anthropicStream) open(typ string) {
	if a.block == typ {
		return
	}
	a.close()
	a.index++
	a.block = typ
	cb := map[string]any{"type": "text", "text": ""}
	if typ == "thinking" {
		cb = map[string]any{"type": "thinking", "thinking": "", "signature": ""}
	}
	a.event("content_block_start", map[string]any{"type": "content_block_start", "index": a.index, "content_block": cb})
}

func (a *anthropicStream) close() {
	if a.block == "" {
		return
	}
	if a.block == "thinking" {
		a.event("content_block_delta", map[string]any{"type": "content_block_delta", "index": a.index,
			"delta": map[string]string{"type": "signature_delta", "signature": fakeSignature}})
	}
	a.event("content_block_stop", map[string]any{"type": "content_block_stop", "index": a.index})
	a.block = ""
}

func (a *anthropicStream) thinking(s string) {
	a.open("thinking")
	a.event("content_block_delta", map[string]any{"type": "content_block_delta", "index": a.index,
		"delta": map[string]string{"type": "thinking_delta", "thinking": s}})
}

func (a *anthropicStream) text(s string) {
	a.open("text")
	a.event("content_block_delta", map[string]any{"type": "content_block_delta", "index": a.index,
		"delta": map[string]string{"type": "text_delta", "text": s}})
}

func (a *anthropicStream) malformed() {
	_, _ = io.WriteString(a.w, "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"brok\n\n")
}

func (a *anthropicStream) streamError(s Script) {
	a.event("error", map[string]any{"type": "error", "error": map[string]string{
		"type": orDefault(s.ErrorType, "overloaded_error"), "message": orDefault(s.ErrorMessage, "Overloaded")}})
}

func (a *anthropicStream) finish(s Script) {
	a.close()
	a.event("message_delta", map[string]any{"type": "message_delta",
		"delta": map[string]any{"stop_reason": anthropicStop(finishOr(s)), "stop_sequence": nil},
		"usage": map[string]int{"output_tokens": a.out}})
	a.event("message_stop", map[string]string{"type": "message_stop"})
}

// finished is finish: message_stop is the stream's last event.
func (a *anthropicStream) finished(s Script) { a.finish(s) }

func anthropicModelJSON(m Model) map[string]any {
	sup := func(b bool) map[string]bool { return map[string]bool{"supported": b} }
	maxOut := 8192
	if m.ContextLength > 0 && m.ContextLength < maxOut {
		maxOut = m.ContextLength
	}
	return map[string]any{
		"type": "model", "id": m.Name, "display_name": orDefault(m.DisplayName, m.Name),
		"created_at": "2025-01-01T00:00:00Z", "max_input_tokens": m.ContextLength, "max_tokens": maxOut,
		"capabilities": map[string]any{
			"batch": sup(false), "citations": sup(false), "code_execution": sup(false),
			"image_input": sup(m.Vision), "pdf_input": sup(false), "structured_outputs": sup(false),
			"thinking": map[string]any{"supported": m.Thinking, "types": map[string]any{
				"enabled": sup(m.Thinking), "adaptive": sup(false), "between_tools": sup(false)}},
			"effort": map[string]any{"supported": m.Thinking, "low": sup(m.Thinking), "medium": sup(m.Thinking),
				"high": sup(m.Thinking), "xhigh": sup(false), "max": sup(false)},
		},
	}
}

func (f *Fake) anthropicModels(w http.ResponseWriter, r *http.Request) {
	c, _ := readCall(r, Anthropic, EndpointModels)
	f.record(c)
	if !f.anthropicAuth(w, r) || f.anthropicFailure(w, r, EndpointModels) {
		return
	}
	var all []Model
	for _, m := range f.Models() {
		if !m.Embedding { // Anthropic has no embedding models
			all = append(all, m)
		}
	}
	// Pagination as the API does it: limit (default 20) and after_id.
	limit := 20
	if l, err := strconv.Atoi(r.URL.Query().Get("limit")); err == nil && l > 0 {
		limit = l
	}
	start := 0
	if after := r.URL.Query().Get("after_id"); after != "" {
		for i, m := range all {
			if m.Name == after {
				start = i + 1
			}
		}
	}
	end := min(start+limit, len(all))
	page := []any{}
	for _, m := range all[start:end] {
		page = append(page, anthropicModelJSON(m))
	}
	var first, last any
	if end > start {
		first, last = all[start].Name, all[end-1].Name
	}
	writeJSON(w, 200, map[string]any{"data": page, "has_more": end < len(all), "first_id": first, "last_id": last})
}

func (f *Fake) anthropicModel(w http.ResponseWriter, r *http.Request) {
	c, _ := readCall(r, Anthropic, EndpointModel)
	c.Model = r.PathValue("id")
	f.record(c)
	if !f.anthropicAuth(w, r) || f.anthropicFailure(w, r, EndpointModel) {
		return
	}
	m, ok := f.model(c.Model)
	if !ok || m.Embedding {
		anthropicError(w, 404, "", "model: "+c.Model, "")
		return
	}
	writeJSON(w, 200, anthropicModelJSON(m))
}
