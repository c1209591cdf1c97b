package mcp

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"
)

// The mcpServers file is the JSON Claude Desktop, Cursor, LM Studio,
// AnythingLLM, Cline and others read and write:
//
//	{"mcpServers": {
//	  "files":  {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"], "env": {}, "cwd": "/tmp"},
//	  "remote": {"url": "https://example.com/mcp", "headers": {"Authorization": "Bearer …"}, "type": "sse"}
//	}}
//
// Besides those keys BookBag reads and writes "disabled" (Cline, Roo),
// "timeout" (Cline: a call's bound in seconds) and "initTimeout" (its own:
// the start's bound in seconds). Other keys are ignored. VS Code's
// {"servers": …} is read too.

// fileServer is one server's entry as written in the file; json.RawMessage
// fields are decoded by hand so errors can name the server and the key.
type fileServer struct {
	Command     *string         `json:"command"`
	Args        json.RawMessage `json:"args"`
	Env         json.RawMessage `json:"env"`
	Cwd         *string         `json:"cwd"`
	URL         *string         `json:"url"`
	Headers     json.RawMessage `json:"headers"`
	Type        *string         `json:"type"`
	Transport   *string         `json:"transport"`
	Disabled    *bool           `json:"disabled"`
	Timeout     json.RawMessage `json:"timeout"`
	InitTimeout json.RawMessage `json:"initTimeout"`
}

// transportName maps the type/transport spellings found in the wild.
func transportName(s string) (string, bool) {
	switch s {
	case "stdio":
		return TransportStdio, true
	case "http", "streamable-http", "streamableHttp":
		return TransportHTTP, true
	case "sse":
		return TransportSSE, true
	}
	return "", false
}

// ParseConfig reads an mcpServers file. The servers come back sorted by
// name and validated; the error names every server that is wrong and why.
func ParseConfig(data []byte) ([]ServerConfig, error) {
	var top struct {
		MCPServers map[string]json.RawMessage `json:"mcpServers"`
		Servers    map[string]json.RawMessage `json:"servers"` // VS Code's mcp.json
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&top); err != nil {
		return nil, fmt.Errorf("parse MCP configuration: %w", err)
	}
	entries := top.MCPServers
	if entries == nil {
		entries = top.Servers
	}
	if entries == nil {
		return nil, errors.New(`parse MCP configuration: no "mcpServers" object`)
	}
	names := make([]string, 0, len(entries))
	for name := range entries {
		names = append(names, name)
	}
	slices.Sort(names)
	var (
		out  []ServerConfig
		errs []error
	)
	for _, name := range names {
		c, err := parseServer(name, entries[name])
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if err := c.Validate(); err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, c)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// parseServer decodes one entry.
func parseServer(name string, raw json.RawMessage) (ServerConfig, error) {
	fail := func(format string, args ...any) (ServerConfig, error) {
		return ServerConfig{}, fmt.Errorf("server %q: %s", name, fmt.Sprintf(format, args...))
	}
	var f fileServer
	if err := json.Unmarshal(raw, &f); err != nil {
		return fail("not an object with command or url: %v", err)
	}
	c := ServerConfig{Name: name, Disabled: f.Disabled != nil && *f.Disabled}
	kind := ""
	for _, t := range []*string{f.Type, f.Transport} {
		if t == nil || *t == "" {
			continue
		}
		k, ok := transportName(*t)
		if !ok {
			return fail("unknown type %q (stdio, http, streamable-http or sse)", *t)
		}
		if kind != "" && kind != k {
			return fail("type and transport disagree (%s, %s)", kind, k)
		}
		kind = k
	}
	hasCommand := f.Command != nil && *f.Command != ""
	hasURL := f.URL != nil && *f.URL != ""
	switch {
	case hasCommand && hasURL:
		return fail("has both a command and a url; a server is one or the other")
	case hasCommand:
		if kind != "" && kind != TransportStdio {
			return fail("has a command but type %s (a command runs a stdio server)", kind)
		}
		c.Transport = TransportStdio
		c.Command = *f.Command
	case hasURL:
		if kind == TransportStdio {
			return fail("has a url but type stdio (use http or sse for a url)")
		}
		if kind == "" {
			kind = TransportHTTP // what every current client assumes of a bare url
		}
		c.Transport = kind
		c.URL = *f.URL
	default:
		return fail("has neither a command nor a url")
	}
	var err error
	if c.Args, err = stringList(f.Args); err != nil {
		return fail("args: %v", err)
	}
	if c.Env, err = stringMap(f.Env); err != nil {
		return fail("env: %v", err)
	}
	if c.Headers, err = stringMap(f.Headers); err != nil {
		return fail("headers: %v", err)
	}
	if f.Cwd != nil {
		c.Dir = *f.Cwd
	}
	if c.CallTimeout, err = seconds(f.Timeout); err != nil {
		return fail("timeout: %v", err)
	}
	if c.InitTimeout, err = seconds(f.InitTimeout); err != nil {
		return fail("initTimeout: %v", err)
	}
	return c, nil
}

// scalarText accepts a JSON string, number or boolean as text: files in
// the wild write "env": {"PORT": 8080}.
func scalarText(raw json.RawMessage) (string, bool) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, true
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String(), true
	}
	var b bool
	if json.Unmarshal(raw, &b) == nil {
		return strconv.FormatBool(b), true
	}
	return "", false
}

// stringList decodes a list of strings (numbers and booleans as text).
func stringList(raw json.RawMessage) ([]string, error) {
	if isAbsent(raw) {
		return nil, nil
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, errors.New("not a list of strings")
	}
	out := make([]string, 0, len(items))
	for i, it := range items {
		s, ok := scalarText(it)
		if !ok {
			return nil, fmt.Errorf("item %d is not a string", i)
		}
		out = append(out, s)
	}
	return out, nil
}

// stringMap decodes an object of strings (numbers and booleans as text).
func stringMap(raw json.RawMessage) (map[string]string, error) {
	if isAbsent(raw) {
		return nil, nil
	}
	var items map[string]json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, errors.New("not an object of strings")
	}
	out := make(map[string]string, len(items))
	for k, it := range items {
		s, ok := scalarText(it)
		if !ok {
			return nil, fmt.Errorf("%s is not a string", k)
		}
		out[k] = s
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// seconds decodes a non-negative number of seconds.
func seconds(raw json.RawMessage) (time.Duration, error) {
	if isAbsent(raw) {
		return 0, nil
	}
	var f float64
	if err := json.Unmarshal(raw, &f); err != nil || f < 0 || f > math.MaxInt64/float64(time.Second) {
		return 0, errors.New("not a number of seconds")
	}
	return time.Duration(f * float64(time.Second)), nil
}

func isAbsent(raw json.RawMessage) bool {
	return len(raw) == 0 || string(raw) == "null"
}

// ExportConfig writes servers as an mcpServers file other apps read: keys
// sorted, two-space indent, a trailing newline, so the same servers always
// give the same bytes. What ParseConfig read exports back with the same
// meaning (a bare url comes back with "type": "http").
func ExportConfig(servers []ServerConfig) ([]byte, error) {
	entries := make(map[string]map[string]any, len(servers))
	for _, c := range servers {
		if err := c.Validate(); err != nil {
			return nil, fmt.Errorf("export MCP configuration: %w", err)
		}
		if _, dup := entries[c.Name]; dup {
			return nil, fmt.Errorf("export MCP configuration: server %q appears twice", c.Name)
		}
		e := map[string]any{}
		switch c.Transport {
		case TransportStdio:
			e["command"] = c.Command
			e["args"] = nonNil(c.Args)
			if len(c.Env) > 0 {
				e["env"] = c.Env
			}
			if c.Dir != "" {
				e["cwd"] = c.Dir
			}
		default:
			e["type"] = c.Transport
			e["url"] = c.URL
			if len(c.Headers) > 0 {
				e["headers"] = c.Headers
			}
		}
		if c.Disabled {
			e["disabled"] = true
		}
		if c.CallTimeout > 0 {
			e["timeout"] = c.CallTimeout.Seconds()
		}
		if c.InitTimeout > 0 {
			e["initTimeout"] = c.InitTimeout.Seconds()
		}
		entries[c.Name] = e
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // keep "&" and "<" in URLs and args readable
	enc.SetIndent("", "  ")
	if err := enc.Encode(map[string]any{"mcpServers": entries}); err != nil {
		return nil, fmt.Errorf("export MCP configuration: %w", err)
	}
	return buf.Bytes(), nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
