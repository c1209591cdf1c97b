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
	// RerankSources lets the chat's model reorder the top 30 sources of
	// each question before the top k are kept (one extra model call).
	RerankSources bool `json:"rerankSources"`
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

// Input is what a person sets on a workspace: its name, icon and colour.
type Input struct {
	Name  string `json:"name"`
	Icon  string `json:"icon"`  // an emoji or up to two letters; "" shows the name's first letter
	Color string `json:"color"` // "#rrggbb" or "" for the theme's colour
}

// Validate trims and checks an input.
func (in Input) Validate() (Input, error) {
	name, err := ValidateName(in.Name)
	if err != nil {
		return in, err
	}
	in.Name = name
	in.Icon = strings.TrimSpace(in.Icon)
	if n := len([]rune(in.Icon)); n > 8 || len(in.Icon) > 32 || strings.ContainsAny(in.Icon, " \t\n") {
		return in, apperr.New(apperr.Invalid, "an icon is one emoji or up to two letters")
	}
	in.Color = strings.ToLower(strings.TrimSpace(in.Color))
	if in.Color != "" && !validColor(in.Color) {
		return in, apperr.New(apperr.Invalid, "a colour is written #rrggbb")
	}
	return in, nil
}

func validColor(c string) bool {
	if len(c) != 7 || c[0] != '#' {
		return false
	}
	for _, r := range c[1:] {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f') {
			return false
		}
	}
	return true
}

// SettingsChange is the result of saving settings: what the change set in
// motion (re-embedding) or suggests (re-indexing with the new chunk sizes).
type SettingsChange struct {
	Settings Settings `json:"settings"`
	// Reembedding: the embedding model changed and the workspace's chunks are
	// being embedded again in the background.
	Reembedding bool `json:"reembedding"`
	// ReindexSuggested: the chunk size or overlap changed; documents indexed
	// before keep their old chunks until they are re-indexed.
	ReindexSuggested bool `json:"reindexSuggested"`
	// Documents is how many documents the workspace has (what a re-index touches).
	Documents int `json:"documents"`
}

// Overview is a workspace at a glance.
type Overview struct {
	WorkspaceID  string       `json:"workspaceId"`
	Chats        int          `json:"chats"`
	Messages     int          `json:"messages"`
	Documents    int          `json:"documents"`
	Chunks       int          `json:"chunks"`
	StorageBytes int64        `json:"storageBytes"` // the stored files of its documents
	Since        int64        `json:"since"`        // start of the usage window (Unix ms)
	Usage        []ModelUsage `json:"usage"`        // tokens per model since Since, most used first
	Daily        []DayUsage   `json:"daily"`        // tokens per day since Since, oldest first, one entry per day
}

// ModelUsage is the tokens one model used.
type ModelUsage struct {
	ModelRef string `json:"modelRef"`
	Input    int64  `json:"input"`
	Output   int64  `json:"output"`
	Answers  int    `json:"answers"`
	// APIRequests are the answers of those given through the local API
	// (source = API), counted in Input, Output and Answers too.
	APIRequests int `json:"apiRequests"`
}

// DayUsage is the tokens used on one day (UTC).
type DayUsage struct {
	Day    int64 `json:"day"` // Unix ms of the day's start
	Tokens int64 `json:"tokens"`
}
