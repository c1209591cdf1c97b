// Package mcp is BookBag's MCP client: it starts and connects the MCP
// servers a person configured (stdio child processes, streamable HTTP and
// legacy SSE endpoints), lists their tools, calls them with cancellation
// and deadlines, and reports each server's state in words. Manager is the
// entry point and implements tools.Source.
package mcp

import (
	"cmp"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"

	"golang.org/x/net/http/httpguts"
)

// Transports a server can speak.
const (
	TransportStdio = "stdio" // a child process speaking JSON-RPC lines on stdin/stdout
	TransportHTTP  = "http"  // streamable HTTP (MCP 2025-03-26 and later)
	TransportSSE   = "sse"   // the legacy HTTP+SSE transport (MCP 2024-11-05)
)

// Defaults for the zero timeouts of a ServerConfig.
const (
	// DefaultInitTimeout bounds launching a server, its initialize handshake
	// and its first tools/list. The first run of `npx -y pkg` or `uvx pkg`
	// downloads the package, which routinely takes 10-20 s on an ordinary
	// connection; the 10 s some peer apps use fail exactly there, while 30 s
	// still tells a person about a dead server within a reasonable wait.
	DefaultInitTimeout = 30 * time.Second
	// DefaultCallTimeout bounds one tool call. Tools do real work (fetch
	// pages, run builds, query databases) and the chat's Stop button cancels
	// a call at any time, so a generous bound costs little; it exists so a
	// server that never answers cannot hold a turn forever.
	DefaultCallTimeout = 120 * time.Second
)

// ServerConfig is one configured MCP server.
type ServerConfig struct {
	Name      string `json:"name"`      // unique; the key in an mcpServers file
	Transport string `json:"transport"` // TransportStdio, TransportHTTP or TransportSSE

	// stdio
	Command string            `json:"command"` // a name looked up on the PATH, or a path
	Args    []string          `json:"args"`
	Env     map[string]string `json:"env"` // merged over the app's environment
	Dir     string            `json:"dir"` // working directory; empty: the app's

	// http and sse
	URL string `json:"url"`
	// Headers are sent with every request. Secrets (bearer tokens) arrive
	// here already resolved by the caller; they are never logged.
	Headers map[string]string `json:"headers"`

	InitTimeout time.Duration `json:"initTimeout"` // 0: DefaultInitTimeout
	CallTimeout time.Duration `json:"callTimeout"` // 0: DefaultCallTimeout
	Disabled    bool          `json:"disabled"`
}

// initTimeout is the effective InitTimeout.
func (c ServerConfig) initTimeout() time.Duration {
	if c.InitTimeout > 0 {
		return c.InitTimeout
	}
	return DefaultInitTimeout
}

// callTimeout is the effective CallTimeout.
func (c ServerConfig) callTimeout() time.Duration {
	if c.CallTimeout > 0 {
		return c.CallTimeout
	}
	return DefaultCallTimeout
}

// Validate reports what is wrong with c, every problem in one error, each
// naming the server.
func (c ServerConfig) Validate() error {
	name := c.Name
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("server %q: %s", name, fmt.Sprintf(format, args...)))
	}
	switch {
	case strings.TrimSpace(c.Name) == "":
		name = "(unnamed)"
		bad("the name is empty")
	case c.Name != strings.TrimSpace(c.Name):
		bad("the name has leading or trailing spaces")
	case strings.IndexFunc(c.Name, unicode.IsControl) >= 0:
		bad("the name has control characters")
	case len(c.Name) > 100:
		bad("the name is longer than 100 bytes")
	}
	switch c.Transport {
	case TransportStdio:
		if strings.TrimSpace(c.Command) == "" {
			bad("a stdio server needs a command")
		}
		if c.URL != "" {
			bad("a stdio server has no url (use transport http or sse for %s)", redactURL(c.URL))
		}
		if len(c.Headers) > 0 {
			bad("headers are for http and sse servers; a stdio server takes env")
		}
		for k, v := range c.Env {
			if k == "" || strings.ContainsAny(k, "=\x00") {
				bad("env has an invalid variable name %q", k)
			}
			if strings.ContainsRune(v, 0) {
				bad("env %s has a NUL character", k)
			}
		}
		for i, a := range c.Args {
			if strings.ContainsRune(a, 0) {
				bad("args[%d] has a NUL character", i)
			}
		}
		if _, err := expandArgs(c.Args, c.Env); err != nil {
			bad("%v", err)
		}
	case TransportHTTP, TransportSSE:
		if c.Command != "" || len(c.Args) > 0 || len(c.Env) > 0 || c.Dir != "" {
			bad("command, args, env and dir are for stdio servers; an %s server takes a url and headers", c.Transport)
		}
		if err := checkURL(c.URL); err != nil {
			bad("%v", err)
		}
		for k, v := range c.Headers {
			if !httpguts.ValidHeaderFieldName(k) {
				bad("header name %q is not a valid HTTP header name", k)
			}
			if !httpguts.ValidHeaderFieldValue(v) {
				bad("header %s has a value with line breaks or control characters", k)
			}
		}
	case "":
		bad("the transport is empty (stdio, http or sse)")
	default:
		bad("unknown transport %q (stdio, http or sse)", c.Transport)
	}
	if c.InitTimeout < 0 || c.CallTimeout < 0 {
		bad("timeouts cannot be negative")
	}
	return errors.Join(errs...)
}

// checkURL accepts an absolute http or https URL with a host.
func checkURL(raw string) error {
	if strings.TrimSpace(raw) == "" {
		return errors.New("the url is empty")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("the url is not valid: %w", errors.Unwrap(err))
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("the url %s must start with http:// or https://", redactURL(raw))
	}
	if u.Host == "" {
		return fmt.Errorf("the url %s has no host", redactURL(raw))
	}
	return nil
}

// redactURL drops what may carry secrets (user info, query, fragment) from
// a URL before it reaches a log line or an error message.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(an invalid url)"
	}
	u.User = nil
	if u.RawQuery != "" {
		u.RawQuery = "…"
	}
	u.Fragment = ""
	// Some services put the key in the path (…/mcp/sk-ak-3f9a…/sse).
	segs := strings.Split(u.Path, "/")
	for i, seg := range segs {
		if looksLikeToken(seg) {
			segs[i] = "…"
		}
	}
	u.Path, u.RawPath = strings.Join(segs, "/"), ""
	return strings.ReplaceAll(u.String(), "%E2%80%A6", "…")
}

// looksLikeToken reports a path segment of 20 characters or more that
// mixes letters and digits: a key, not a word a person chose.
func looksLikeToken(seg string) bool {
	if len(seg) < 20 {
		return false
	}
	letters, digits := false, false
	for _, r := range seg {
		letters = letters || unicode.IsLetter(r)
		digits = digits || unicode.IsDigit(r)
	}
	return letters && digits
}

// secretValues are the values of c's env and headers that its stderr, and
// so its status and the words of its failures, must not show: a server
// that prints its settings, or a validation error that quotes the bad key,
// would put them into the app's events, a chat's notes and the model's
// context. Short values and paths are left alone (hiding "1" or a folder
// would garble every line); for "Bearer T" the token T is hidden too.
// Longer values come first, so a value inside another is not half hidden.
func (c ServerConfig) secretValues() []string {
	var out []string
	add := func(v string) {
		v = strings.TrimSpace(v)
		if len(v) >= 8 && !strings.HasPrefix(v, "/") && !strings.HasPrefix(v, "~") && !(len(v) > 2 && v[1] == ':' && (v[2] == '\\' || v[2] == '/')) {
			out = append(out, v)
		}
	}
	for _, v := range c.Env {
		add(v)
	}
	for _, v := range c.Headers {
		add(v)
		if _, token, ok := strings.Cut(v, " "); ok {
			add(token)
		}
	}
	slices.SortFunc(out, func(a, b string) int { return cmp.Or(len(b)-len(a), strings.Compare(a, b)) })
	return slices.Compact(out)
}
