// Package workspace owns workspaces and their typed settings. A workspace is
// where a project lives: its chats, documents, default model and retrieval
// settings. Every row here is synced (written through store.Tx).
package workspace

import (
	"strings"

	"bookbag/backend/apperr"
)

// Workspace is one workspace as the UI sees it.
type Workspace struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Icon       string `json:"icon"`
	Color      string `json:"color"`
	IsDefault  bool   `json:"isDefault"`
	ArchivedAt int64  `json:"archivedAt"`
	CreatedAt  int64  `json:"createdAt"`
	UpdatedAt  int64  `json:"updatedAt"`
}

// Settings are a workspace's typed settings (one row per workspace).
type Settings struct {
	WorkspaceID       string  `json:"workspaceId"`
	SystemPrompt      string  `json:"systemPrompt"`
	DefaultModelRef   string  `json:"defaultModelRef"`
	DefaultProfileID  string  `json:"defaultProfileId"`
	EmbeddingModelRef string  `json:"embeddingModelRef"`
	ChunkSize         int     `json:"chunkSize"`
	ChunkOverlap      int     `json:"chunkOverlap"`
	TopK              int     `json:"topK"`
	MinScore          float64 `json:"minScore"`
	UseDocuments      bool    `json:"useDocuments"`
}

// DefaultName is the name of the workspace created on first run.
const DefaultName = "Personal"

// DefaultSettings are what a new workspace starts with (DESIGN.md, Retrieval).
func DefaultSettings(workspaceID string) Settings {
	return Settings{WorkspaceID: workspaceID, ChunkSize: 1000, ChunkOverlap: 200, TopK: 6, UseDocuments: true}
}

// Validate checks a settings change.
func (s Settings) Validate() error {
	switch {
	case s.ChunkSize < 100 || s.ChunkSize > 8000:
		return apperr.New(apperr.Invalid, "chunk size must be between 100 and 8000 characters")
	case s.ChunkOverlap < 0 || s.ChunkOverlap >= s.ChunkSize/2:
		return apperr.New(apperr.Invalid, "chunk overlap must be at least 0 and less than half the chunk size")
	case s.TopK < 1 || s.TopK > 50:
		return apperr.New(apperr.Invalid, "top-k must be between 1 and 50")
	case s.MinScore < 0 || s.MinScore > 1:
		return apperr.New(apperr.Invalid, "minimum score must be between 0 and 1")
	}
	return nil
}

// ValidateName trims and checks a workspace name.
func ValidateName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" || len([]rune(name)) > 80 {
		return "", apperr.New(apperr.Invalid, "a workspace name needs 1 to 80 characters")
	}
	return name, nil
}
