// Package anthropic adapts Anthropic's Messages API (anthropic-sdk-go v2) to
// llm.Provider. The SDK is built without environment defaults (it would read
// ANTHROPIC_* variables and could send a request somewhere the user did not
// configure) and without retries: callers decide about retrying, with
// llm.RetryAfter.
//
// Tools go as input_schema tools with tool_choice auto, any (for required)
// or none; calls stream as tool_use blocks whose input arrives in
// input_json_delta fragments. In the history, an assistant turn's calls are
// tool_use blocks and the tool messages that follow become tool_result
// blocks of one user message, as the API requires.
package anthropic

import (
	"net/http"
	"net/url"
	"strings"
	"sync"

	sdk "github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"

	"bookbag/backend/apperr"
	"bookbag/backend/llm"
	"bookbag/backend/llm/internal/httpx"
)

// DefaultBaseURL is Anthropic's API; the SDK adds /v1/….
const DefaultBaseURL = "https://api.anthropic.com"

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
	client sdk.Client
	ep     llm.Endpoint

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
	// People paste ".../v1" from the docs; the SDK adds v1 itself.
	base := strings.TrimSuffix(strings.TrimRight(o.BaseURL, "/"), "/v1") + "/"
	hc := httpx.NewClient(o.HTTPClient, httpx.Options{Timeouts: o.Timeouts})
	opts := []option.RequestOption{
		option.WithoutEnvironmentDefaults(),
		option.WithBaseURL(base),
		option.WithHTTPClient(hc),
		option.WithMaxRetries(0),
	}
	if o.APIKey != "" {
		opts = append(opts, option.WithAPIKey(o.APIKey))
	}
	return &Provider{
		client: sdk.NewClient(opts...),
		ep:     llm.NewEndpoint(o.Name, o.BaseURL, false, o.APIKey),
		caps:   map[string]modelCaps{},
	}, nil
}

var _ llm.Provider = (*Provider)(nil)
