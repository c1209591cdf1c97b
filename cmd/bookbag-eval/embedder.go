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
// "ollama:MODEL" / "openai:MODEL" through the app's provider adapters, with
// -base-url (default: the preset's) and the key from the preset's
// environment variable (OPENAI_API_KEY). One probe call learns the
// dimensions, which make the model ref ("ollama:nomic-embed-text@768").
func embedderFor(ctx context.Context, spec, baseURL string) (string, rag.Embedders, error) {
	if spec == "" || spec == "none" {
		return "", nil, nil
	}
	preset, model, ok := strings.Cut(spec, ":")
	if !ok || model == "" || (preset != llm.PresetOllama && preset != llm.PresetOpenAI) {
		return "", nil, fmt.Errorf("embedder %q: want none, ollama:MODEL or openai:MODEL", spec)
	}
	p, _ := llm.PresetByID(preset)
	key := ""
	if p.KeyEnv != "" {
		key = os.Getenv(p.KeyEnv)
	}
	prov, err := provider.New(provider.Config{Preset: preset, BaseURL: baseURL, APIKey: key})
	if err != nil {
		return "", nil, fmt.Errorf("embedder %s: %w", spec, err)
	}
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
