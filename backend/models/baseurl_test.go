package models

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"bookbag/backend/apperr"
	"bookbag/backend/llm"
)

// Credentials or a key in a base URL would be stored in SQLite and shown in
// the webview: they are refused, with words that do not echo them.
func TestBaseURLWithCredentialsIsRefused(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	for _, u := range []string{
		"https://bob:hunter2pass@proxy.example/v1",
		"https://hunter2pass@proxy.example/v1",
		"https://proxy.example/v1?key=hunter2pass",
		"https://proxy.example/v1#hunter2pass",
	} {
		_, err := h.svc.AddProvider(ctx, ProviderInput{Preset: llm.PresetCustom, BaseURL: u})
		if !apperr.Is(err, apperr.Invalid) || strings.Contains(err.Error(), "hunter2pass") {
			t.Errorf("%s: %v", u, err)
		}
	}
	p, err := h.svc.AddProvider(ctx, ProviderInput{Preset: llm.PresetCustom, BaseURL: "https://proxy.example/v1"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.UpdateProvider(ctx, p.ID, ProviderInput{BaseURL: "https://bob:hunter2pass@proxy.example/v1"}); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("edit accepted credentials: %v", err)
	}
	var n int
	h.db.R.QueryRow(`SELECT count(*) FROM providers WHERE base_url LIKE '%hunter2pass%'`).Scan(&n)
	if n != 0 {
		t.Fatal("credentials written to SQLite")
	}
}

// A provider saved with credentials in its URL before they were refused
// still connects with them, but they never leave the service again.
func TestStoredCredentialsInBaseURLAreMasked(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	p, err := h.svc.AddProvider(ctx, ProviderInput{Preset: llm.PresetCustom, BaseURL: "https://proxy.example/v1"})
	if err != nil {
		t.Fatal(err)
	}
	const old = "https://bob:hunter2pass@proxy.example/v1?token=hunter2pass"
	if _, err := h.db.W.ExecContext(ctx, `UPDATE providers SET base_url = ? WHERE id = ?`, old, p.ID); err != nil {
		t.Fatal(err)
	}
	h.svc.forget(p.ID)
	got, err := h.svc.GetProvider(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	list, err := h.svc.ListProviders(ctx)
	if err != nil {
		t.Fatal(err)
	}
	js, _ := json.Marshal([]any{got, list})
	if strings.Contains(string(js), "hunter2pass") || got.BaseURL != "https://xxxxx@proxy.example/v1?xxxxx" {
		t.Fatalf("credentials shown: %s", js)
	}
	if res, _ := h.svc.TestProvider(ctx, p.ID); !res.OK || h.configs[len(h.configs)-1].BaseURL != old {
		t.Fatalf("client built with %+v", h.configs)
	}
	// Saving the form as shown asks for the credentials to go.
	if _, err := h.svc.UpdateProvider(ctx, p.ID, ProviderInput{Name: "Proxy", BaseURL: got.BaseURL}); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("masked URL saved: %v", err)
	}
}
