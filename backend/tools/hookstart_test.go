package tools_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"bookbag/backend/store"
	"bookbag/backend/tools"
	"bookbag/backend/tools/mcp"
	"bookbag/backend/tools/mcp/mcptest"
)

// mcpRuntime runs the servers with the real MCP client, as the app's
// wiring does (tools does not import its client).
type mcpRuntime struct{ *mcp.Manager }

func toMCP(c tools.ServerConfig) mcp.ServerConfig {
	return mcp.ServerConfig{Name: c.Name, Transport: c.Transport, Command: c.Command, Args: c.Args, Env: c.Env, Dir: c.Dir,
		URL: c.URL, Headers: c.Headers, InitTimeout: c.InitTimeout, CallTimeout: c.CallTimeout, Disabled: c.Disabled}
}

func (r mcpRuntime) Configure(cfgs []tools.ServerConfig) {
	out := make([]mcp.ServerConfig, len(cfgs))
	for i, c := range cfgs {
		out[i] = toMCP(c)
	}
	_ = r.Manager.Configure(out)
}
func (r mcpRuntime) Restart(name string)              { _ = r.Manager.Restart(context.Background(), name) }
func (r mcpRuntime) Check(c tools.ServerConfig) error { return toMCP(c).Validate() }
func (r mcpRuntime) ParseConfig([]byte) ([]tools.ServerConfig, error) {
	return nil, errors.New("not used here")
}
func (r mcpRuntime) ExportConfig([]tools.ServerConfig) ([]byte, error) {
	return nil, errors.New("not used here")
}

// realTools is the tools service on a real database file with the real
// MCP client; bound is the hooks' (0: the default).
func realTools(t *testing.T, bound time.Duration) (*tools.Service, *mcp.Manager) {
	t.Helper()
	db, err := store.Open(context.Background(), t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	m := mcp.NewManager(mcp.Options{})
	t.Cleanup(func() { m.Close() })
	return tools.NewService(tools.Deps{DB: db, Runtime: mcpRuntime{m}, HookTimeout: bound}), m
}

// A plugin that never starts (bookbag-mcptest -mode no-initialize, with an
// hour to initialize) costs a send the hook's bound, not its init timeout:
// its hook is skipped with the reason, the next plugin's hook still runs
// on the text, and the server is left starting (its start is not killed,
// so a server slow to start still serves its tools once up).
func TestHookBoundCoversAPluginsStart(t *testing.T) {
	bin := t.TempDir()
	never, err := mcptest.Build(bin, "bookbag/cmd/bookbag-mcptest")
	if err != nil {
		t.Fatal(err)
	}
	pii, err := mcptest.Build(bin, "bookbag/cmd/bookbag-pii")
	if err != nil {
		t.Fatal(err)
	}
	// A bound the warm pii plugin answers well within, even under -race.
	const bound = 2 * time.Second
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second) // a cap on a hang, not an assertion
	defer cancel()
	svc, m := realTools(t, bound)
	ws := store.NewID()
	for _, in := range []tools.ServerInput{
		{Name: "a-never", Command: never, Args: []string{"-mode", "no-initialize"}, InitTimeoutMs: 3_600_000, Enabled: true},
		{Name: "b-pii", Command: pii, Enabled: true},
	} {
		sv, err := svc.AddServer(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.SetWorkspaceServer(ctx, ws, sv.ID, false, true); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := m.Tools(ctx, "b-pii"); err != nil { // started before the bound runs
		t.Fatal(err)
	}

	got := svc.RunHooks(ctx, ws, tools.HookBeforeSend, map[string]any{"text": "mail ada@example.com"})
	if ctx.Err() != nil {
		t.Fatal("the hooks waited for the plugin's init timeout")
	}
	if len(got) != 2 || got[0].Server != "a-never" || got[0].Error != "did not start within 2s" {
		t.Fatalf("the never-starting plugin: %+v", got)
	}
	if got[1].Server != "b-pii" || got[1].Error != "" || got[1].Text == nil || !strings.Contains(*got[1].Text, "[EMAIL]") {
		t.Fatalf("the next plugin: %+v", got[1])
	}
	for _, st := range m.Status() {
		if st.Name == "a-never" && st.State != tools.StateStarting {
			t.Fatalf("the slow plugin's start was ended: %+v", st)
		}
	}
}

// A plugin the workspace requires holds the message when it cannot see
// it: switched off in Settings, its hook fails to start, and the send is
// refused with that reason; the same plugin not required is skipped and
// the message would go out as written. Switching Plugin off clears it.
func TestRequiredPluginHoldsTheMessageWhenOff(t *testing.T) {
	pii, err := mcptest.Build(t.TempDir(), "bookbag/cmd/bookbag-pii")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second) // a cap on a hang, not an assertion
	defer cancel()
	svc, _ := realTools(t, 0)
	ws := store.NewID()
	sv, err := svc.AddServer(ctx, tools.ServerInput{Name: "pii", Command: pii, Enabled: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SetPluginRequired(ctx, ws, sv.ID, true); err == nil {
		t.Fatal("a server that is not a plugin here was made required")
	}
	if _, err := svc.SetWorkspaceServer(ctx, ws, sv.ID, false, true); err != nil {
		t.Fatal(err)
	}
	off := tools.ServerInput{Name: "pii", Command: pii, Enabled: false}
	if _, err := svc.UpdateServer(ctx, sv.ID, off); err != nil {
		t.Fatal(err)
	}
	if got := svc.RunHooks(ctx, ws, tools.HookBeforeSend, map[string]any{"text": "mail ada@example.com"}); len(got) != 0 {
		t.Fatalf("a plugin switched off ran or held the message: %+v", got)
	}

	list, err := svc.SetPluginRequired(ctx, ws, sv.ID, true)
	if err != nil || len(list) != 1 || !list[0].Required {
		t.Fatalf("required: %+v %v", list, err)
	}
	got := svc.RunHooks(ctx, ws, tools.HookBeforeSend, map[string]any{"text": "mail ada@example.com"})
	if len(got) != 1 || got[0].Error != "" || !strings.Contains(got[0].Refuse, "required") || !strings.Contains(got[0].Refuse, "disabled") {
		t.Fatalf("the required plugin that is off: %+v", got)
	}
	// The hook that could not start is in the record of calls, with why.
	page, err := svc.Calls(ctx, ws, "", 10)
	if err != nil || len(page.Entries) != 1 || page.Entries[0].Kind != "hook" || page.Entries[0].Outcome != "error" ||
		!strings.Contains(page.Entries[0].Detail, "disabled") {
		t.Fatalf("record of the failed hook: %+v %v", page.Entries, err)
	}

	list, err = svc.SetWorkspaceServer(ctx, ws, sv.ID, true, false)
	if err != nil || list[0].Plugin || list[0].Required {
		t.Fatalf("Plugin off left it required: %+v %v", list, err)
	}
	if list, _ = svc.SetWorkspaceServer(ctx, ws, sv.ID, true, true); list[0].Required {
		t.Fatalf("Plugin on again brought back required: %+v", list)
	}
}
