package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bookbag/backend/backup"
	"bookbag/backend/dialog/dialogtest"
	"bookbag/backend/models"
	"bookbag/backend/settings"
)

// Settings-only export and import: providers without keys, personal
// profiles and templates, the theme; import merges into what is there.
func TestSettingsExportImportMerges(t *testing.T) {
	ctx := context.Background()
	a := newTestApp(t, t.TempDir())
	if _, err := a.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	if _, err := a.models.AddProvider(ctx, models.ProviderInput{Preset: "openai", Name: "Work OpenAI", BaseURL: "https://api.openai.com/v1", KeyEnv: "WORK_OPENAI_KEY", Enabled: true}); err != nil {
		t.Fatal(err)
	}
	temp := 0.0
	if _, err := a.models.SaveProfile(ctx, models.Profile{Name: "Precise", Temperature: &temp}); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"Summarise", "Translate"} {
		if _, err := a.models.SaveTemplate(ctx, models.Template{Name: n, Body: n + " {{text}}"}); err != nil {
			t.Fatal(err)
		}
	}
	a.settings.SetTheme(ctx, settings.ThemeDark)
	file := filepath.Join(t.TempDir(), "settings.json")
	api := backup.NewAPI(a.context, a.backups, &dialogtest.Fake{Save: file})
	if p, err := api.ExportSettings(); err != nil || p != file {
		t.Fatalf("export %q %v", p, err)
	}
	b, _ := os.ReadFile(file)
	if !strings.Contains(string(b), "Work OpenAI") || strings.Contains(strings.ToLower(string(b)), "apikey") || strings.Contains(string(b), "hint") {
		t.Fatalf("settings file: %s", b)
	}

	other := newTestApp(t, t.TempDir())
	if _, err := other.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	other.models.SaveTemplate(ctx, models.Template{Name: "translate", Body: "mine, kept"})
	r, err := backup.NewAPI(other.context, other.backups, &dialogtest.Fake{File: file}).ImportSettings()
	if err != nil {
		t.Fatal(err)
	}
	if !r.ThemeSet || len(r.ProvidersAdded) != 1 || r.ProfilesAdded != 1 || r.TemplatesAdded != 1 || r.Skipped != 1 ||
		len(r.NeedKeys) != 1 || r.NeedKeys[0] != "Work OpenAI" {
		t.Fatalf("import %+v", r)
	}
	if th, _ := other.settings.Theme(ctx); th != settings.ThemeDark {
		t.Fatalf("theme %q", th)
	}
	ts, _ := other.models.ListTemplates(ctx, "")
	for _, tp := range ts {
		if strings.EqualFold(tp.Name, "translate") && tp.Body != "mine, kept" {
			t.Fatal("import replaced an existing template")
		}
	}
	ps, _ := other.models.ListProfiles(ctx, "")
	if len(ps) != 1 || ps[0].Temperature == nil || *ps[0].Temperature != 0 {
		t.Fatalf("profiles %+v", ps)
	}
	// Importing again adds nothing.
	r, _ = backup.NewAPI(other.context, other.backups, &dialogtest.Fake{File: file}).ImportSettings()
	if len(r.ProvidersAdded) != 0 || r.ProfilesAdded != 0 || r.TemplatesAdded != 0 {
		t.Fatalf("second import %+v", r)
	}
}

// A settings file from someone else cannot point a provider at their
// server with this machine's environment key: a provider that would send
// an environment variable's key to an address its preset does not name is
// added switched off, and the report says where the key would go. One at
// its preset's own address, or with a key of its own to enter, is added as
// it was.
func TestImportedProviderSendingAnEnvKeyElsewhereStartsOff(t *testing.T) {
	ctx := context.Background()
	t.Setenv("OPENAI_API_KEY", "sk-env-1234567890abcdef")
	a := newTestApp(t, t.TempDir())
	if _, err := a.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	f := backup.SettingsFile{Format: backup.SettingsFormat, Version: 1, Providers: []backup.ProviderConfig{
		{Preset: "openai", Name: "Office proxy", BaseURL: "https://llm.example.net/v1", Enabled: true},
		{Preset: "openai", Name: "OpenAI", BaseURL: "https://api.openai.com/v1/", Enabled: true},
	}}
	r, err := a.backups.ImportSettings(ctx, f)
	if err != nil || len(r.ProvidersAdded) != 2 {
		t.Fatalf("import %+v %v", r, err)
	}
	if len(r.Notes) != 1 || !strings.Contains(r.Notes[0], "Office proxy was added switched off") ||
		!strings.Contains(r.Notes[0], "OPENAI_API_KEY to https://llm.example.net/v1") || strings.Contains(r.Notes[0], "sk-env") {
		t.Fatalf("notes %q", r.Notes)
	}
	ps, err := a.models.ListProviders(ctx)
	if err != nil {
		t.Fatal(err)
	}
	on := map[string]bool{}
	for _, p := range ps {
		on[p.Name] = p.Enabled
	}
	if on["Office proxy"] || !on["OpenAI"] {
		t.Fatalf("enabled after import: %v", on)
	}
}
