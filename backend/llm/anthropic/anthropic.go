// Package anthropic adapts Anthropic's Messages API to llm.Provider, over
// net/http with its own wire types (wire.go) and event-stream reader
// (stream.go). It reads no environment variables (the request goes only
// where the user configured it) and never retries: callers decide, with
// llm.RetryAfter. The official SDK did the same job at 12 MB of the
// desktop binary (docs/DECISIONS.md).
//
// Tools go as input_schema tools with tool_choice auto, any (for required)
// or none; calls stream as tool_use blocks whose input arrives in
// input_json_delta fragments. In the history, an assistant turn's calls are
// tool_use blocks and the tool messages that follow become tool_result
// blocks of one user message, as the API requires. With thinking on, the
// API takes those results only after the turn's thinking blocks, signed,
// given back unchanged: Result.ThinkingBlocks, sent from
// Message.ThinkingBlocks (thinking.go).
package anthropic

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"bookbag/backend/apperr"
	"bookbag/backend/llm"
	"bookbag/backend/llm/internal/httpx"
)

// DefaultBaseURL is Anthropic's API; /v1/… is added to it.
const DefaultBaseURL = "https://api.anthropic.com"

// apiVersion is the Messages API version every request names.
const apiVersion = "2023-06-01"

// Options configure a Provider.
type Options struct {
	Name       string // shown in errors; default "Anthropic"
	BaseURL    string // default DefaultBaseURL; a trailing /v1 is tolerated
	APIKey     string
	HTTPClient *http.Client
	Timeouts   llm.Timeouts
}

// Provider talks to the Anthropic API.
type Provider struct {
	hc  *http.Client
	v1  string // base URL ending in /v1
	key string
	ep  llm.Endpoint

	mu   sync.Mutex
	caps map[string]modelCaps // per model, from GET /v1/models/{id}
}

// New builds the provider; it does no I/O.
func New(o Options) (*Provider, error) {
	if o.BaseURL == "" {
		o.BaseURL = DefaultBaseURL
	}
	u, err := url.Parse(o.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, apperr.New(apperr.Invalid, "%q is not a valid base URL (want http(s)://host[:port])", o.BaseURL)
	}
	if o.Name == "" {
		o.Name = "Anthropic"
	}
	// People paste ".../v1" from the docs; it is added here.
	base := strings.TrimSuffix(strings.TrimRight(o.BaseURL, "/"), "/v1")
	return &Provider{
		hc:   httpx.NewClient(o.HTTPClient, httpx.Options{Timeouts: o.Timeouts}),
		v1:   base + "/v1",
		key:  o.APIKey,
		ep:   llm.NewEndpoint(o.Name, o.BaseURL, false, o.APIKey),
		caps: map[string]modelCaps{},
	}, nil
}

var _ llm.Provider = (*Provider)(nil)

// do sends one request (body as JSON when not nil) and returns the response
// when its status is 2xx; otherwise the API's error as *llm.StatusError.
// A stopped context wins over whatever the transport said.
func (p *Provider) do(ctx context.Context, method, path string, body any) (*http.Response, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("encode request: %w", err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, p.v1+path, rd)
	if err != nil {
		return nil, fmt.Errorf("build request: %w", err)
	}
	req.Header.Set("anthropic-version", apiVersion)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if p.key != "" {
		req.Header.Set("x-api-key", p.key)
	}
	resp, err := p.hc.Do(req)
	if err != nil {
		return nil, p.stopped(ctx, fmt.Errorf("anthropic request: %w", err))
	}
	if resp.StatusCode/100 != 2 {
		defer resp.Body.Close()
		return nil, p.stopped(ctx, httpx.StatusError(resp))
	}
	return resp, nil
}

// stopped reports the context's end instead of err once the context is done.
func (p *Provider) stopped(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("anthropic request: %w", ctx.Err())
	}
	return err
}
