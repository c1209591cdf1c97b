package tools

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"bookbag/backend/events"
	"bookbag/backend/secrets"
	"bookbag/backend/store"
)

// fakeRuntime is a scripted Runtime: tools per server, a call function, the
// last configuration it was given. The real runtime (tools/mcp) has its own
// tests against a real MCP server; these test the decisions around it.
type fakeRuntime struct {
	mu      sync.Mutex
	tools   map[string][]Tool
	failing map[string]error
	call    func(ctx context.Context, server, tool string, args json.RawMessage) (Result, error)
	cfgs    []ServerConfig
	calls   []string
	// listing, when set, runs before a server's tools are listed (outside
	// the lock): a server that is slow to start.
	listing func(ctx context.Context, server string) error
}

func newFakeRuntime() *fakeRuntime {
	return &fakeRuntime{tools: map[string][]Tool{}, failing: map[string]error{}}
}

func (f *fakeRuntime) Tools(ctx context.Context, server string) ([]Tool, error) {
	f.mu.Lock()
	listing := f.listing
	f.mu.Unlock()
	if listing != nil {
		if err := listing(ctx, server); err != nil {
			return nil, err
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.failing[server]; err != nil {
		return nil, err
	}
	return f.tools[server], nil
}

func (f *fakeRuntime) Call(ctx context.Context, server, tool string, args json.RawMessage) (Result, error) {
	f.mu.Lock()
	f.calls = append(f.calls, server+"/"+tool+" "+string(args))
	call := f.call
	f.mu.Unlock()
	if call == nil {
		return Result{Text: "ok"}, nil
	}
	return call(ctx, server, tool, args)
}

func (f *fakeRuntime) Configure(cfgs []ServerConfig) {
	f.mu.Lock()
	f.cfgs = cfgs
	f.mu.Unlock()
}
func (f *fakeRuntime) Status() []ServerStatus { return nil }
func (f *fakeRuntime) Restart(string)         {}
func (f *fakeRuntime) Check(c ServerConfig) error {
	if c.Transport == "stdio" && c.Command == "" {
		return errors.New("a stdio server needs a command")
	}
	return nil
}
func (f *fakeRuntime) ParseConfig(data []byte) ([]ServerConfig, error) {
	var v struct {
		MCPServers map[string]struct {
			Command string            `json:"command"`
			Args    []string          `json:"args"`
			Env     map[string]string `json:"env"`
		} `json:"mcpServers"`
	}
	if err := json.Unmarshal(data, &v); err != nil {
		return nil, fmt.Errorf("parse: %w", err)
	}
	var out []ServerConfig
	for name, s := range v.MCPServers {
		out = append(out, ServerConfig{Name: name, Transport: "stdio", Command: s.Command, Args: s.Args, Env: s.Env})
	}
	return out, nil
}
func (f *fakeRuntime) ExportConfig(cfgs []ServerConfig) ([]byte, error) { return json.Marshal(cfgs) }

func (f *fakeRuntime) lastConfig(name string) (ServerConfig, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, c := range f.cfgs {
		if c.Name == name {
			return c, true
		}
	}
	return ServerConfig{}, false
}

type env struct {
	svc  *Service
	db   *store.DB
	rt   *fakeRuntime
	keys *secrets.Memory
	rec  *events.Recorder
	ws   string
}

// memKeys adapts the in-memory secret store to KeyStore, as the app's
// keyStore adapts the keychain.
type memKeys struct{ m *secrets.Memory }

func (k memKeys) Get(ctx context.Context, account string) (string, bool, error) {
	v, err := k.m.Get(ctx, account)
	if errors.Is(err, secrets.ErrNotFound) {
		return "", false, nil
	}
	return v, err == nil, err
}
func (k memKeys) Set(ctx context.Context, account, v string) error { return k.m.Set(ctx, account, v) }
func (k memKeys) Delete(ctx context.Context, account string) error {
	if err := k.m.Delete(ctx, account); err != nil && !errors.Is(err, secrets.ErrNotFound) {
		return err
	}
	return nil
}

func newEnv(t *testing.T, timeout time.Duration) *env {
	t.Helper()
	db, err := store.Open(context.Background(), t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	e := &env{db: db, rt: newFakeRuntime(), keys: secrets.NewMemory(), rec: events.NewRecorder(), ws: store.NewID()}
	e.svc = NewService(Deps{DB: db, Runtime: e.rt, Keys: memKeys{e.keys}, Events: e.rec, ApprovalTimeout: timeout, UserID: "u1"})
	return e
}

// server adds a stdio server with tools and enables it in the env's
// workspace for tools and as a plugin.
func (e *env) server(t *testing.T, name string, ts ...Tool) Server {
	t.Helper()
	sv, err := e.svc.AddServer(context.Background(), ServerInput{Name: name, Command: "run-" + name, Enabled: true})
	if err != nil {
		t.Fatal(err)
	}
	for i := range ts {
		ts[i].Server = name
	}
	e.rt.mu.Lock()
	e.rt.tools[name] = ts
	e.rt.mu.Unlock()
	if _, err := e.svc.SetWorkspaceServer(context.Background(), e.ws, sv.ID, true, true); err != nil {
		t.Fatal(err)
	}
	return sv
}

// approvalCard waits for the next approval card.
func (e *env) approvalCard(t *testing.T, after int) (events.ToolApprovalPayload, int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		evs := e.rec.Events()
		for i := after; i < len(evs); i++ {
			if p, ok := evs[i].Payload.(events.ToolApprovalPayload); ok {
				return p, i + 1
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatal("no approval card was shown")
	return events.ToolApprovalPayload{}, after
}
