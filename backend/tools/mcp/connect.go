package mcp

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"bookbag/backend/apperr"
	"bookbag/backend/tools"
)

// protocolVersion is the version BookBag asks for. The SDK's newest
// (2026-07-28) first sends server/discover and falls back to initialize;
// every server in the wild speaks initialize, and some answer an unknown
// method before initialize badly (or not at all, costing the whole init
// timeout), so BookBag starts with initialize at the newest version that
// uses it. Servers answer with the version they speak.
const protocolVersion = "2025-11-25"

// stderrLines is how many lines of a server's stderr the status keeps.
const stderrLines = 20

// conn is one connection to a server: a started process or an HTTP
// session. A new start makes a new conn; a conn is never reused.
type conn struct {
	server  string
	cfg     ServerConfig
	session *sdk.ClientSession
	proc    *process      // stdio
	rec     *httpRecorder // http and sse
	stderr  *lineRing
	noise   *lineRing // stdout lines that were not JSON-RPC

	// ctx ends when the conn is stopped (its cause is a stopError) or the
	// server behind it is gone; calls derive from it so that stopping a
	// conn ends its calls at once.
	ctx    context.Context
	cancel context.CancelCauseFunc

	stale atomic.Bool           // a tools/list_changed came that is not listed yet
	up    atomic.Bool           // initialized: a session the server may since have forgotten
	lost  atomic.Pointer[Error] // why the connection ended by itself, for the calls it ends
	// tooLong: the server sent a line over the SDK's limit, which ended
	// the connection (the server then dies of a broken pipe; that is not
	// the reason to give).
	tooLong atomic.Bool
	// malformed is the start of a message the server sent that is not
	// valid JSON (secrets hidden), which ended the connection the same way.
	malformed atomic.Pointer[string]

	closeOnce  sync.Once
	stdinGrace time.Duration
	termGrace  time.Duration
}

// stopError is why BookBag stopped a conn: on purpose, or (died) to
// clean up after a server that ended by itself, whose calls then fail
// with the server's own reason.
type stopError struct {
	why  string
	died bool
}

func (e *stopError) Error() string { return "stopped: " + e.why }

// deadlineError is the cause of a deadline BookBag sets (init, call), so
// it is told apart from a deadline of the caller's.
type deadlineError struct{ what string }

func (e *deadlineError) Error() string { return e.what + " timed out" }

// open starts a server and returns it initialized, with its tools listed.
// The whole start is bounded by the server's InitTimeout and ends early
// when parent does (the server was removed, the Manager closed).
func (m *Manager) open(parent context.Context, cfg ServerConfig, stderr *lineRing, onListChanged func(*conn)) (*conn, []tools.Tool, []string, error) {
	limit := cfg.initTimeout()
	initCause := &deadlineError{"initialize"}
	ctx, cancel := context.WithTimeoutCause(parent, limit, initCause)
	defer cancel()

	c := &conn{server: cfg.Name, cfg: cfg, stderr: stderr, noise: newLineRing(5, cfg.secretValues()), stdinGrace: m.stdinGrace, termGrace: m.termGrace}
	c.ctx, c.cancel = context.WithCancelCause(parent)
	client := sdk.NewClient(&sdk.Implementation{Name: "BookBag", Version: "1"}, &sdk.ClientOptions{
		Logger:                 m.log.With("server", cfg.Name),
		Capabilities:           &sdk.ClientCapabilities{}, // no roots, sampling or elicitation
		ToolListChangedHandler: func(context.Context, *sdk.ToolListChangedRequest) { onListChanged(c) },
	})
	transport, err := m.transport(ctx, c)
	if err != nil {
		c.close("it failed to start")
		return nil, nil, nil, err
	}
	fail := func(op string, err error) error {
		f := c.failure(op, err)
		if context.Cause(ctx) == initCause {
			f.limit = limit
		}
		c.close("it failed to start")
		return explain(f)
	}
	c.session, err = client.Connect(ctx, transport, &sdk.ClientSessionOptions{ProtocolVersion: protocolVersion})
	if err != nil {
		return nil, nil, nil, fail("initialize", err)
	}
	list, warnings, err := c.listTools(ctx)
	if err != nil {
		return nil, nil, nil, fail("tools/list", err)
	}
	c.up.Store(true)
	return c, list, warnings, nil
}

// transport prepares the SDK transport: for stdio, the process is started
// here.
func (m *Manager) transport(ctx context.Context, c *conn) (sdk.Transport, error) {
	cfg := c.cfg
	switch cfg.Transport {
	case TransportStdio:
		l, env, err := m.prepareStdio(ctx, cfg)
		if err != nil {
			return nil, err
		}
		log := m.log.With("server", cfg.Name)
		c.proc, err = startProcess(l, env, cfg.Dir, c.stderr, func(line string) { log.Debug("server stderr", "line", line) })
		if err != nil {
			return nil, startError(cfg, l, err)
		}
		log.Info("server started", "command", cfg.Command, "pid", c.proc.cmd.Process.Pid)
		noisy := false
		filter := newStdoutFilter(c.proc.stdout, sdk.DefaultMaxLineLength, func(line string) {
			line = c.noise.add(line)
			if !noisy {
				noisy = true
				log.Warn("server wrote a line to stdout that is not JSON-RPC; skipped", "line", clip(line, 200))
			}
		}, func() { c.tooLong.Store(true) }, func(line []byte) {
			start := c.noise.clean(string(line), 120)
			c.malformed.CompareAndSwap(nil, &start)
		})
		return &sdk.IOTransport{Reader: filter, Writer: c.proc.stdin, MaxLineLength: sdk.DefaultMaxLineLength}, nil
	case TransportHTTP, TransportSSE:
		c.rec = &httpRecorder{base: m.http, headers: cfg.Headers}
		if u, err := url.Parse(cfg.URL); err == nil {
			c.rec.origin = origin(u)
		}
		client := &http.Client{Transport: c.rec}
		var t sdk.Transport
		if cfg.Transport == TransportHTTP {
			t = &sdk.StreamableClientTransport{Endpoint: cfg.URL, HTTPClient: client}
		} else {
			t = &sdk.SSEClientTransport{Endpoint: cfg.URL, HTTPClient: client}
		}
		m.log.Info("connecting to server", "server", cfg.Name, "transport", cfg.Transport, "url", redactURL(cfg.URL))
		return &lifetimeTransport{Transport: t, life: c.ctx, cancel: c.cancel}, nil
	}
	return nil, newError(cfg.Name, apperr.Invalid, nil, "server %s has an unknown transport %q", cfg.Name, cfg.Transport)
}

// prepareStdio resolves the command on the PATH the server will get and
// builds its environment: the app's, with the login shell's PATH, with the
// server's own env laid over.
func (m *Manager) prepareStdio(ctx context.Context, cfg ServerConfig) (launch, []string, error) {
	windows := runtime.GOOS == "windows"
	base := m.opts.Env()
	path := m.searchPath(ctx, base)
	env := mergeEnv(base, path, cfg.Env, windows)
	if cfg.Dir != "" {
		if st, err := os.Stat(cfg.Dir); err != nil || !st.IsDir() {
			return launch{}, nil, newError(cfg.Name, apperr.Invalid, err, "server %s: its working directory %s does not exist", cfg.Name, cfg.Dir)
		}
	}
	args, err := expandArgs(cfg.Args, cfg.Env)
	if err != nil {
		return launch{}, nil, newError(cfg.Name, apperr.Invalid, err, "server %s: %v", cfg.Name, err)
	}
	l, err := resolveCommand(cfg.Command, args, lookupEnv{
		goos:    runtime.GOOS,
		path:    envValue(env, "PATH", windows),
		pathext: envValue(env, "PATHEXT", windows),
		comspec: envValue(env, "COMSPEC", windows),
		isFile:  func(p string) bool { return isRunnable(p, cfg.Dir) },
	})
	if err != nil {
		return launch{}, nil, startError(cfg, launch{}, err)
	}
	return l, env, nil
}

// startError words a failure to launch a stdio server.
func startError(cfg ServerConfig, l launch, err error) error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	name := cfg.Name
	switch {
	case isNotFound(err) && strings.ContainsAny(cfg.Command, `/\`) && existsNotRunnable(cfg.Command, cfg.Dir):
		return newError(name, apperr.Unavailable, err, "server %s: command %s cannot be run: it is not executable", name, cfg.Command)
	case isNotFound(err) && !strings.ContainsAny(cfg.Command, `/\`):
		return newError(name, apperr.Unavailable, err, "server %s: command %s not found on the PATH (the login shell's PATH and the usual install folders were searched); install it, or give its full path as the command", name, cfg.Command)
	case isNotFound(err):
		return newError(name, apperr.Unavailable, err, "server %s: command %s not found", name, cfg.Command)
	case errors.Is(err, os.ErrPermission):
		return newError(name, apperr.Unavailable, err, "server %s: command %s cannot be run (permission denied)", name, firstNonEmpty(l.path, cfg.Command))
	default:
		return newError(name, apperr.Unavailable, err, "server %s: could not start %s: %s", name, cfg.Command, detail(err))
	}
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// existsNotRunnable reports a file that is there but cannot be run.
func existsNotRunnable(p, dir string) bool {
	if dir != "" && !isAbs(p) {
		p = dir + string(os.PathSeparator) + p
	}
	st, err := os.Stat(p)
	return err == nil && !st.IsDir() && !isRunnable(p, "")
}

// isRunnable reports whether p (relative paths against dir) is a file the
// system can run.
func isRunnable(p, dir string) bool {
	if dir != "" && !isAbs(p) {
		p = dir + string(os.PathSeparator) + p
	}
	st, err := os.Stat(p)
	if err != nil || st.IsDir() {
		return false
	}
	return runtime.GOOS == "windows" || st.Mode().Perm()&0o111 != 0
}

func isAbs(p string) bool {
	return strings.HasPrefix(p, "/") || strings.HasPrefix(p, `\`) || (len(p) > 1 && p[1] == ':')
}

// listTools lists the server's tools. A tool whose inputSchema is not an
// object schema is skipped with a warning (see toTool); so is a second
// tool of the same name.
func (c *conn) listTools(ctx context.Context) ([]tools.Tool, []string, error) {
	var (
		out      []tools.Tool
		warnings []string
		seen     = map[string]bool{}
	)
	for t, err := range c.session.Tools(ctx, nil) {
		if err != nil {
			return nil, nil, err
		}
		tt, err := toTool(c.server, t)
		switch {
		case err != nil:
			warnings = append(warnings, err.Error()+"; the tool is left out")
		case seen[tt.Name]:
			warnings = append(warnings, fmt.Sprintf("tool %s is listed twice; the second is left out", tt.Name))
		default:
			seen[tt.Name] = true
			out = append(out, tt)
		}
	}
	return out, warnings, nil
}

// failure gathers what is known about an error of this conn. When the
// connection broke, it waits a moment for the process's exit status and
// last stderr lines, which arrive just after the broken pipe.
func (c *conn) failure(op string, err error) failure {
	f := failure{server: c.server, op: op, err: err, url: c.cfg.URL}
	var stop *stopError
	if errors.As(context.Cause(c.ctx), &stop) && !stop.died {
		f.stopped = stop.why
		return f
	}
	if c.proc != nil {
		var rpc *jsonrpc.Error
		answered := errors.As(err, &rpc) && !sdkInternal(rpc.Code)
		if !answered && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
			if c.proc.waitExit(time.Second) {
				waitClosed(c.proc.stderrDone, 500*time.Millisecond)
			}
		}
		f.exit = c.proc.exitText()
		f.noise = c.noise.snapshot()
		f.tooLong = c.tooLong.Load()
		if m := c.malformed.Load(); m != nil {
			f.malformed = *m
		}
	}
	if c.stderr != nil {
		f.words = c.stderr.snapshot()
	}
	if c.rec != nil {
		f.status = c.rec.lastStatus()
		f.session = c.up.Load()
	}
	return f
}

func waitClosed(ch <-chan struct{}, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ch:
	case <-t.C:
	}
}

// close stops the conn: its calls end at once, the session closes, and
// the process (with its group) is stopped. It waits for all that, within
// bounds, so that after Close no process of the server is left.
func (c *conn) close(why string) { c.end(&stopError{why: why}) }

// closeDead cleans up after a server that ended by itself.
func (c *conn) closeDead() { c.end(&stopError{why: "it ended", died: true}) }

func (c *conn) end(cause *stopError) {
	c.closeOnce.Do(func() {
		c.cancel(cause)
		if c.proc != nil {
			c.proc.stdin.Close() // the polite request to exit, per the MCP spec
		}
		done := make(chan struct{})
		go func() {
			defer close(done)
			if c.session != nil {
				_ = c.session.Close()
			}
		}()
		if c.proc != nil {
			c.proc.stop(c.stdinGrace, c.termGrace)
		}
		// The session ends once its calls are cancelled and its pipe or
		// HTTP stream is closed; the SDK bounds its DELETE by 5 s.
		waitClosed(done, 10*time.Second)
	})
}

// lifetimeTransport connects an HTTP transport with the conn's own
// context rather than the init deadline's: the legacy SSE transport ties
// its event stream to the context it was connected with, so a deadline
// context would end the stream as soon as the start was done. A start
// that times out while connecting still ends the attempt.
type lifetimeTransport struct {
	sdk.Transport
	life   context.Context
	cancel context.CancelCauseFunc
}

func (t *lifetimeTransport) Connect(ctx context.Context) (sdk.Connection, error) {
	stop := context.AfterFunc(ctx, func() { t.cancel(context.Cause(ctx)) })
	defer stop()
	return t.Transport.Connect(t.life)
}

// httpRecorder adds the configured headers to the requests to the
// server's own origin and remembers the last HTTP error status, which the
// SDK reports only as text.
type httpRecorder struct {
	base    http.RoundTripper
	headers map[string]string
	origin  string // the configured URL's
	status  atomic.Int64
}

func (r *httpRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context()) // a RoundTripper must not change the caller's request
	// The headers hold tokens. A redirect (which Go's client follows by
	// itself, stripping the Authorization it set but not what a
	// RoundTripper adds) or an SSE endpoint event may point elsewhere:
	// only the configured scheme and host get them, as a browser scopes
	// credentials to an origin.
	if origin(req.URL) == r.origin {
		for k, v := range r.headers {
			if !protocolHeader(k) {
				req.Header.Set(k, v)
			}
		}
	}
	resp, err := r.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	switch {
	case req.Method == http.MethodDelete:
		// closing a session: nobody waits for the answer
	case req.Method == http.MethodGet && resp.StatusCode == http.StatusMethodNotAllowed:
		// a streamable server without a standalone event stream: allowed
	case resp.StatusCode >= 400:
		r.status.Store(int64(resp.StatusCode))
	case req.Method == http.MethodPost:
		r.status.Store(0)
	}
	return resp, nil
}

// origin is a URL's scheme, host and port ("https://example.com:443"),
// with the scheme's default port when it names none.
func origin(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[strings.ToLower(u.Scheme)]
	}
	return strings.ToLower(u.Scheme + "://" + net.JoinHostPort(u.Hostname(), port))
}

func (r *httpRecorder) lastStatus() int { return int(r.status.Load()) }

// protocolHeader reports the headers the SDK sets itself; a configured
// header must not replace them.
func protocolHeader(k string) bool {
	switch http.CanonicalHeaderKey(k) {
	case "Content-Type", "Accept", "Mcp-Session-Id", "Mcp-Protocol-Version", "Last-Event-Id", "Content-Length":
		return true
	}
	return false
}
