// Package tools is where tools come from and how calls to them are decided,
// run and recorded. A Source lists tools and calls one; the MCP client
// (tools/mcp) is the source of every tool today. The chat turn reaches
// tools only through the interface in chat/deps.go.
package tools

import (
	"context"
	"encoding/json"
)

// Tool is one tool a server offers, as the model and the approval card see
// it.
type Tool struct {
	Server      string          `json:"server"` // the server's name (its key in the configuration)
	Name        string          `json:"name"`   // the tool's own name on that server
	Title       string          `json:"title"`
	Description string          `json:"description"`
	InputSchema json.RawMessage `json:"inputSchema"` // a JSON Schema object
	// Annotations (hints the server gives; MCP's defaults when absent:
	// not read-only, destructive, not idempotent, open world).
	ReadOnly    bool `json:"readOnly"`
	Destructive bool `json:"destructive"`
	Idempotent  bool `json:"idempotent"`
	OpenWorld   bool `json:"openWorld"`
}

// Result is what a call returned.
type Result struct {
	Text       string          `json:"text"`       // the text content, parts joined by blank lines; other content described in words
	Structured json.RawMessage `json:"structured"` // structuredContent, when the tool gave one
	IsError    bool            `json:"isError"`    // the tool reported a failure (the model is told)
	Truncated  bool            `json:"truncated"`  // Text was cut to the size limit
	Bytes      int             `json:"bytes"`      // the size of the content before any cut
	// Images are the images a model with vision may see (at most
	// MaxResultImages, each at most MaxImageBytes, of an ImageType); Text
	// names them in words too, and says why any other was left out.
	Images []Image `json:"images"`
}

// Image is an image a tool returned: its type and its bytes (decoded).
type Image struct {
	MIME string `json:"mime"`
	Data []byte `json:"data"`
}

// Limits on a result's images: a screenshot tool called in a loop would
// otherwise fill the model's context and the blob store.
const (
	MaxResultImages = 4
	MaxImageBytes   = 5 << 20
)

// ImageType reports whether every provider with vision takes images of
// this type: PNG, JPEG, GIF and WebP.
func ImageType(mime string) bool {
	switch mime {
	case "image/png", "image/jpeg", "image/gif", "image/webp":
		return true
	}
	return false
}

// Server states.
const (
	StateStopped  = "stopped"  // not started yet (servers start on first use) or stopped
	StateStarting = "starting" // launching, connecting or initializing
	StateReady    = "ready"    // initialized; Tools is the count it lists
	StateFailed   = "failed"   // see Error and Stderr; a later use tries again, with backoff
	StateDisabled = "disabled" // switched off in Settings
)

// ServerStatus is what Settings shows of a server.
type ServerStatus struct {
	Name      string   `json:"name"`
	State     string   `json:"state"`
	Tools     int      `json:"tools"`
	Error     string   `json:"error"`     // why it failed, in words
	Stderr    []string `json:"stderr"`    // the last 20 lines the server wrote to stderr (stdio servers)
	Since     int64    `json:"since"`     // Unix ms of the last state change
	NextRetry int64    `json:"nextRetry"` // Unix ms when a failed server may be tried again (0: now)
	// Warnings are problems that did not stop the server, in words: a tool
	// left out because its inputSchema is not an object schema.
	Warnings []string `json:"warnings"`
}

// Source lists tools and calls them. Calls take a context that cancels:
// the chat's Stop button ends the call.
type Source interface {
	Tools(ctx context.Context, server string) ([]Tool, error)
	Call(ctx context.Context, server, tool string, args json.RawMessage) (Result, error)
}
