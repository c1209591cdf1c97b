package models

import (
	"context"
	"testing"

	"bookbag/backend/apperr"
	"bookbag/backend/store"
)

func ptr[T any](v T) *T { return &v }

func TestProfilesPersonalAndWorkspace(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	ws := store.NewID()
	h.db.Tx(ctx, func(tx *store.Tx) error { return tx.Insert(ctx, "workspaces", ws, ws, store.Values{"name": "W"}) })
	personal, err := h.svc.SaveProfile(ctx, Profile{Name: "Precise", Temperature: ptr(0.0), MaxTokens: ptr(512), Think: ptr(false)})
	if err != nil {
		t.Fatal(err)
	}
	if personal.Temperature == nil || *personal.Temperature != 0 || *personal.MaxTokens != 512 || *personal.Think {
		t.Fatalf("temperature 0 and think=false must survive: %+v", personal)
	}
	if personal.TopP != nil || personal.ContextLength != nil {
		t.Fatal("unset parameters came back set")
	}
	if _, err := h.svc.SaveProfile(ctx, Profile{WorkspaceID: ws, Name: "Creative", Temperature: ptr(1.2)}); err != nil {
		t.Fatal(err)
	}
	all, _ := h.svc.ListProfiles(ctx, ws)
	other, _ := h.svc.ListProfiles(ctx, "another")
	if len(all) != 2 || len(other) != 1 || other[0].Name != "Precise" {
		t.Fatalf("scoping: ws=%d other=%d", len(all), len(other))
	}
	personal.Name = "Exact"
	if p, err := h.svc.SaveProfile(ctx, personal); err != nil || p.Name != "Exact" {
		t.Fatalf("update: %+v %v", p, err)
	}
	if err := h.svc.DeleteProfile(ctx, personal.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.GetProfile(ctx, personal.ID); !apperr.Is(err, apperr.NotFound) {
		t.Fatal("deleted profile still readable")
	}
	var logged int
	h.db.R.QueryRow(`SELECT count(*) FROM change_log WHERE table_name = 'param_profiles'`).Scan(&logged)
	if logged != 2 {
		t.Fatalf("profiles not in the change log: %d", logged)
	}
	params := Profile{Temperature: ptr(0.0), MaxTokens: ptr(100)}.Params()
	if params.Temperature == nil || *params.Temperature != 0 || params.MaxTokens != 100 {
		t.Fatalf("params %+v", params)
	}
}

func TestProfileValidation(t *testing.T) {
	bad := []Profile{
		{Name: ""},
		{Name: "x", Temperature: ptr(3.0)},
		{Name: "x", TopP: ptr(0.0)},
		{Name: "x", MaxTokens: ptr(0)},
		{Name: "x", ContextLength: ptr(10)},
		{Name: "x", ReasoningEffort: "extreme"},
	}
	for i, p := range bad {
		if err := p.Validate(); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("case %d accepted", i)
		}
	}
}

func TestTemplatesVariablesAndRender(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	tpl, err := h.svc.SaveTemplate(ctx, Template{Name: "Translate", Body: "Translate {{text}} into {{ language }}. Keep {{text}} intact."})
	if err != nil {
		t.Fatal(err)
	}
	if len(tpl.Variables) != 2 || tpl.Variables[0] != "text" || tpl.Variables[1] != "language" {
		t.Fatalf("variables %v", tpl.Variables)
	}
	out, err := Render(tpl.Body, map[string]string{"text": "hello", "language": "Welsh"})
	if err != nil || out != "Translate hello into Welsh. Keep hello intact." {
		t.Fatalf("render %q %v", out, err)
	}
	if _, err := Render(tpl.Body, map[string]string{"text": "x"}); !apperr.Is(err, apperr.Invalid) {
		t.Fatal("missing variable accepted")
	}
	if _, err := h.svc.SaveTemplate(ctx, Template{Name: "Empty", Body: "  "}); !apperr.Is(err, apperr.Invalid) {
		t.Fatal("empty body accepted")
	}
	list, _ := h.svc.ListTemplates(ctx, "")
	if len(list) != 1 {
		t.Fatalf("%d templates", len(list))
	}
	if err := h.svc.DeleteTemplate(ctx, tpl.ID); err != nil {
		t.Fatal(err)
	}
	list, _ = h.svc.ListTemplates(ctx, "")
	if len(list) != 0 {
		t.Fatal("deleted template listed")
	}
}
