package models

import (
	"context"
	"errors"
	"sync"
	"testing"

	"bookbag/backend/events"
	"bookbag/backend/llm"
	"bookbag/backend/store"
)

// memKeys is an in-memory keychain; broken makes every call fail like a
// machine without a Secret Service.
type memKeys struct {
	mu     sync.Mutex
	m      map[string]string
	broken bool
	gets   int   // Get calls, answered or not
	setErr error // what Set answers when set
}

func (k *memKeys) Get(_ context.Context, account string) (string, bool, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.gets++
	if k.broken {
		return "", false, errors.New("no secret service")
	}
	v, ok := k.m[account]
	return v, ok, nil
}

func (k *memKeys) Set(_ context.Context, account, secret string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.broken {
		return errors.New("no secret service")
	}
	if k.setErr != nil {
		return k.setErr
	}
	k.m[account] = secret
	return nil
}

func (k *memKeys) Delete(_ context.Context, account string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.broken {
		return errors.New("no secret service")
	}
	delete(k.m, account)
	return nil
}

// fakeProvider answers Models from a list; it records the config it was built with.
type fakeProvider struct {
	models  []llm.ModelInfo
	err     error
	version error
	pull    func(ctx context.Context, model string, progress func(llm.PullProgress)) error
	deleted []string
}

func (f *fakeProvider) Models(context.Context) ([]llm.ModelInfo, error) { return f.models, f.err }
func (f *fakeProvider) Chat(context.Context, llm.ChatRequest, func(llm.Delta)) (llm.Result, error) {
	return llm.Result{}, nil
}
func (f *fakeProvider) Embed(context.Context, string, []string) ([][]float32, error) { return nil, nil }
func (f *fakeProvider) Version(context.Context) (string, error)                      { return "0.17.0", f.version }
func (f *fakeProvider) Pull(ctx context.Context, model string, p func(llm.PullProgress)) error {
	return f.pull(ctx, model, p)
}
func (f *fakeProvider) Delete(_ context.Context, model string) error {
	f.deleted = append(f.deleted, model)
	return nil
}

type harness struct {
	svc     *Service
	db      *store.DB
	keys    *memKeys
	env     map[string]string
	rec     *events.Recorder
	fake    *fakeProvider
	configs []ProviderConfig
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	db, err := store.Open(context.Background(), t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	h := &harness{db: db, keys: &memKeys{m: map[string]string{}}, env: map[string]string{}, rec: events.NewRecorder(),
		fake: &fakeProvider{models: []llm.ModelInfo{{Name: "gpt-test", ContextLength: 128000}, {Name: "embed-test", Embedding: true, Dimensions: 256}}}}
	var mu sync.Mutex
	h.svc = NewService(Deps{DB: db, Keys: h.keys, Events: h.rec, Getenv: func(k string) string { return h.env[k] },
		Factory: func(c ProviderConfig) (llm.Provider, error) {
			mu.Lock()
			h.configs = append(h.configs, c)
			mu.Unlock()
			return h.fake, nil
		}})
	return h
}
