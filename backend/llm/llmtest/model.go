package llmtest

import "strings"

// Model is one model the fake offers, with the capabilities each protocol
// reports for it (Ollama's show capabilities, Anthropic's capabilities
// object, OpenRouter-style modalities on the OpenAI list).
type Model struct {
	Name          string
	DisplayName   string
	Vision        bool
	Thinking      bool
	Tools         bool
	Embedding     bool
	ContextLength int
	Dimensions    int   // embedding models; 0 means DefaultDimensions
	Size          int64 // bytes, for Ollama's tags
}

// DefaultDimensions is the size of fake embeddings unless a model says otherwise.
const DefaultDimensions = 256

// DefaultModels are fake-chat, fake-vision, fake-think and fake-embed.
func DefaultModels() []Model {
	return []Model{
		{Name: "fake-chat", DisplayName: "Fake Chat", Tools: true, ContextLength: 8192, Size: 1_000_000},
		{Name: "fake-vision", DisplayName: "Fake Vision", Vision: true, Tools: true, ContextLength: 8192, Size: 2_000_000},
		{Name: "fake-think", DisplayName: "Fake Think", Thinking: true, Tools: true, ContextLength: 32768, Size: 3_000_000},
		{Name: "fake-embed", DisplayName: "Fake Embed", Embedding: true, ContextLength: 2048, Dimensions: DefaultDimensions, Size: 500_000},
	}
}

func (m Model) dims() int {
	if m.Dimensions > 0 {
		return m.Dimensions
	}
	return DefaultDimensions
}

// ollamaCaps are the capability strings Ollama's /api/show reports.
func (m Model) ollamaCaps() []string {
	if m.Embedding {
		return []string{"embedding"}
	}
	caps := []string{"completion"}
	if m.Vision {
		caps = append(caps, "vision")
	}
	if m.Tools {
		caps = append(caps, "tools")
	}
	if m.Thinking {
		caps = append(caps, "thinking")
	}
	return caps
}

// sameModel compares names the way Ollama does: "x" is "x:latest".
func sameModel(a, b string) bool {
	return strings.TrimSuffix(a, ":latest") == strings.TrimSuffix(b, ":latest")
}
