// Package openai adapts OpenAI's chat-completions API, and every server that
// copies it (xAI, OpenRouter, Groq, Mistral, DeepSeek, Gemini's compat
// endpoint, LM Studio, vLLM, llama.cpp, Ollama's /v1), to llm.Provider.
//
// Embeddings go through go-openai's client. Chat streaming and the model
// list are read directly: go-openai drops the "reasoning" delta field that
// OpenRouter, newer vLLM and Ollama use, cannot send a temperature of 0
// (omitempty float), and drops the context length and modalities that
// OpenRouter and vLLM put in /models. The request body still uses
// go-openai's types, with the two sampling fields shadowed by pointers and
// the messages by a type that can send a tool result's empty content and an
// assistant turn's content null. Tool calls stream as delta.tool_calls
// pieces by index (parallel calls may interleave) and are checked once the
// stream ends. Thinking sent inline in <think> tags (servers without a
// reasoning parser) is moved to the thinking deltas (llm.ThinkTags).
package openai

import (
	"net/http"
	"net/url"
	"strings"

	goopenai "github.com/sashabaranov/go-openai"

	"bookbag/backend/apperr"
	"bookbag/backend/llm"
	"bookbag/backend/llm/internal/httpx"
)

// Options configure a Provider.
type Options struct {
	Name       string // shown in errors: "OpenAI", "OpenRouter", "my vLLM box"
	Preset     string // llm preset id; selects per-server quirks
	BaseURL    string // up to and including /v1 (or the server's equivalent)
	APIKey     string
	Local      bool              // a server on this machine (error wording)
	Headers    map[string]string // sent with every request (OpenRouter's X-Title)
	HTTPClient *http.Client      // base client; nil builds one with Timeouts.Connect
	Timeouts   llm.Timeouts
}

// Provider talks to one OpenAI-compatible endpoint.
type Provider struct {
	preset string
	base   string // without a trailing slash
	key    string
	hc     *http.Client
	client *goopenai.Client
	ep     llm.Endpoint
}

// New checks the options and builds the provider; it does no I/O.
func New(o Options) (*Provider, error) {
	u, err := url.Parse(o.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, apperr.New(apperr.Invalid, "%q is not a valid base URL (want http(s)://host[:port]/path)", o.BaseURL)
	}
	if o.Name == "" {
		o.Name = "the OpenAI-compatible server"
		if p, ok := llm.PresetByID(o.Preset); ok {
			o.Name = p.DisplayName
		}
	}
	h := http.Header{}
	for k, v := range o.Headers {
		h.Set(k, v)
	}
	hc := httpx.NewClient(o.HTTPClient, httpx.Options{Timeouts: o.Timeouts, Header: h})
	base := strings.TrimRight(o.BaseURL, "/")
	cfg := goopenai.DefaultConfig(o.APIKey)
	cfg.BaseURL = base
	cfg.HTTPClient = hc
	return &Provider{
		preset: o.Preset,
		base:   base,
		key:    o.APIKey,
		hc:     hc,
		client: goopenai.NewClientWithConfig(cfg),
		ep:     llm.NewEndpoint(o.Name, o.BaseURL, o.Local, o.APIKey),
	}, nil
}

var _ llm.Provider = (*Provider)(nil)

// newRequest sets the headers every call needs.
func (p *Provider) newRequest(req *http.Request) {
	req.Header.Set("Content-Type", "application/json")
	if p.key != "" {
		req.Header.Set("Authorization", "Bearer "+p.key)
	}
}
