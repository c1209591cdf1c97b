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
