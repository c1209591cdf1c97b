package main

import (
	"context"
	"fmt"
	"strings"

	"bookbag/backend/rag"
)

// embedderFor resolves -embedder. Only "none" is wired for now: the provider
// factory (backend/llm/provider) that builds Ollama and OpenAI adapters from
// a preset, base URL and key is not in the tree yet.
func embedderFor(_ context.Context, spec, baseURL string) (string, rag.Embedders, error) {
	switch {
	case spec == "" || spec == "none":
		return "", nil, nil
	case strings.HasPrefix(spec, "ollama:"), strings.HasPrefix(spec, "openai:"):
		return "", nil, fmt.Errorf("embedder %s: provider adapters are not available in this build yet (use -embedder none)", spec)
	}
	return "", nil, fmt.Errorf("embedder %q: want none, ollama:MODEL or openai:MODEL", spec)
}
