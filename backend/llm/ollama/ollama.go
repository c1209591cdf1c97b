// Package ollama adapts a local (or remote) Ollama server to llm.Provider
// through ollama/api, and adds what only Ollama has: pulling and deleting
// models (llm.Puller, llm.Deleter) and its version (llm.Versioner).
//
// Ollama answers think=true with HTTP 400 for models without the thinking
// capability, so the adapter reads a model's capabilities from /api/show
// (once per model, cached) before sending think, images or tools. Think is
// then left out for a model without the capability; images and tools are
// refused with an Invalid error, since sending the request without them
// would silently answer a different question.
//
// Tools: Ollama has no tool_choice, so "none" leaves the tools out of the
// request and "required" cannot be enforced (the tools are sent as for
// auto). Ollama sends whole calls without ids; the adapter gives each one.
// A tool result's name (tool_name, which Ollama shows the model) is taken
// from the call it answers when the message does not give it.
//
// Chat streams are read here, not by ollama/api's Client.Chat: that client
// decodes tool call arguments into an ordered map and fails the whole line,
// naming neither the call nor the tool, when they are not an object. The
// request is still ollama/api's ChatRequest.
package ollama

import (
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/ollama/ollama/api"

	"bookbag/backend/apperr"
	"bookbag/backend/llm"
	"bookbag/backend/llm/internal/httpx"
)

// DefaultBaseURL is where Ollama listens unless OLLAMA_HOST says otherwise.
const DefaultBaseURL = "http://127.0.0.1:11434"

// Options configure a Provider.
type Options struct {
	Name       string // shown in errors; default "Ollama"
	BaseURL    string // default DefaultBaseURL
	APIKey     string // optional; sent as a Bearer token (a proxy in front of Ollama)
	HTTPClient *http.Client
	Timeouts   llm.Timeouts
}

// Provider talks to one Ollama server.
type Provider struct {
	client *api.Client
	base   *url.URL // for the chat stream, which this package reads itself
	hc     *http.Client
	ep     llm.Endpoint

	mu   sync.Mutex
	show map[string]showInfo // by model name, from /api/show
}

// New builds the provider; it does no I/O.
func New(o Options) (*Provider, error) {
	if o.BaseURL == "" {
		o.BaseURL = DefaultBaseURL
	}
	u, err := url.Parse(strings.TrimRight(o.BaseURL, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, apperr.New(apperr.Invalid, "%q is not a valid Ollama address (want http://host:port)", o.BaseURL)
	}
	if o.Name == "" {
		o.Name = "Ollama"
	}
	h := http.Header{}
	if o.APIKey != "" {
		h.Set("Authorization", "Bearer "+o.APIKey)
	}
	hc := httpx.NewClient(o.HTTPClient, httpx.Options{Timeouts: o.Timeouts, Header: h})
	local := isLoopback(u.Hostname())
	return &Provider{
		client: api.NewClient(u, hc),
		base:   u,
		hc:     hc,
		ep:     llm.NewEndpoint(o.Name, u.String(), local, o.APIKey),
		show:   map[string]showInfo{},
	}, nil
}

var (
	_ llm.Provider  = (*Provider)(nil)
	_ llm.Puller    = (*Provider)(nil)
	_ llm.Deleter   = (*Provider)(nil)
	_ llm.Versioner = (*Provider)(nil)
)

func isLoopback(host string) bool {
	return host == "localhost" || host == "::1" || strings.HasPrefix(host, "127.")
}

// HostFromEnv returns the base URL that OLLAMA_HOST (read through getenv)
// names, in the forms Ollama accepts ("host", "host:port", "scheme://host:port"),
// or DefaultBaseURL. A wildcard listen address (0.0.0.0, ::) becomes
// loopback: it is where the server listens, not where to connect.
func HostFromEnv(getenv func(string) string) string {
	v := strings.TrimSpace(strings.Trim(getenv("OLLAMA_HOST"), `"'`))
	if v == "" {
		return DefaultBaseURL
	}
	scheme, rest, ok := strings.Cut(v, "://")
	if !ok {
		scheme, rest = "http", v
	}
	rest = strings.TrimRight(rest, "/")
	host, port := rest, "11434"
	if scheme == "https" {
		port = "443"
	}
	if i := strings.LastIndexByte(rest, ':'); i >= 0 && !strings.HasSuffix(rest, "]") {
		host, port = rest[:i], rest[i+1:]
	}
	host = strings.Trim(host, "[]")
	switch host {
	case "", "0.0.0.0", "::":
		host = "127.0.0.1"
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	return scheme + "://" + host + ":" + port
}
