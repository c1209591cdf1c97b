package localapi

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	"bookbag/backend/apperr"
	"bookbag/backend/llm"
	"bookbag/backend/llm/llmtest"
	"bookbag/backend/llm/provider"
	"bookbag/backend/store"
)

// The harness: a real store in a temp dir, the llmtest fake behind the
// real OpenAI adapter as every model's provider, two workspaces whose
// prepared requests carry numbered sources (the real assembly is tested in
// the app's package, with real documents).

type fakeModels struct {
	client  llm.Provider
	clients map[string]llm.Provider // by ref, for models of other protocols; else client
	models  []Model
}

func (f *fakeModels) Enabled(context.Context) ([]Model, error) { return f.models, nil }

func (f *fakeModels) Resolve(_ context.Context, ref string) (Resolved, error) {
	for _, m := range f.models {
		if c, ok := f.clients[ref]; ok && m.Ref == ref {
			return Resolved{Model: m, Client: c}, nil
		}
		if m.Ref == ref {
			return Resolved{Model: m, Client: f.client}, nil
		}
	}
	return Resolved{}, apperr.New(apperr.NotFound, "the model %s is not available on this computer", ref)
}

type fakeWorkspaces struct {
	models   *fakeModels
	list     []Workspace
	sources  []Source
	prepared []string // workspace ids asked for, in order
	recorded []Turn
}

func (f *fakeWorkspaces) Record(_ context.Context, _ string, t Turn) error {
	f.recorded = append(f.recorded, t)
	return nil
}

func (f *fakeWorkspaces) List(context.Context) ([]Workspace, error) { return f.list, nil }

func (f *fakeWorkspaces) Prepare(ctx context.Context, id, system string, msgs []llm.Message) (Prepared, error) {
	f.prepared = append(f.prepared, id)
	res, err := f.models.Resolve(ctx, "lmstudio:fake-chat")
	if err != nil {
		return Prepared{}, err
	}
	sys := "You are the workspace " + id + "."
	if system != "" {
		sys += "\n\n" + system
	}
	sys += "\n\nSources:\n"
	for i, s := range f.sources {
		sys += "\n[" + itoa(i+1) + "] " + s.DocumentName + "\npassage text\n"
	}
	return Prepared{Resolved: res, Sources: f.sources, Request: llm.ChatRequest{Model: res.Name, System: sys, Messages: msgs}}, nil
}

// fakeUsage keeps the calls reported for usage; refuse, when set, is a
// hard budget reached.
type fakeUsage struct {
	mu     sync.Mutex
	calls  []UsageCall
	refuse error
	asked  int // budget checks
}

func (f *fakeUsage) Record(_ context.Context, c UsageCall) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, c)
	return nil
}

func (f *fakeUsage) Allow(context.Context, string, string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.asked++
	return f.refuse
}

func (f *fakeUsage) checks() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.asked
}

func (f *fakeUsage) recorded() []UsageCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.calls)
}

type harness struct {
	t     testing.TB
	svc   *Service
	fake  *llmtest.Server
	wss   *fakeWorkspaces
	usage *fakeUsage
	url   string // http://127.0.0.1:PORT (the API under /v1)
	token string // a token for every workspace
	db    *store.DB
	dir   string // the data dir the database is in
}

func newHarness(t testing.TB, limits Limits) *harness {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	db, err := store.Open(ctx, dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	fake := llmtest.Start(t)
	client, err := provider.New(provider.Config{Preset: "lmstudio", BaseURL: fake.OpenAIURL()})
	if err != nil {
		t.Fatal(err)
	}
	ms := &fakeModels{client: client, models: []Model{
		{Ref: "lmstudio:fake-chat", Name: "fake-chat", Owner: "LM Studio", Tools: true},
		{Ref: "lmstudio:fake-vision", Name: "fake-vision", Owner: "LM Studio"},
		{Ref: "lmstudio:fake-embed@256", Name: "fake-embed", Owner: "LM Studio", Embedding: true},
	}}
	wss := &fakeWorkspaces{models: ms, list: []Workspace{
		{ID: "0001-personal", Name: "Personal", CreatedAt: 1_000},
		{ID: "0002-research", Name: "Research Notes", CreatedAt: 2_000},
		{ID: "0003-private", Name: "Private", CreatedAt: 3_000},
	}, sources: []Source{
		{DocumentID: "doc-a", DocumentName: "Handbook.pdf", ChunkID: 11, Page: 3},
		{DocumentID: "doc-b", DocumentName: "Notes.md", ChunkID: 42},
	}}
	usage := &fakeUsage{}
	svc := NewService(Deps{DB: db, Models: ms, Workspaces: wss, Limits: limits, Usage: usage,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	srv := httptest.NewServer(svc.Handler())
	t.Cleanup(func() {
		srv.CloseClientConnections()
		srv.Close()
		svc.Close()
	})
	h := &harness{t: t, svc: svc, fake: fake, wss: wss, usage: usage, url: srv.URL, db: db, dir: dir}
	h.token = h.newToken(TokenInput{Name: "all", AllWorkspaces: true})
	return h
}

func (h *harness) newToken(in TokenInput) string {
	h.t.Helper()
	nt, err := h.svc.CreateToken(context.Background(), in)
	if err != nil {
		h.t.Fatal(err)
	}
	return nt.Secret
}

// client is the official openai-go client against the local API.
func (h *harness) client(token string) openai.Client {
	return openai.NewClient(option.WithBaseURL(h.url+"/v1/"), option.WithAPIKey(token), option.WithMaxRetries(0))
}

// do sends a raw request and returns the answer with its body read.
func (h *harness) do(method, path, token, body string, header ...string) (*http.Response, string) {
	h.t.Helper()
	req, err := http.NewRequest(method, h.url+path, strings.NewReader(body))
	if err != nil {
		h.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}
