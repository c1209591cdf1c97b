package models

import (
	"context"
	"strings"
	"testing"

	"bookbag/backend/apperr"
	"bookbag/backend/llm"
	"bookbag/backend/llm/llmtest"
	"bookbag/backend/llm/provider"
	"bookbag/backend/store"
)

// twoOllamas is a models service on a real SQLite file with two Ollama
// providers, each a fake Ollama server: "Ollama" (added first) and "GPU box",
// both listing llama3.2:3b and nomic-embed-text, the box also qwen3:8b.
type twoOllamas struct {
	svc        *Service
	db         *store.DB
	local, gpu *llmtest.Server
	lp, gp     Provider
}

func newTwoOllamas(t *testing.T) *twoOllamas {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	shared := []llmtest.Model{{Name: "llama3.2:3b", Tools: true, ContextLength: 8192},
		{Name: "nomic-embed-text", Embedding: true, Dimensions: 768}}
	h := &twoOllamas{db: db, local: llmtest.Start(t, llmtest.WithModels(shared...)),
		gpu: llmtest.Start(t, llmtest.WithModels(append(shared, llmtest.Model{Name: "qwen3:8b", ContextLength: 32768})...))}
	h.svc = NewService(Deps{DB: db, Keys: &memKeys{m: map[string]string{}}, Getenv: func(string) string { return "" },
		Factory: func(c ProviderConfig) (llm.Provider, error) {
			return provider.New(provider.Config{Preset: c.Preset, Kind: c.Kind, Name: c.Name, BaseURL: c.BaseURL, APIKey: c.APIKey})
		}})
	h.lp = h.add(t, "Ollama", h.local)
	h.gp = h.add(t, "GPU box", h.gpu)
	return h
}

func (h *twoOllamas) add(t *testing.T, name string, srv *llmtest.Server) Provider {
	t.Helper()
	ctx := context.Background()
	p, err := h.svc.AddProvider(ctx, ProviderInput{Preset: llm.PresetOllama, Name: name, BaseURL: srv.OllamaURL(), Enabled: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.RefreshModels(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	return p
}

// refs maps "provider name / model name" to the model's ref.
func (h *twoOllamas) refs(t *testing.T) map[string]string {
	t.Helper()
	ms, err := h.svc.EnabledModels(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, m := range ms {
		out[m.ProviderName+" / "+m.Name] = m.Ref
	}
	return out
}

func (h *twoOllamas) resolvesTo(t *testing.T, ref string, want Provider) Resolved {
	t.Helper()
	r, err := h.svc.Resolve(context.Background(), ref)
	if err != nil {
		t.Fatalf("%s: %v", ref, err)
	}
	if r.Provider.ID != want.ID {
		t.Fatalf("%s went to %s, want %s", ref, r.Provider.Name, want.Name)
	}
	return r
}

// The picker's refs tell the two providers apart: the first keeps plain
// refs (what chats and defaults written before hold), the second's name it;
// a model only one lists stays plain. Every listed ref resolves to its own
// row, and a call goes to that provider's server.
func TestTwoProvidersOfOnePresetListingOneModel(t *testing.T) {
	h := newTwoOllamas(t)
	ctx := context.Background()
	if h.lp.Slug != "ollama" || h.gp.Slug != "gpu-box" {
		t.Fatalf("slugs %q %q", h.lp.Slug, h.gp.Slug)
	}
	want := map[string]string{
		"Ollama / llama3.2:3b":              "ollama:llama3.2:3b",
		"Ollama / nomic-embed-text:latest":  "ollama:nomic-embed-text:latest@768",
		"GPU box / llama3.2:3b":             "ollama@gpu-box:llama3.2:3b",
		"GPU box / nomic-embed-text:latest": "ollama@gpu-box:nomic-embed-text:latest@768",
		"GPU box / qwen3:8b":                "ollama:qwen3:8b",
	}
	if got := h.refs(t); len(got) != len(want) {
		t.Fatalf("refs %v", got)
	} else {
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s: %q, want %q", k, got[k], v)
			}
		}
	}
	all, _ := h.svc.ListModels(ctx, "")
	for _, m := range all {
		r, err := h.svc.Resolve(ctx, m.Ref)
		if err != nil || r.Model.ID != m.ID {
			t.Errorf("%s (%s) resolves to %+v %v", m.Ref, m.ProviderName, r.Model, err)
		}
	}

	r := h.resolvesTo(t, "ollama@gpu-box:llama3.2:3b", h.gp)
	res := llmtest.Collect(ctx, r.Client, llm.ChatRequest{Model: r.Model.Name, Messages: []llm.Message{{Role: llm.RoleUser, Content: "hi"}}})
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	if n, l := len(h.gpu.CallsTo(llmtest.EndpointChat)), len(h.local.CallsTo(llmtest.EndpointChat)); n != 1 || l != 0 {
		t.Fatalf("chat calls: gpu box %d, local %d", n, l)
	}
	h.resolvesTo(t, "ollama:llama3.2:3b", h.lp)
	e := h.resolvesTo(t, "ollama@gpu-box:nomic-embed-text:latest@768", h.gp)
	if _, err := e.Client.Embed(ctx, e.Model.Name, []string{"x"}); err != nil || len(h.gpu.CallsTo(llmtest.EndpointEmbed)) != 1 {
		t.Fatalf("embedding on the gpu box: %v", err)
	}

	// Defaults take qualified refs.
	d, err := h.svc.SetDefaults(ctx, Defaults{ChatModelRef: "ollama@gpu-box:llama3.2:3b", EmbeddingModelRef: "ollama@gpu-box:nomic-embed-text:latest@768"})
	if err != nil || d.ChatModelRef != "ollama@gpu-box:llama3.2:3b" {
		t.Fatalf("defaults %+v %v", d, err)
	}
	if _, err := h.svc.SetDefaults(ctx, Defaults{ChatModelRef: "ollama@gpu-box:nomic-embed-text:latest"}); err == nil {
		t.Fatal("an embedding model became the chat default")
	}
	// Parameters and extras are the preset's, qualified or not.
	if ps, err := h.svc.ParamSupport("ollama@gpu-box:llama3.2:3b"); err != nil || !ps.ContextLength.Supported {
		t.Fatalf("param support %+v %v", ps, err)
	}
}

// A ref naming a provider this device does not have (removed, switched
// off, or another device's) goes where the plain ref goes; with no provider
// listing the model, the error says so.
func TestQualifiedRefFallsBack(t *testing.T) {
	h := newTwoOllamas(t)
	ctx := context.Background()
	h.resolvesTo(t, "ollama@office:llama3.2:3b", h.lp) // another device's provider

	if _, err := h.svc.SetProviderEnabled(ctx, h.lp.ID, false); err != nil {
		t.Fatal(err)
	}
	// With the first off, the box is where plain refs go: its refs turn plain.
	if got := h.refs(t)["GPU box / llama3.2:3b"]; got != "ollama:llama3.2:3b" {
		t.Fatalf("the box's ref with the first provider off: %q", got)
	}
	h.resolvesTo(t, "ollama@gpu-box:llama3.2:3b", h.gp)
	h.resolvesTo(t, "ollama:llama3.2:3b", h.gp)
	if _, err := h.svc.SetProviderEnabled(ctx, h.lp.ID, true); err != nil {
		t.Fatal(err)
	}

	if _, err := h.svc.SetProviderEnabled(ctx, h.gp.ID, false); err != nil {
		t.Fatal(err)
	}
	h.resolvesTo(t, "ollama@gpu-box:llama3.2:3b", h.lp)
	if err := h.svc.RemoveProvider(ctx, h.gp.ID); err != nil {
		t.Fatal(err)
	}
	h.resolvesTo(t, "ollama@gpu-box:llama3.2:3b", h.lp)
	h.resolvesTo(t, "ollama@gpu-box:nomic-embed-text:latest@768", h.lp)

	_, err := h.svc.Resolve(ctx, "ollama@gpu-box:qwen3:8b")
	if !apperr.Is(err, apperr.NotFound) || !strings.Contains(apperr.MessageOf(err), "qwen3:8b is not available on this computer") {
		t.Fatalf("want not available, got %v", err)
	}
	if ok, err := h.svc.HasModel(ctx, "ollama@gpu-box:llama3.2:3b"); !ok || err != nil {
		t.Fatalf("has model: %v %v", ok, err)
	}
}

// A provider's slug is fixed when it is added: renaming it keeps the refs
// chats hold going to it, and a new provider of the old name gets another.
func TestRenamedProviderKeepsItsRefs(t *testing.T) {
	h := newTwoOllamas(t)
	ctx := context.Background()
	p, err := h.svc.UpdateProvider(ctx, h.gp.ID, ProviderInput{Name: "Workstation", BaseURL: h.gpu.OllamaURL(), Enabled: true})
	if err != nil || p.Slug != "gpu-box" {
		t.Fatalf("renamed %+v %v", p, err)
	}
	if got := h.refs(t)["Workstation / llama3.2:3b"]; got != "ollama@gpu-box:llama3.2:3b" {
		t.Fatalf("ref after the rename: %q", got)
	}
	h.resolvesTo(t, "ollama@gpu-box:llama3.2:3b", h.gp)
	third := h.add(t, "GPU box", h.gpu)
	if third.Slug != "gpu-box-2" {
		t.Fatalf("third slug %q", third.Slug)
	}
	h.resolvesTo(t, "ollama@gpu-box:llama3.2:3b", h.gp)
	h.resolvesTo(t, "ollama@gpu-box-2:llama3.2:3b", third)
}

// Providers added before slugs existed get them at start, oldest first,
// one per provider even when two have one name.
func TestFillSlugs(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	for i, name := range []string{"Ollama", "Ollama", "Офис"} {
		if _, err := h.db.W.ExecContext(ctx, `INSERT INTO providers (id, kind, preset, name, base_url, created_at, updated_at)
			VALUES (?, 'ollama', 'ollama', ?, 'http://127.0.0.1:11434', ?, ?)`, store.NewID(), name, i, i); err != nil {
			t.Fatal(err)
		}
	}
	if err := h.svc.FillSlugs(ctx); err != nil {
		t.Fatal(err)
	}
	ps, _ := h.svc.ListProviders(ctx)
	var got []string
	for _, p := range ps {
		got = append(got, p.Slug)
	}
	if strings.Join(got, " ") != "ollama ollama-2 ollama-3" {
		t.Fatalf("slugs %v", got)
	}
	if p, err := h.svc.AddProvider(ctx, ProviderInput{Preset: llm.PresetOllama, BaseURL: "http://10.0.0.9:11434"}); err != nil || p.Slug != "ollama-4" {
		t.Fatalf("a new one: %+v %v", p, err)
	}
}
