package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"bookbag/backend/llm"
	"bookbag/backend/llm/provider"
	"bookbag/backend/rag"
)

// embedderFor resolves -embedder: "none" (keyword search only), or
// "ollama:MODEL" / "openai:MODEL" through the app's provider adapters
// (providerFor) with -base-url. One probe call learns the
// dimensions, which make the model ref ("ollama:nomic-embed-text@768").
func embedderFor(ctx context.Context, spec, baseURL string) (string, rag.Embedders, error) {
	if spec == "" || spec == "none" {
		return "", nil, nil
	}
	prov, model, err := providerFor(spec, baseURL)
	if err != nil {
		return "", nil, fmt.Errorf("embedder %w", err)
	}
	preset, _, _ := strings.Cut(spec, ":")
	emb := rag.EmbedFunc(func(ctx context.Context, texts []string) ([][]float32, error) {
		return prov.Embed(ctx, model, texts)
	})
	probe, err := emb.Embed(ctx, []string{"dimension probe"})
	if err != nil {
		return "", nil, fmt.Errorf("embedder %s: %w", spec, err)
	}
	if len(probe) != 1 || len(probe[0]) == 0 {
		return "", nil, fmt.Errorf("embedder %s: the model returned no vector", spec)
	}
	ref := fmt.Sprintf("%s:%s@%d", preset, model, len(probe[0]))
	return ref, rag.EmbedderMap{ref: emb}, nil
}

// providerFor builds the app's adapter for "ollama:MODEL" or "openai:MODEL"
// (any OpenAI-compatible server with baseURL), with baseURL (default: the
// preset's) and the key from the preset's environment variable
// (OPENAI_API_KEY).
func providerFor(spec, baseURL string) (llm.Provider, string, error) {
	preset, model, ok := strings.Cut(spec, ":")
	if !ok || model == "" || (preset != llm.PresetOllama && preset != llm.PresetOpenAI) {
		return nil, "", fmt.Errorf("%q: want ollama:MODEL or openai:MODEL", spec)
	}
	p, _ := llm.PresetByID(preset)
	key := ""
	if p.KeyEnv != "" {
		key = os.Getenv(p.KeyEnv)
	}
	prov, err := provider.New(provider.Config{Preset: preset, BaseURL: baseURL, APIKey: key})
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", spec, err)
	}
	return prov, model, nil
}
