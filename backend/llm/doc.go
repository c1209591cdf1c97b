// Package llm is the provider-neutral face of every language model BookBag
// talks to: list models, stream a chat as text and thinking deltas that end
// with usage and a finish reason, and embed a batch of texts.
//
// Adapters live in sub-packages, one per wire protocol: openai (OpenAI and
// every OpenAI-compatible server), anthropic and ollama. Callers build a
// Provider through backend/llm/provider from a Config (preset, base URL, key)
// and never import an adapter. backend/llm/llmtest holds fake servers that
// speak each protocol exactly, and cmd/fakellm serves them on a port.
//
// Errors returned by providers carry a backend/apperr code and a sentence a
// person can read ("the API key was rejected by OpenAI"); RetryAfter extracts
// the provider's requested back-off. API keys never appear in error text.
package llm
