package llmtest

import (
	"net/http/httptest"
	"testing"
)

// Server is a Fake listening on a loopback port for one test.
type Server struct {
	*Fake
	URL string // http://127.0.0.1:PORT
}

// Start serves a new Fake on 127.0.0.1 until the test ends.
func Start(t testing.TB, opts ...Option) *Server {
	t.Helper()
	f := New(opts...)
	hs := httptest.NewServer(f.Handler())
	t.Cleanup(func() {
		// Drop streams still open (slow scripts) so Close does not wait.
		hs.CloseClientConnections()
		hs.Close()
	})
	return &Server{Fake: f, URL: hs.URL}
}

// OpenAIURL is the OpenAI base URL (…/openai/v1).
func (s *Server) OpenAIURL() string { return s.URL + "/openai/v1" }

// AnthropicURL is the Anthropic base URL (…/anthropic; the SDK adds /v1).
func (s *Server) AnthropicURL() string { return s.URL + "/anthropic" }

// OllamaURL is the Ollama base URL (…/ollama; the client adds /api).
func (s *Server) OllamaURL() string { return s.URL + "/ollama" }

// OllamaOpenAIURL is Ollama's OpenAI-compatible base URL (…/ollama/v1),
// which streams thinking in the "reasoning" field.
func (s *Server) OllamaOpenAIURL() string { return s.URL + "/ollama/v1" }
