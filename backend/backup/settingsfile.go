package backup

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"bookbag/backend/apperr"
	"bookbag/backend/atomicfile"
)

// SettingsFormat names a settings-only export.
const SettingsFormat = "bookbag-settings"

// maxSettingsFile bounds a settings file read for import.
const maxSettingsFile = 16 << 20

// SettingsFile is a settings-only export: the app's settings, providers
// (never their keys), default models, personal parameter profiles and
// prompt templates. Import merges it into what is there.
type SettingsFile struct {
	Format     string           `json:"format"`
	Version    int              `json:"version"`
	AppVersion string           `json:"appVersion"`
	ExportedAt int64            `json:"exportedAt"`
	Theme      string           `json:"theme"`
	Defaults   DefaultModels    `json:"defaults"`
	Providers  []ProviderConfig `json:"providers"`
	Profiles   []ProfileConfig  `json:"profiles"`
	Templates  []TemplateConfig `json:"templates"`
}

// DefaultModels are the app-wide default model refs.
type DefaultModels struct {
	ChatModelRef      string `json:"chatModelRef"`
	EmbeddingModelRef string `json:"embeddingModelRef"`
}

// ProviderConfig is a provider without its key.
type ProviderConfig struct {
	Preset  string `json:"preset"`
	Name    string `json:"name"`
	BaseURL string `json:"baseUrl"`
	KeyEnv  string `json:"keyEnv"`
	Enabled bool   `json:"enabled"`
	NeedKey bool   `json:"needKey"` // its preset needs an API key (set on import)
}

// ProfileConfig is a personal parameter profile.
type ProfileConfig struct {
	Name            string   `json:"name"`
	Temperature     *float64 `json:"temperature"`
	TopP            *float64 `json:"topP"`
	MaxTokens       *int     `json:"maxTokens"`
	ContextLength   *int     `json:"contextLength"`
	ReasoningEffort string   `json:"reasoningEffort"`
	Think           *bool    `json:"think"`
	SystemPrompt    string   `json:"systemPrompt"`
}

// TemplateConfig is a personal prompt template.
type TemplateConfig struct {
	Name string `json:"name"`
	Body string `json:"body"`
}

// SettingsImport tells what an import merged.
type SettingsImport struct {
	Path           string   `json:"path"` // "" when the dialog was cancelled
	ThemeSet       bool     `json:"themeSet"`
	ProvidersAdded []string `json:"providersAdded"`
	ProvidersKept  []string `json:"providersKept"` // already there (same preset and URL)
	ProfilesAdded  int      `json:"profilesAdded"`
	TemplatesAdded int      `json:"templatesAdded"`
	Skipped        int      `json:"skipped"`  // profiles and templates whose name was taken
	NeedKeys       []string `json:"needKeys"` // added providers that need an API key entered
	Notes          []string `json:"notes"`
}

// Config reads and writes what a settings file carries, through the
// owners of those settings (models, settings).
type Config interface {
	Theme(ctx context.Context) (string, error)
	SetTheme(ctx context.Context, theme string) error
	Defaults(ctx context.Context) (DefaultModels, error)
	SetDefaults(ctx context.Context, d DefaultModels) error
	Providers(ctx context.Context) ([]ProviderConfig, error)
	AddProvider(ctx context.Context, p ProviderConfig) (ProviderAdded, error)
	Profiles(ctx context.Context) ([]ProfileConfig, error)
	AddProfile(ctx context.Context, p ProfileConfig) error
	Templates(ctx context.Context) ([]TemplateConfig, error)
	AddTemplate(ctx context.Context, t TemplateConfig) error
}

// ProviderAdded is what adding an imported provider did.
type ProviderAdded struct {
	NeedKey bool   // an API key must be entered before it works
	Off     string // why it was added switched off; "" when it was not
}

// ExportSettings builds the settings file.
func (s *Service) ExportSettings(ctx context.Context) (SettingsFile, error) {
	c := s.deps.Config
	if c == nil {
		return SettingsFile{}, apperr.New(apperr.Unavailable, "settings cannot be exported without a database")
	}
	f := SettingsFile{Format: SettingsFormat, Version: 1, AppVersion: s.deps.AppVersion, ExportedAt: s.now().UnixMilli()}
	var err error
	if f.Theme, err = c.Theme(ctx); err != nil {
		return f, err
	}
	if f.Defaults, err = c.Defaults(ctx); err != nil {
		return f, err
	}
	if f.Providers, err = c.Providers(ctx); err != nil {
		return f, err
	}
	if f.Profiles, err = c.Profiles(ctx); err != nil {
		return f, err
	}
	if f.Templates, err = c.Templates(ctx); err != nil {
		return f, err
	}
	return f, nil
}

// ExportSettingsFile writes the settings file to path.
func (s *Service) ExportSettingsFile(ctx context.Context, path string) error {
	f, err := s.ExportSettings(ctx)
	if err != nil {
		return err
	}
	b, _ := json.MarshalIndent(f, "", "  ")
	err = atomicfile.Write(path, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
	if err != nil {
		return apperr.Wrap(err, apperr.Unavailable, "could not write %s: %s", path, diskProblem(err))
	}
	return nil
}

// ImportSettingsFile reads a settings file and merges it.
func (s *Service) ImportSettingsFile(ctx context.Context, path string) (SettingsImport, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return SettingsImport{}, apperr.Wrap(err, apperr.NotFound, "could not open %s", filepath.Base(path))
	}
	if fi.Size() > maxSettingsFile {
		return SettingsImport{}, apperr.New(apperr.Invalid, "%s is too large to be a settings file", filepath.Base(path))
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return SettingsImport{}, apperr.Wrap(err, apperr.Unavailable, "could not read %s", filepath.Base(path))
	}
	var f SettingsFile
	if err := json.Unmarshal(b, &f); err != nil || f.Format != SettingsFormat {
		return SettingsImport{}, apperr.New(apperr.Invalid, "%s is not a BookBag settings file", filepath.Base(path))
	}
	r, err := s.ImportSettings(ctx, f)
	r.Path = path
	return r, err
}

// ImportSettings merges a settings file: the theme is taken; providers are
// added unless one of the same preset and URL exists; profiles and
// templates are added unless the name is taken; default models are set
// where none is chosen and the model is known here.
func (s *Service) ImportSettings(ctx context.Context, f SettingsFile) (SettingsImport, error) {
	c := s.deps.Config
	r := SettingsImport{ProvidersAdded: []string{}, ProvidersKept: []string{}, NeedKeys: []string{}, Notes: []string{}}
	if c == nil {
		return r, apperr.New(apperr.Unavailable, "settings cannot be imported without a database")
	}
	if f.Version > 1 {
		return r, apperr.New(apperr.Invalid, "this settings file was written by a newer BookBag")
	}
	if f.Theme != "" {
		if err := c.SetTheme(ctx, f.Theme); err != nil {
			r.Notes = append(r.Notes, fmt.Sprintf("theme %q not taken: %s", f.Theme, apperr.MessageOf(err)))
		} else {
			r.ThemeSet = true
		}
	}
	have, err := c.Providers(ctx)
	if err != nil {
		return r, err
	}
	for _, p := range f.Providers {
		if containsFunc(have, func(h ProviderConfig) bool { return h.Preset == p.Preset && sameURL(h.BaseURL, p.BaseURL) }) {
			r.ProvidersKept = append(r.ProvidersKept, p.Name)
			continue
		}
		added, err := c.AddProvider(ctx, p)
		if err != nil {
			r.Notes = append(r.Notes, fmt.Sprintf("provider %s not added: %s", p.Name, apperr.MessageOf(err)))
			continue
		}
		r.ProvidersAdded = append(r.ProvidersAdded, p.Name)
		if added.NeedKey {
			r.NeedKeys = append(r.NeedKeys, p.Name)
		}
		if added.Off != "" {
			r.Notes = append(r.Notes, fmt.Sprintf("%s was added switched off: %s. Switch it on on the Models page if you trust that address.",
				p.Name, added.Off))
		}
	}
	profiles, err := c.Profiles(ctx)
	if err != nil {
		return r, err
	}
	for _, p := range f.Profiles {
		if containsFunc(profiles, func(h ProfileConfig) bool { return strings.EqualFold(h.Name, p.Name) }) {
			r.Skipped++
			continue
		}
		if err := c.AddProfile(ctx, p); err != nil {
			r.Notes = append(r.Notes, fmt.Sprintf("profile %s not added: %s", p.Name, apperr.MessageOf(err)))
			continue
		}
		r.ProfilesAdded++
	}
	templates, err := c.Templates(ctx)
	if err != nil {
		return r, err
	}
	for _, t := range f.Templates {
		if containsFunc(templates, func(h TemplateConfig) bool { return strings.EqualFold(h.Name, t.Name) }) {
			r.Skipped++
			continue
		}
		if err := c.AddTemplate(ctx, t); err != nil {
			r.Notes = append(r.Notes, fmt.Sprintf("template %s not added: %s", t.Name, apperr.MessageOf(err)))
			continue
		}
		r.TemplatesAdded++
	}
	cur, err := c.Defaults(ctx)
	if err != nil {
		return r, err
	}
	want := cur
	if want.ChatModelRef == "" {
		want.ChatModelRef = f.Defaults.ChatModelRef
	}
	if want.EmbeddingModelRef == "" {
		want.EmbeddingModelRef = f.Defaults.EmbeddingModelRef
	}
	if want != cur {
		if err := c.SetDefaults(ctx, want); err != nil {
			r.Notes = append(r.Notes, "default models not set ("+apperr.MessageOf(err)+"): choose them once the providers list their models")
		}
	}
	s.log.Info("settings imported", "providers", len(r.ProvidersAdded), "profiles", r.ProfilesAdded, "templates", r.TemplatesAdded)
	return r, nil
}

func sameURL(a, b string) bool {
	return strings.TrimRight(strings.ToLower(a), "/") == strings.TrimRight(strings.ToLower(b), "/")
}

func containsFunc[T any](list []T, f func(T) bool) bool {
	for _, v := range list {
		if f(v) {
			return true
		}
	}
	return false
}
