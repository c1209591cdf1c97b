// Package httpx is the HTTP layer shared by the llm adapters: a client whose
// transport enforces first-byte and stall timeouts on any underlying
// transport, records the status and headers of the last response in the
// request's context (libraries such as ollama/api and go-openai drop
// Retry-After), and decodes the error bodies of every provider.
package httpx
