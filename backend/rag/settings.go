package rag

import (
	"context"

	"bookbag/backend/rag/split"
)

// Settings are a workspace's retrieval settings.
type Settings struct {
	ChunkSize      int
	ChunkOverlap   int
	TopK           int
	MinScore       float64
	EmbeddingModel string // model ref such as "ollama:nomic-embed-text@768"; "" = keyword search only
	// Rerank asks the chat's model to reorder the top rank.RerankCandidates
	// before the top k are kept (off by default: it costs a model call).
	Rerank bool
}

// DefaultSettings are DESIGN.md's defaults.
func DefaultSettings() Settings {
	return Settings{ChunkSize: split.DefaultSize, ChunkOverlap: split.DefaultOverlap, TopK: 6}
}

func (s Settings) normalized() Settings {
	d := DefaultSettings()
	if s.ChunkSize <= 0 {
		s.ChunkSize, s.ChunkOverlap = d.ChunkSize, d.ChunkOverlap
	}
	if s.TopK <= 0 {
		s.TopK = d.TopK
	}
	if s.TopK > 50 {
		s.TopK = 50
	}
	if s.MinScore < 0 {
		s.MinScore = 0
	}
	return s
}

// SettingsSource gives a workspace's retrieval settings.
type SettingsSource interface {
	RetrievalSettings(ctx context.Context, workspaceID string) (Settings, error)
}

// SettingsFunc adapts a function to SettingsSource.
type SettingsFunc func(ctx context.Context, workspaceID string) (Settings, error)

func (f SettingsFunc) RetrievalSettings(ctx context.Context, workspaceID string) (Settings, error) {
	return f(ctx, workspaceID)
}
