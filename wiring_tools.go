package main

import (
	"context"
	"log/slog"
	"os/user"
	"strings"
	"time"

	"bookbag/backend/chat"
	"bookbag/backend/llm"
	"bookbag/backend/tools"
	"bookbag/backend/tools/mcp"
)

// Adapters of the tools domain: the MCP client as the tools service's
// runtime, and the tools service as what a chat turn needs.

// mcpRuntime runs the configured servers with tools/mcp. The tools domain
// does not import its own client (mcp imports tools for the shared types).
type mcpRuntime struct {
	*mcp.Manager
	log *slog.Logger
}

func (r mcpRuntime) Configure(cfgs []tools.ServerConfig) {
	if err := r.Manager.Configure(toMCP(cfgs)); err != nil {
		// Each bad server is kept as failed with its reason; this is the sum.
		r.log.Warn("configure tool servers", "err", err)
	}
}

func (r mcpRuntime) Restart(name string) {
	if err := r.Manager.Restart(context.Background(), name); err != nil {
		r.log.Warn("restart tool server", "server", name, "err", err)
	}
}

func (r mcpRuntime) Check(cfg tools.ServerConfig) error { return mcpConfig(cfg).Validate() }

func (r mcpRuntime) ParseConfig(data []byte) ([]tools.ServerConfig, error) {
	cfgs, err := mcp.ParseConfig(data)
	if err != nil {
		return nil, err
	}
	out := make([]tools.ServerConfig, len(cfgs))
	for i, c := range cfgs {
		out[i] = tools.ServerConfig{Name: c.Name, Transport: c.Transport, Command: c.Command, Args: c.Args, Env: c.Env,
			Dir: c.Dir, URL: c.URL, Headers: c.Headers, InitTimeout: c.InitTimeout, CallTimeout: c.CallTimeout, Disabled: c.Disabled}
	}
	return out, nil
}

func (r mcpRuntime) ExportConfig(cfgs []tools.ServerConfig) ([]byte, error) {
	return mcp.ExportConfig(toMCP(cfgs))
}

func mcpConfig(c tools.ServerConfig) mcp.ServerConfig {
	return mcp.ServerConfig{Name: c.Name, Transport: c.Transport, Command: c.Command, Args: c.Args, Env: c.Env,
		Dir: c.Dir, URL: c.URL, Headers: c.Headers, InitTimeout: c.InitTimeout, CallTimeout: c.CallTimeout, Disabled: c.Disabled}
}

func toMCP(cfgs []tools.ServerConfig) []mcp.ServerConfig {
	out := make([]mcp.ServerConfig, len(cfgs))
	for i, c := range cfgs {
		out[i] = mcpConfig(c)
	}
	return out
}

// serverEnv is the environment stdio tool servers start from: the app's,
// without the variables model providers read their keys from. BookBag
// takes a key from there when the keychain has none; a third-party server
// has no business with it, and a tool that prints its environment would put
// the key into the chat, the database and the model's context. A server
// that needs such a variable is given it in its own env.
func serverEnv(keyEnvs func(context.Context) ([]string, error), environ func() []string, log *slog.Logger) func() []string {
	return func() []string {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		names, err := keyEnvs(ctx)
		if err != nil {
			log.Warn("list the providers' key variables; hiding the presets' only", "err", err)
			names = presetKeyEnvs()
		}
		hide := map[string]bool{}
		for _, n := range names {
			hide[strings.ToUpper(n)] = true // Windows names ignore case; hiding both spellings elsewhere is harmless
		}
		var out []string
		for _, kv := range environ() {
			if k, _, _ := strings.Cut(kv, "="); !hide[strings.ToUpper(k)] {
				out = append(out, kv)
			}
		}
		return out
	}
}

func presetKeyEnvs() []string {
	var out []string
	for _, p := range llm.Presets() {
		if p.KeyEnv != "" {
			out = append(out, p.KeyEnv)
		}
	}
	return out
}

// chatTools gives a chat turn the tools of its workspace.
type chatTools struct{ svc *tools.Service }

func (c chatTools) Offer(ctx context.Context, workspaceID string, off []string) ([]chat.ToolSpec, map[string]string, error) {
	offered, unavailable, err := c.svc.Offer(ctx, workspaceID, off)
	if err != nil {
		return nil, nil, err
	}
	out := make([]chat.ToolSpec, len(offered))
	for i, o := range offered {
		out[i] = chat.ToolSpec{ModelName: o.ModelName, ServerID: o.ServerID, Server: o.Server, Tool: o.Name, Title: o.Title,
			Description: o.Description, Schema: o.InputSchema, ReadOnly: o.ReadOnly, Destructive: o.Destructive}
	}
	return out, unavailable, nil
}

func (c chatTools) Run(ctx context.Context, r chat.ToolRun) chat.ToolOutcome {
	s := r.Spec
	o := c.svc.Run(ctx, tools.CallRequest{WorkspaceID: r.WorkspaceID, ChatID: r.ChatID, MessageID: r.MessageID,
		Arguments: r.Arguments, Tool: tools.Offered{ServerID: s.ServerID, ModelName: s.ModelName,
			Tool: tools.Tool{Server: s.Server, Name: s.Tool, Title: s.Title, Description: s.Description,
				InputSchema: s.Schema, ReadOnly: s.ReadOnly, Destructive: s.Destructive}}})
	out := chat.ToolOutcome{Text: o.Text, IsError: o.IsError, Arguments: o.Arguments, Decision: o.Decision, Ran: o.Ran}
	for _, im := range o.Images {
		out.Images = append(out.Images, llm.Image{MIME: im.MIME, Data: im.Data})
	}
	return out
}

func (c chatTools) Hooks(ctx context.Context, workspaceID, point string, args map[string]any) []chat.HookResult {
	rs := c.svc.RunHooks(ctx, workspaceID, point, args)
	out := make([]chat.HookResult, len(rs))
	for i, r := range rs {
		out[i] = chat.HookResult(r)
	}
	return out
}

// localUser names who allowed a tool call in the call record.
func localUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return "local:" + u.Username
	}
	return "local"
}
