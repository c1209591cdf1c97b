// Package models owns the providers a device is connected to, the models they
// offer, the defaults, parameter profiles and prompt templates: the Models
// page. Providers and models are local to the device (keys never leave the
// keychain); profiles and templates are synced rows.
package models

import (
	"context"

	"bookbag/backend/llm"
)

// Provider is a configured endpoint as the UI sees it. It never carries the
// API key, only where the key comes from and at most its last 4 characters.
type Provider struct {
	ID          string    `json:"id"`
	Kind        string    `json:"kind"`
	Preset      string    `json:"preset"`
	Name        string    `json:"name"`
	Slug        string    `json:"slug"` // its name in qualified model refs, fixed when added
	BaseURL     string    `json:"baseUrl"`
	KeyEnv      string    `json:"keyEnv"`
	Enabled     bool      `json:"enabled"`
	Key         KeyStatus `json:"key"`
	ModelCount  int       `json:"modelCount"`
	KeyRequired bool      `json:"keyRequired"`
	Local       bool      `json:"local"`
	CreatedAt   int64     `json:"createdAt"`
	UpdatedAt   int64     `json:"updatedAt"`

	// connectURL is the stored base URL the client connects to; BaseURL is
	// it without credentials (see shownURL).
	connectURL string
}

// Key sources.
const (
	KeyKeychain = "keychain" // stored in the OS keychain
	KeyEnv      = "env"      // read from the environment variable KeyEnv
	KeyNone     = "none"
)

// KeyStatus says where a provider's key comes from, never the key itself.
type KeyStatus struct {
	Source string `json:"source"` // keychain | env | none
	Hint   string `json:"hint"`   // "…abcd": the last 4 characters at most
}

// ProviderInput adds or edits a provider. APIKey is write-only: empty keeps
// the stored key; ClearKey removes it.
type ProviderInput struct {
	Preset   string `json:"preset"`
	Name     string `json:"name"`
	BaseURL  string `json:"baseUrl"`
	KeyEnv   string `json:"keyEnv"`
	APIKey   string `json:"apiKey"`
	ClearKey bool   `json:"clearKey"`
	Enabled  bool   `json:"enabled"`
}

// Model is one model of a provider.
type Model struct {
	ID           string `json:"id"`
	ProviderID   string `json:"providerId"`
	ProviderName string `json:"providerName"`
	ProviderSlug string `json:"providerSlug"`
	Name         string `json:"name"`
	// Ref is "<preset>:<name>" on the provider a plain ref resolves to, and
	// names the provider ("ollama@gpu-box:llama3.2:3b") on others of the
	// preset that list the same name (see refs.go).
	Ref           string `json:"ref"`
	DisplayName   string `json:"displayName"`
	Vision        bool   `json:"vision"`
	Thinking      bool   `json:"thinking"`
	Tools         bool   `json:"tools"`
	Embedding     bool   `json:"embedding"`
	ContextLength int    `json:"contextLength"`
	// Window is the context BookBag runs a chat model with when no profile
	// or chat sets one (an Ollama model's llm.OllamaWindow: Ollama drops
	// the start of a longer prompt); 0: its own length.
	Window     int  `json:"window"`
	Dimensions int  `json:"dimensions"`
	Enabled    bool `json:"enabled"`
}

// TestResult is what "Test connection" shows.
type TestResult struct {
	OK        bool   `json:"ok"`
	LatencyMs int64  `json:"latencyMs"`
	Models    int    `json:"models"`
	Error     string `json:"error"`
	Code      string `json:"code"`
}

// Defaults are the app-wide default models (a workspace can override them).
type Defaults struct {
	ChatModelRef      string `json:"chatModelRef"`
	EmbeddingModelRef string `json:"embeddingModelRef"`
}

// KeychainState tells the UI whether keys can be stored.
type KeychainState struct {
	Available bool   `json:"available"`
	Reason    string `json:"reason"`
}

// ProviderConfig is what building an llm.Provider takes.
type ProviderConfig struct {
	Kind    llm.Kind
	Preset  string
	Name    string // the person's name for it, which its errors use
	BaseURL string
	APIKey  string
}

// Factory builds a provider client from its configuration.
type Factory func(ProviderConfig) (llm.Provider, error)

// KeyStore keeps API keys (the OS keychain). Get reports found=false when no
// key is stored; an error means the keychain itself did not answer.
type KeyStore interface {
	Get(ctx context.Context, account string) (secret string, found bool, err error)
	Set(ctx context.Context, account, secret string) error
	Delete(ctx context.Context, account string) error
}

// keyAccount is the keychain account of a provider's key.
func keyAccount(providerID string) string { return "provider/" + providerID }
