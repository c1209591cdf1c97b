package mcp

import (
	"encoding/json"
	"fmt"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"bookbag/backend/tools"
)

// toTool converts an MCP tool as listed. Its inputSchema must be a JSON
// object schema (MCP requires "type": "object"; every model API rejects a
// whole request whose function parameters are anything else), so a tool
// with another schema is an error here and the caller skips it.
func toTool(server string, t *sdk.Tool) (tools.Tool, error) {
	schema, err := objectSchema(t.InputSchema)
	if err != nil {
		return tools.Tool{}, fmt.Errorf("tool %s: %w", t.Name, err)
	}
	out := tools.Tool{
		Server:      server,
		Name:        t.Name,
		Title:       t.Title,
		Description: t.Description,
		InputSchema: schema,
		// MCP's defaults when the server gives no annotations.
		Destructive: true,
		OpenWorld:   true,
	}
	if a := t.Annotations; a != nil {
		if out.Title == "" {
			out.Title = a.Title // the spec: title, then annotations.title, then name
		}
		out.ReadOnly = a.ReadOnlyHint
		// destructiveHint means something only for tools that are not
		// read-only; absent, it is true.
		out.Destructive = !a.ReadOnlyHint && (a.DestructiveHint == nil || *a.DestructiveHint)
		out.Idempotent = a.IdempotentHint
		out.OpenWorld = a.OpenWorldHint == nil || *a.OpenWorldHint
	}
	return out, nil
}

// objectSchema checks that schema is a JSON object whose type is "object"
// and returns it as JSON. An object without "type" (some servers omit it
// for tools without arguments) gets "type": "object", which is what it
// means.
func objectSchema(schema any) (json.RawMessage, error) {
	raw, err := json.Marshal(schema)
	if err != nil {
		return nil, fmt.Errorf("its inputSchema cannot be encoded: %w", err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil || m == nil {
		return nil, fmt.Errorf("its inputSchema is not a JSON object schema (got %s)", clip(string(raw), 60))
	}
	t, ok := m["type"]
	if !ok {
		m["type"] = json.RawMessage(`"object"`)
		return json.Marshal(m)
	}
	var typ string
	if json.Unmarshal(t, &typ) != nil || typ != "object" {
		return nil, fmt.Errorf(`its inputSchema has type %s, not "object"`, clip(string(t), 40))
	}
	return raw, nil
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return tools.CutUTF8(s, n) + "…"
}
