package llmtest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// OllamaHandler serves Ollama's native API (paths /api/chat, /api/tags,
// /api/show, /api/pull, /api/delete, /api/embed, /api/version).
func (f *Fake) OllamaHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/chat", f.ollamaChat)
	mux.HandleFunc("GET /api/tags", f.ollamaTags)
	mux.HandleFunc("POST /api/show", f.ollamaShow)
	mux.HandleFunc("POST /api/pull", f.ollamaPull)
	mux.HandleFunc("DELETE /api/delete", f.ollamaDelete)
	mux.HandleFunc("POST /api/embed", f.ollamaEmbed)
	mux.HandleFunc("GET /api/version", func(w http.ResponseWriter, r *http.Request) {
		c, _ := readCall(r, Ollama, EndpointVersion)
		f.record(c)
		if !f.ollamaAuth(w, r) || f.ollamaFailure(w, r, EndpointVersion) {
			return
		}
		writeJSON(w, 200, map[string]string{"version": f.version})
	})
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "Ollama is running")
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(404)
		io.WriteString(w, "404 page not found")
	})
	return mux
}

func ollamaError(w http.ResponseWriter, status int, msg, retryAfter string) {
	setRetryAfter(w, retryAfter)
	writeJSON(w, status, map[string]string{"error": msg})
}

func (f *Fake) ollamaAuth(w http.ResponseWriter, r *http.Request) bool {
	key := f.key()
	if key == "" || strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ") == key {
		return true
	}
	ollamaError(w, 401, "unauthorized", "")
	return false
}

func (f *Fake) ollamaFailure(w http.ResponseWriter, r *http.Request, ep Endpoint) bool {
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
	ollamaError(w, fl.Status, orDefault(fl.Message, http.StatusText(fl.Status)), fl.RetryAfter)
	return true
}

func parseOllamaChat(c *Call) error {
	var req struct {
		Model    string `json:"model"`
		Messages []struct {
			Role       string           `json:"role"`
			Content    string           `json:"content"`
			Images     []string         `json:"images"`
			ToolCalls  []ollamaToolCall `json:"tool_calls"`
			ToolName   string           `json:"tool_name"`
			ToolCallID string           `json:"tool_call_id"`
		} `json:"messages"`
		Tools   []openaiTool    `json:"tools"` // the same shape as OpenAI's
		Stream  *bool           `json:"stream"`
		Options map[string]any  `json:"options"`
		Think   any             `json:"think"`
		Format  json.RawMessage `json:"format"`
	}
	if err := json.Unmarshal(c.Body, &req); err != nil {
		return err
	}
	c.Model = req.Model
	c.Stream = req.Stream == nil || *req.Stream
	num := func(k string) (float64, bool) {
		v, ok := req.Options[k].(float64)
		return v, ok
	}
	if v, ok := num("temperature"); ok {
		c.Temperature = &v
	}
	if v, ok := num("top_p"); ok {
		c.TopP = &v
	}
	if v, ok := num("num_predict"); ok {
		c.MaxTokens, c.MaxTokensField = int(v), "num_predict"
	}
	if v, ok := num("num_ctx"); ok {
		c.ContextLength = int(v)
	}
	for i, t := range req.Tools {
		if t.Function == nil || t.Function.Name == "" {
			return fmt.Errorf("tools.%d: a tool needs a function name", i)
		}
		c.Tools = append(c.Tools, Tool{Type: t.Type, Name: t.Function.Name, Description: t.Function.Description, Parameters: t.Function.Parameters})
	}
	switch t := req.Think.(type) {
	case bool:
		c.Think = &t
	case string:
		on := t != ""
		c.Think, c.ReasoningEffort = &on, t
	}
	for i, m := range req.Messages {
		if m.Role == "system" {
			if c.System != "" {
				c.System += "\n"
			}
			c.System += m.Content
			continue
		}
		msg := Message{Role: m.Role, Text: m.Content}
		for _, tc := range m.ToolCalls {
			msg.ToolCalls = append(msg.ToolCalls, ToolCall{ID: tc.ID, Name: tc.Function.Name, Arguments: string(tc.Function.Arguments)})
		}
		if m.Role == "tool" {
			msg.ToolResults = []ToolResult{{CallID: m.ToolCallID, Name: m.ToolName, Content: m.Content}}
		}
		for _, b64 := range m.Images {
			b, err := base64.StdEncoding.DecodeString(b64)
			if err != nil {
				return fmt.Errorf("messages.%d: invalid image data: %w", i, err)
			}
			msg.Images = append(msg.Images, Image{MIME: http.DetectContentType(b), Data: b})
		}
		c.Messages = append(c.Messages, msg)
	}
	return parseOllamaExtras(c, req.Format, req.Options)
}

func (f *Fake) ollamaChat(w http.ResponseWriter, r *http.Request) {
	c, ok := readCall(r, Ollama, EndpointChat)
	if !ok {
		return
	}
	err := parseOllamaChat(c)
	f.record(c)
	if err != nil {
		ollamaError(w, 400, err.Error(), "")
		return
	}
	if !f.ollamaAuth(w, r) {
		return
	}
	// Ollama refuses think=true for models without the capability; the
	// adapter must check /api/show first.
	if m, known := f.model(c.Model); known && c.Think != nil && *c.Think && !m.Thinking {
		ollamaError(w, 400, fmt.Sprintf("%q does not support thinking", c.Model), "")
		return
	}
	if m, known := f.model(c.Model); known && len(c.Tools) > 0 && !m.Tools {
		ollamaError(w, 400, fmt.Sprintf("%q does not support tools", c.Model), "")
		return
	}
	s, v := f.script(c)
	if !v.ok {
		ollamaError(w, v.status, v.msg, "")
		return
	}
	if !sleepCtx(r.Context(), s.FirstByteDelay) {
		return
	}
	if s.Status != 0 && s.Status != 200 {
		ollamaError(w, s.Status, orDefault(s.ErrorMessage, http.StatusText(s.Status)), s.RetryAfter)
		return
	}
	in, out := counts(c, s)
	o := &ollamaStream{w: w, model: c.Model, in: in, out: out, calls: s.ToolCalls}
	if !c.Stream {
		thinking, text := gather(s)
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		l := o.final(finishOr(s), !s.NoUsage, text, thinking)
		for i := range s.ToolCalls {
			l.Message.ToolCalls = append(l.Message.ToolCalls, o.toolCall(i))
		}
		o.line(l)
		return
	}
	play(w, r, s, o)
}

// fixedTime keeps the fake's bytes deterministic.
const fixedTime = "2025-01-01T00:00:00Z"

type ollamaStream struct {
	w       http.ResponseWriter
	model   string
	in, out int
	calls   []ScriptToolCall
}

type ollamaMsg struct {
	Role      string           `json:"role"`
	Content   string           `json:"content"`
	Thinking  string           `json:"thinking,omitempty"`
	ToolCalls []ollamaToolCall `json:"tool_calls,omitempty"`
}

type ollamaLine struct {
	Model              string    `json:"model"`
	CreatedAt          string    `json:"created_at"`
	Message            ollamaMsg `json:"message"`
	Done               bool      `json:"done"`
	DoneReason         string    `json:"done_reason,omitempty"`
	TotalDuration      int64     `json:"total_duration,omitempty"`
	LoadDuration       int64     `json:"load_duration,omitempty"`
	PromptEvalCount    int       `json:"prompt_eval_count,omitempty"`
	PromptEvalDuration int64     `json:"prompt_eval_duration,omitempty"`
	EvalCount          int       `json:"eval_count,omitempty"`
	EvalDuration       int64     `json:"eval_duration,omitempty"`
}

func (o *ollamaStream) line(v any) {
	b, _ := json.Marshal(v)
	b = append(b, '\n')
	_, _ = o.w.Write(b)
}

func (o *ollamaStream) final(reason string, usage bool, text, thinking string) ollamaLine {
	l := ollamaLine{Model: o.model, CreatedAt: fixedTime, Message: ollamaMsg{Role: "assistant", Content: text, Thinking: thinking},
		Done: true, DoneReason: ollamaDone(reason)}
	if usage {
		l.TotalDuration, l.LoadDuration = 1_000_000, 100_000
		l.PromptEvalCount, l.PromptEvalDuration = o.in, 200_000
		l.EvalCount, l.EvalDuration = o.out, 700_000
	}
	return l
}

func (o *ollamaStream) begin() {
	o.w.Header().Set("Content-Type", "application/x-ndjson")
	o.w.WriteHeader(200)
}

func (o *ollamaStream) thinking(s string) {
	o.line(ollamaLine{Model: o.model, CreatedAt: fixedTime, Message: ollamaMsg{Role: "assistant", Thinking: s}})
}

func (o *ollamaStream) text(s string) {
	o.line(ollamaLine{Model: o.model, CreatedAt: fixedTime, Message: ollamaMsg{Role: "assistant", Content: s}})
}

func (o *ollamaStream) malformed() {
	_, _ = io.WriteString(o.w, "{\"model\":\""+o.model+"\",\"message\":{\"role\":\"assistant\",\"content\":\"brok\n")
}

func (o *ollamaStream) streamError(s Script) {
	o.line(map[string]string{"error": orDefault(s.ErrorMessage, "an error was encountered while running the model")})
}

func (o *ollamaStream) finish(s Script) { o.line(o.final(finishOr(s), !s.NoUsage, "", "")) }

// finished is finish: the done line is the stream's last.
func (o *ollamaStream) finished(s Script) { o.finish(s) }

func (f *Fake) ollamaTags(w http.ResponseWriter, r *http.Request) {
	c, _ := readCall(r, Ollama, EndpointModels)
	f.record(c)
	if !f.ollamaAuth(w, r) || f.ollamaFailure(w, r, EndpointModels) {
		return
	}
	models := []any{}
	for _, m := range f.Models() {
		name := m.Name
		if !strings.Contains(name, ":") {
			name += ":latest"
		}
		models = append(models, map[string]any{
			"name": name, "model": name, "modified_at": fixedTime, "size": m.Size,
			"digest":  fmt.Sprintf("%064x", len(m.Name)),
			"details": ollamaDetails(m),
		})
	}
	writeJSON(w, 200, map[string]any{"models": models})
}

func ollamaDetails(m Model) map[string]any {
	return map[string]any{"parent_model": "", "format": "gguf", "family": "fake", "families": []string{"fake"},
		"parameter_size": "1B", "quantization_level": "Q4_K_M"}
}

func (f *Fake) ollamaShow(w http.ResponseWriter, r *http.Request) {
	c, ok := readCall(r, Ollama, EndpointShow)
	if !ok {
		return
	}
	var req struct {
		Model string `json:"model"`
		Name  string `json:"name"`
	}
	_ = json.Unmarshal(c.Body, &req)
	c.Model = orDefault(req.Model, req.Name)
	f.record(c)
	if !f.ollamaAuth(w, r) || f.ollamaFailure(w, r, EndpointShow) {
		return
	}
	m, known := f.model(c.Model)
	if !known {
		ollamaError(w, 404, fmt.Sprintf("model '%s' not found", c.Model), "")
		return
	}
	info := map[string]any{"general.architecture": "fake", "general.parameter_count": 1_000_000_000,
		"fake.context_length": m.ContextLength}
	if m.Embedding {
		info["fake.embedding_length"] = m.dims()
	}
	writeJSON(w, 200, map[string]any{
		"modelfile": "FROM " + m.Name, "parameters": "stop \"<|end|>\"", "template": "{{ .Prompt }}",
		"details": ollamaDetails(m), "model_info": info, "capabilities": m.ollamaCaps(), "modified_at": fixedTime,
	})
}

func (f *Fake) ollamaPull(w http.ResponseWriter, r *http.Request) {
	c, ok := readCall(r, Ollama, EndpointPull)
	if !ok {
		return
	}
	var req struct {
		Model  string `json:"model"`
		Name   string `json:"name"`
		Stream *bool  `json:"stream"`
	}
	_ = json.Unmarshal(c.Body, &req)
	c.Model = orDefault(req.Model, req.Name)
	c.Stream = req.Stream == nil || *req.Stream
	f.record(c)
	if !f.ollamaAuth(w, r) || f.ollamaFailure(w, r, EndpointPull) {
		return
	}
	f.mu.Lock()
	p := f.pull
	f.mu.Unlock()
	if p.Total <= 0 {
		p.Total = 1 << 20
	}
	if p.Steps <= 0 {
		p.Steps = 8
	}
	w.Header().Set("Content-Type", "application/x-ndjson")
	w.WriteHeader(200)
	fl, _ := w.(http.Flusher)
	send := func(v any) bool {
		b, _ := json.Marshal(v)
		b = append(b, '\n')
		if _, err := w.Write(b); err != nil {
			return false
		}
		if fl != nil {
			fl.Flush()
		}
		return true
	}
	send(map[string]string{"status": "pulling manifest"})
	if p.NotFound {
		send(map[string]string{"error": "pull model manifest: file does not exist"})
		return
	}
	digest := "sha256:" + fmt.Sprintf("%064x", len(c.Model)*7919)
	for i := 1; i <= p.Steps; i++ {
		if !sleepCtx(r.Context(), p.StepDelay) {
			return
		}
		if p.Error != "" && i > p.Steps/2 {
			send(map[string]string{"error": p.Error})
			return
		}
		send(map[string]any{"status": "pulling " + digest[7:19], "digest": digest, "total": p.Total, "completed": p.Total * int64(i) / int64(p.Steps)})
	}
	for _, st := range []string{"verifying sha256 digest", "writing manifest"} {
		send(map[string]string{"status": st})
	}
	if _, known := f.model(c.Model); !known {
		f.mu.Lock()
		f.models = append(f.models, Model{Name: c.Model, DisplayName: c.Model, ContextLength: 4096, Size: p.Total})
		f.mu.Unlock()
	}
	send(map[string]string{"status": "success"})
}

func (f *Fake) ollamaDelete(w http.ResponseWriter, r *http.Request) {
	c, ok := readCall(r, Ollama, EndpointDelete)
	if !ok {
		return
	}
	var req struct {
		Model string `json:"model"`
		Name  string `json:"name"`
	}
	_ = json.Unmarshal(c.Body, &req)
	c.Model = orDefault(req.Model, req.Name)
	f.record(c)
	if !f.ollamaAuth(w, r) || f.ollamaFailure(w, r, EndpointDelete) {
		return
	}
	f.mu.Lock()
	found := false
	for i, m := range f.models {
		if sameModel(m.Name, c.Model) {
			f.models = append(f.models[:i:i], f.models[i+1:]...)
			found = true
			break
		}
	}
	f.mu.Unlock()
	if !found {
		ollamaError(w, 404, fmt.Sprintf("model '%s' not found", c.Model), "")
		return
	}
	w.WriteHeader(200)
}

func (f *Fake) ollamaEmbed(w http.ResponseWriter, r *http.Request) {
	c, ok := readCall(r, Ollama, EndpointEmbed)
	if !ok {
		return
	}
	var req struct {
		Model      string          `json:"model"`
		Input      json.RawMessage `json:"input"`
		Dimensions int             `json:"dimensions"`
	}
	err := json.Unmarshal(c.Body, &req)
	if err == nil {
		c.Model, c.Dimensions = req.Model, req.Dimensions
		c.Inputs, err = stringOrList(req.Input)
	}
	f.record(c)
	if err != nil {
		ollamaError(w, 400, err.Error(), "")
		return
	}
	if !f.ollamaAuth(w, r) || f.ollamaFailure(w, r, EndpointEmbed) {
		return
	}
	vecs, status, msg := f.embed(c)
	if status != 0 {
		ollamaError(w, status, msg, "")
		return
	}
	words := 0
	for _, t := range c.Inputs {
		words += len(strings.Fields(t))
	}
	writeJSON(w, 200, map[string]any{"model": c.Model, "embeddings": vecs, "total_duration": 1_000_000,
		"load_duration": 100_000, "prompt_eval_count": words})
}
