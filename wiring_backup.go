package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"bookbag/backend/backup"
	"bookbag/backend/llm"
	"bookbag/backend/models"
	"bookbag/backend/rag"
	"bookbag/backend/secrets"
	"bookbag/backend/settings"
	syncsvc "bookbag/backend/sync"
	"bookbag/backend/tools"
	"bookbag/backend/workspace"
)

// The adapters between backups and the domains whose data a backup's
// manifest describes, and the swap of a staged restore at start.

// backupProviders names the providers that need an API key (never the key).
type backupProviders struct{ models *models.Service }

func (b backupProviders) NeedKeys(ctx context.Context) ([]backup.ProviderKey, error) {
	ps, err := b.models.ProvidersNeedingKeys(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]backup.ProviderKey, 0, len(ps))
	for _, p := range ps {
		out = append(out, backup.ProviderKey{ID: p.ID, Name: p.Name, Preset: p.Preset, KeyEnv: p.KeyEnv})
	}
	return out, nil
}

// backupSecrets names the tool servers whose environment values or
// headers are in the keychain, and the office-server accounts of shared
// workspaces (whose session tokens are): the names only, never the values.
type backupSecrets struct {
	tools      *tools.Service
	syncer     *syncsvc.Service
	workspaces *workspace.Service
}

func (b backupSecrets) NeedSecrets(ctx context.Context) ([]string, error) {
	svs, err := b.tools.ListServers(ctx)
	if err != nil {
		return nil, err
	}
	out := []string{}
	for _, sv := range svs {
		if names := append(slices.Clone(sv.EnvNames), sv.HeaderNames...); len(names) > 0 {
			out = append(out, fmt.Sprintf("tool server %s: %s (Settings → Tools)", sv.Name, strings.Join(names, ", ")))
		}
	}
	if b.syncer == nil {
		return out, nil
	}
	accs, err := b.syncer.LinkedAccounts(ctx)
	if err != nil {
		return nil, err
	}
	for _, acc := range accs {
		name := acc.WorkspaceID
		if b.workspaces != nil {
			if ws, err := b.workspaces.Get(ctx, acc.WorkspaceID); err == nil {
				name = ws.Name
			}
		}
		out = append(out, fmt.Sprintf("office server sign-in of workspace %s: %s at %s (the sidebar's sync state → Sign in again)",
			name, acc.Email, acc.ServerURL))
	}
	return out, nil
}

// backupEmbeddings lists the embedding models of the stored vectors.
type backupEmbeddings struct{ docs *rag.Service }

func (b backupEmbeddings) InUse(ctx context.Context) ([]backup.EmbeddingUse, error) {
	us, err := b.docs.EmbeddingsInUse(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]backup.EmbeddingUse, 0, len(us))
	for _, u := range us {
		out = append(out, backup.EmbeddingUse{WorkspaceID: u.WorkspaceID, Ref: u.Ref, Dimensions: u.Dimensions, Chunks: u.Chunks})
	}
	return out, nil
}

// applyPendingRestore swaps a staged restore in before the log or the
// database opens a file in the data dir; what happened is logged once the
// log is open (logSwap).
func applyPendingRestore(dataDir string) (backup.Swap, error) {
	return backup.ApplyPendingWait(dataDir, time.Now(), 10*time.Second)
}

func (a *App) logSwap(sw backup.Swap, err error) {
	switch {
	case errors.Is(err, backup.ErrDataDirInUse):
		a.log.Info("a restore waits for the running BookBag to quit")
	case err != nil:
		a.log.Error("apply the pending restore", "err", err)
	case sw.Applied:
		a.log.Info("restored a backup", "source", sw.Source, "previousDataKeptAt", sw.AsideDir)
	}
}

// newBackups builds the backup service; without a database (the recovery
// screen) it can still restore. keys keeps the passphrase of encrypted
// scheduled backups (nil: they cannot be encrypted).
func (a *App) newBackups(keys secrets.Store) *backup.Service {
	d := backup.Deps{DB: a.db, DataDir: a.dataDir, AppVersion: version, Events: a.events, Log: a.log.With("domain", "backup"), Secrets: keys}
	if a.openErr == nil && a.models != nil && a.documents != nil {
		d.Providers, d.Embeddings = backupProviders{a.models}, backupEmbeddings{a.documents}
		if a.tools != nil {
			d.Others = backupSecrets{tools: a.tools, syncer: a.syncer, workspaces: a.workspaces}
		}
		d.Config = backupConfig{settings: a.settings, models: a.models}
	} else {
		d.DB = nil
	}
	return backup.NewService(d)
}

// backupConfig is what a settings-only export carries, read and written
// through the settings and models services (never their tables, never keys).
type backupConfig struct {
	settings *settings.Store
	models   *models.Service
}

func (c backupConfig) Theme(ctx context.Context) (string, error) {
	t, err := c.settings.Theme(ctx)
	return string(t), err
}

func (c backupConfig) SetTheme(ctx context.Context, theme string) error {
	return c.settings.SetTheme(ctx, settings.Theme(theme))
}

func (c backupConfig) Defaults(ctx context.Context) (backup.DefaultModels, error) {
	d, err := c.models.Defaults(ctx)
	return backup.DefaultModels{ChatModelRef: d.ChatModelRef, EmbeddingModelRef: d.EmbeddingModelRef}, err
}

func (c backupConfig) SetDefaults(ctx context.Context, d backup.DefaultModels) error {
	_, err := c.models.SetDefaults(ctx, models.Defaults{ChatModelRef: d.ChatModelRef, EmbeddingModelRef: d.EmbeddingModelRef})
	return err
}

func (c backupConfig) Providers(ctx context.Context) ([]backup.ProviderConfig, error) {
	ps, err := c.models.ListProviders(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]backup.ProviderConfig, 0, len(ps))
	for _, p := range ps {
		out = append(out, backup.ProviderConfig{Preset: p.Preset, Name: p.Name, BaseURL: p.BaseURL, KeyEnv: p.KeyEnv,
			Enabled: p.Enabled, NeedKey: p.KeyRequired})
	}
	return out, nil
}

// AddProvider adds an imported provider. One that would send an
// environment variable's key to an address its preset does not name
// starts switched off: a settings file from someone else could otherwise
// point "OpenAI" at their server with this machine's OPENAI_API_KEY, sent
// on the first model list.
func (c backupConfig) AddProvider(ctx context.Context, in backup.ProviderConfig) (backup.ProviderAdded, error) {
	off := envKeyElsewhere(in)
	p, err := c.models.AddProvider(ctx, models.ProviderInput{Preset: in.Preset, Name: in.Name, BaseURL: in.BaseURL,
		KeyEnv: in.KeyEnv, Enabled: true})
	if err != nil {
		return backup.ProviderAdded{}, err
	}
	if !in.Enabled || off != "" {
		if _, err := c.models.SetProviderEnabled(ctx, p.ID, false); err != nil {
			return backup.ProviderAdded{}, err
		}
	}
	return backup.ProviderAdded{NeedKey: p.KeyRequired && p.Key.Source == models.KeyNone, Off: off}, nil
}

// envKeyElsewhere says where an imported provider would send the key of an
// environment variable when that is not its preset's own address; "" when
// it reads no variable or talks to the preset's address.
func envKeyElsewhere(in backup.ProviderConfig) string {
	pr, _ := llm.PresetByID(in.Preset)
	keyEnv := cmp.Or(strings.TrimSpace(in.KeyEnv), pr.KeyEnv)
	base := strings.TrimRight(strings.TrimSpace(in.BaseURL), "/")
	if keyEnv == "" || base == "" || strings.EqualFold(base, strings.TrimRight(pr.BaseURL, "/")) {
		return ""
	}
	return fmt.Sprintf("it would send the key in %s to %s", keyEnv, base)
}

func (c backupConfig) Profiles(ctx context.Context) ([]backup.ProfileConfig, error) {
	ps, err := c.models.ListProfiles(ctx, "")
	if err != nil {
		return nil, err
	}
	out := []backup.ProfileConfig{}
	for _, p := range ps {
		if p.WorkspaceID == "" {
			out = append(out, backup.ProfileConfig{Name: p.Name, Temperature: p.Temperature, TopP: p.TopP, MaxTokens: p.MaxTokens,
				ContextLength: p.ContextLength, ReasoningEffort: p.ReasoningEffort, Think: p.Think, SystemPrompt: p.SystemPrompt})
		}
	}
	return out, nil
}

func (c backupConfig) AddProfile(ctx context.Context, p backup.ProfileConfig) error {
	_, err := c.models.SaveProfile(ctx, models.Profile{Name: p.Name, Temperature: p.Temperature, TopP: p.TopP, MaxTokens: p.MaxTokens,
		ContextLength: p.ContextLength, ReasoningEffort: p.ReasoningEffort, Think: p.Think, SystemPrompt: p.SystemPrompt})
	return err
}

func (c backupConfig) Templates(ctx context.Context) ([]backup.TemplateConfig, error) {
	ts, err := c.models.ListTemplates(ctx, "")
	if err != nil {
		return nil, err
	}
	out := []backup.TemplateConfig{}
	for _, t := range ts {
		if t.WorkspaceID == "" {
			out = append(out, backup.TemplateConfig{Name: t.Name, Body: t.Body})
		}
	}
	return out, nil
}

func (c backupConfig) AddTemplate(ctx context.Context, t backup.TemplateConfig) error {
	_, err := c.models.SaveTemplate(ctx, models.Template{Name: t.Name, Body: t.Body})
	return err
}
