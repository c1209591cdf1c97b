package llmtest

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Responder writes the answer to a chat request that no queued Script
// covers. m is the requested model, already checked to exist and to accept
// the request (Echo is the default).
type Responder func(c *Call, m Model) Script

// Fake is the shared state behind the three protocol handlers: the models,
// the queued scripts and failures, and every request received. It is safe
// for concurrent use.
type Fake struct {
	mu       sync.Mutex
	models   []Model
	apiKey   string
	respond  Responder
	chat     []Script
	failures map[Endpoint][]Failure
	pull     PullScript
	calls    []Call
	version  string
	callSeq  int // tool call ids handed out (withIDs)
}

// Option configures New.
type Option func(*Fake)

// WithAPIKey makes every endpoint demand key (Bearer, or x-api-key for
// Anthropic) and answer 401 otherwise.
func WithAPIKey(key string) Option { return func(f *Fake) { f.apiKey = key } }

// WithModels replaces DefaultModels.
func WithModels(ms ...Model) Option {
	return func(f *Fake) { f.models = append([]Model(nil), ms...) }
}

// WithResponder replaces Echo for unscripted chat requests.
func WithResponder(r Responder) Option { return func(f *Fake) { f.respond = r } }

// New returns a fake with DefaultModels that answers with Echo.
func New(opts ...Option) *Fake {
	f := &Fake{
		models:   DefaultModels(),
		respond:  Echo,
		failures: map[Endpoint][]Failure{},
		version:  "0.17.4",
	}
	for _, o := range opts {
		o(f)
	}
	return f
}

// PushChat queues scripts; each chat request (any protocol) takes the
// oldest. With the queue empty the Responder answers.
func (f *Fake) PushChat(s ...Script) {
	f.mu.Lock()
	f.chat = append(f.chat, s...)
	f.mu.Unlock()
}

// FailNext makes the next request to ep fail as fl says.
func (f *Fake) FailNext(ep Endpoint, fl Failure) {
	f.mu.Lock()
	f.failures[ep] = append(f.failures[ep], fl)
	f.mu.Unlock()
}

// SetPull shapes the answers of Ollama's /api/pull from now on.
func (f *Fake) SetPull(p PullScript) {
	f.mu.Lock()
	f.pull = p
	f.mu.Unlock()
}

// SetAPIKey changes the demanded key ("" accepts anything).
func (f *Fake) SetAPIKey(key string) {
	f.mu.Lock()
	f.apiKey = key
	f.mu.Unlock()
}

// Models returns the current model list (pull adds, delete removes).
func (f *Fake) Models() []Model {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Model(nil), f.models...)
}

// Calls returns every request received so far, oldest first.
func (f *Fake) Calls() []Call {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]Call, len(f.calls))
	for i := range f.calls {
		out[i] = f.calls[i].clone()
	}
	return out
}

// CallsTo returns the requests to ep.
func (f *Fake) CallsTo(ep Endpoint) []Call {
	var out []Call
	for _, c := range f.Calls() {
		if c.Endpoint == ep {
			out = append(out, c)
		}
	}
	return out
}

// LastCall returns the most recent request to ep.
func (f *Fake) LastCall(ep Endpoint) (Call, bool) {
	cs := f.CallsTo(ep)
	if len(cs) == 0 {
		return Call{}, false
	}
	return cs[len(cs)-1], true
}

// Reset forgets recorded calls and queued scripts and failures.
func (f *Fake) Reset() {
	f.mu.Lock()
	f.calls, f.chat = nil, nil
	f.failures = map[Endpoint][]Failure{}
	f.mu.Unlock()
}

// Handler serves all three protocols under the prefixes cmd/fakellm uses:
// OpenAI at /openai/v1, Anthropic at /anthropic/v1, Ollama at /ollama/api
// and Ollama's OpenAI-compatible API at /ollama/v1 (thinking in "reasoning").
func (f *Fake) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/openai/v1/", http.StripPrefix("/openai/v1", f.OpenAIHandler("reasoning_content")))
	mux.Handle("/ollama/v1/", http.StripPrefix("/ollama/v1", f.OpenAIHandler("reasoning")))
	mux.Handle("/anthropic/", http.StripPrefix("/anthropic", f.AnthropicHandler()))
	mux.Handle("/ollama/", http.StripPrefix("/ollama", f.OllamaHandler()))
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "fakellm: OpenAI at /openai/v1, Anthropic at /anthropic/v1, Ollama at /ollama\n")
	})
	return mux
}

func (f *Fake) record(c *Call) {
	f.mu.Lock()
	f.calls = append(f.calls, c.clone())
	f.mu.Unlock()
}

func (f *Fake) key() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.apiKey
}

func (f *Fake) nextFailure(ep Endpoint) (Failure, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	q := f.failures[ep]
	if len(q) == 0 {
		return Failure{}, false
	}
	f.failures[ep] = q[1:]
	return q[0], true
}

func (f *Fake) nextScript() (Script, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.chat) == 0 {
		return Script{}, false
	}
	s := f.chat[0]
	f.chat = f.chat[1:]
	return s, true
}

func (f *Fake) model(name string) (Model, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, m := range f.models {
		if sameModel(m.Name, name) {
			return m, true
		}
	}
	return Model{}, false
}

func (f *Fake) responder() Responder {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.respond
}

// readCall records the request body; a body that cannot be read is a 400.
func readCall(r *http.Request, p Protocol, ep Endpoint) (*Call, bool) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 64<<20))
	if err != nil {
		return nil, false
	}
	return &Call{Protocol: p, Endpoint: ep, Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Body: body}, true
}

// sleepCtx waits d or until ctx ends; false means the client went away.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func setRetryAfter(w http.ResponseWriter, v string) {
	if v != "" {
		w.Header().Set("Retry-After", v)
	}
}

// mask shows a key the way OpenAI's 401 does: a few characters at each end.
func mask(key string) string {
	if len(key) < 12 {
		return "***"
	}
	return key[:3] + "***" + key[len(key)-4:]
}

func itoa(n int) string { return strconv.Itoa(n) }
