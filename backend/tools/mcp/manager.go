package mcp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/tools"
)

// Options configure a Manager; every field may be left zero.
type Options struct {
	Logger *slog.Logger
	// OnStatus receives every change of a server's status, in order, on a
	// goroutine of the Manager's (it may call back into the Manager).
	OnStatus func(tools.ServerStatus)
	// OnToolsChanged is told when a running server's tool list changed
	// (tools/list_changed, or a restart that brought other tools).
	OnToolsChanged func(server string)
	// Env is the environment stdio servers start from; default os.Environ.
	// Its SHELL is the login shell asked for PATH.
	Env func() []string
	// Now is the clock of Since, NextRetry and the backoff window; default
	// time.Now. Deadlines always use real time.
	Now func() time.Time
}

// Manager runs the configured MCP servers. Servers start on first use;
// Close stops them all. It is safe for concurrent use.
type Manager struct {
	opts   Options
	log    *slog.Logger
	notify *notifier
	http   *http.Transport // shared by HTTP servers; closed with the Manager

	// ctx ends when the Manager closes; every server's context derives
	// from it.
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup // starts, watchers, refreshes and stops in flight

	// Tunables; tests shorten them.
	stdinGrace   time.Duration // after closing a server's stdin, before SIGTERM
	termGrace    time.Duration // after SIGTERM, before SIGKILL
	backoffMin   time.Duration
	backoffMax   time.Duration
	shellTimeout time.Duration // asking the login shell for PATH

	pathMu   sync.Mutex
	pathDone bool
	path     string // the PATH stdio servers get, found on the first start

	mu      sync.Mutex
	servers map[string]*server
	closed  bool
}

var _ tools.Source = (*Manager)(nil)

// NewManager returns a Manager with no servers; see Configure.
func NewManager(o Options) *Manager {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Env == nil {
		o.Env = os.Environ
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	m := &Manager{
		opts:         o,
		log:          o.Logger.With("component", "mcp"),
		notify:       newNotifier(),
		http:         http.DefaultTransport.(*http.Transport).Clone(),
		stdinGrace:   2 * time.Second,
		termGrace:    2 * time.Second,
		backoffMin:   time.Second,
		backoffMax:   time.Minute,
		shellTimeout: 4 * time.Second,
		servers:      map[string]*server{},
	}
	m.ctx, m.cancel = context.WithCancel(context.Background())
	return m
}

// Configure replaces the set of servers. Unchanged servers keep running;
// removed or changed ones are stopped (in the background; Close waits for
// them). An invalid server is kept in the set as failed, with its problem
// as the reason, and is also named in the returned error.
func (m *Manager) Configure(servers []ServerConfig) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return newError("", apperr.Unavailable, nil, "the MCP client is closed")
	}
	next := make(map[string]*server, len(servers))
	var (
		added []*server
		errs  []error
	)
	for _, cfg := range servers {
		if _, dup := next[cfg.Name]; dup {
			errs = append(errs, fmt.Errorf("server %q appears twice; the first is kept", cfg.Name))
			continue
		}
		if old, ok := m.servers[cfg.Name]; ok && sameConfig(old.cfg, cfg) {
			next[cfg.Name] = old
			continue
		}
		s := newServer(m, cfg)
		if s.invalid != nil {
			errs = append(errs, s.invalid)
		}
		next[cfg.Name] = s
		added = append(added, s)
	}
	for name, old := range m.servers {
		if next[name] != old {
			m.wg.Add(1)
			go func() {
				defer m.wg.Done()
				old.shutdown("it was removed or changed in Settings")
			}()
		}
	}
	m.servers = next
	for _, s := range added {
		s.mu.Lock()
		s.publishLocked()
		s.mu.Unlock()
	}
	return errors.Join(errs...)
}

// Tools lists a server's tools, starting the server if it is not running.
// The list is cached and refreshed when the server says it changed.
func (m *Manager) Tools(ctx context.Context, name string) ([]tools.Tool, error) {
	s, err := m.server(name)
	if err != nil {
		return nil, err
	}
	c, err := s.ready(ctx)
	if err != nil {
		return nil, err
	}
	return s.toolList(ctx, c)
}

// Call calls a tool. ctx cancels it (the chat's Stop; the server is sent
// notifications/cancelled) and the server's CallTimeout bounds it. A tool
// that reports a failure gives a Result with IsError, not an error; an
// error means the call did not happen or did not finish, in words.
func (m *Manager) Call(ctx context.Context, name, tool string, args json.RawMessage) (tools.Result, error) {
	s, err := m.server(name)
	if err != nil {
		return tools.Result{}, err
	}
	if len(args) == 0 {
		args = json.RawMessage("{}")
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(args, &obj); err != nil || obj == nil {
		return tools.Result{}, newError(name, apperr.Invalid, err, "the arguments for %s on server %s are not a JSON object", tool, name)
	}
	c, err := s.ready(ctx)
	if err != nil {
		return tools.Result{}, err
	}
	return s.call(ctx, c, tool, args)
}

// Status is every server's status, sorted by name.
func (m *Manager) Status() []tools.ServerStatus {
	m.mu.Lock()
	list := slices.Collect(maps.Values(m.servers))
	m.mu.Unlock()
	out := make([]tools.ServerStatus, 0, len(list))
	for _, s := range list {
		out = append(out, s.status())
	}
	slices.SortFunc(out, func(a, b tools.ServerStatus) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// Restart stops a server and starts it again at once, ignoring the
// backoff; it returns when the server is ready or failed.
func (m *Manager) Restart(ctx context.Context, name string) error {
	s, err := m.server(name)
	if err != nil {
		return err
	}
	return s.restart(ctx)
}

// Close stops every server and waits until their processes are gone
// (each gets its stdin closed, then SIGTERM, then SIGKILL for its whole
// process group). The Manager cannot be used afterwards.
func (m *Manager) Close() error {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return nil
	}
	m.closed = true
	list := slices.Collect(maps.Values(m.servers))
	m.mu.Unlock()
	var wg sync.WaitGroup
	for _, s := range list {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.shutdown("the app is closing")
		}()
	}
	wg.Wait()
	m.cancel()
	m.wg.Wait()
	m.http.CloseIdleConnections()
	m.notify.close()
	return nil
}

func (m *Manager) server(name string) (*server, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return nil, newError(name, apperr.Unavailable, nil, "the MCP client is closed")
	}
	s, ok := m.servers[name]
	if !ok {
		return nil, newError(name, apperr.NotFound, nil, "there is no MCP server named %q", name)
	}
	return s, nil
}

func (m *Manager) isClosed() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.closed
}

func (m *Manager) now() time.Time { return m.opts.Now() }

// searchPath is the PATH stdio servers get: on Linux and macOS the login
// shell's (asked once per Manager, on the first start, never at app
// startup), then the app's own, then the usual install folders that
// exist. On Windows, the app's own.
func (m *Manager) searchPath(ctx context.Context, env []string) string {
	m.pathMu.Lock()
	defer m.pathMu.Unlock()
	if m.pathDone {
		return m.path
	}
	windows := runtime.GOOS == "windows"
	own := splitList(envValue(env, "PATH", windows), windows)
	if windows {
		m.path = mergePaths(true, own)
	} else {
		login, err := loginShellPath(ctx, loginShell(env), env, m.shellTimeout)
		if err != nil {
			m.log.Info("login shell PATH unavailable; using the app's PATH and the usual install folders", "reason", err.Error())
		}
		var common []string
		for _, d := range commonDirs(envValue(env, "HOME", false)) {
			if st, err := os.Stat(d); err == nil && st.IsDir() {
				common = append(common, d)
			}
		}
		m.path = mergePaths(false, splitList(login, false), own, common)
	}
	m.pathDone = true
	return m.path
}

// loginShell is $SHELL, or macOS's default when a launcher gave none.
func loginShell(env []string) string {
	if sh := envValue(env, "SHELL", false); sh != "" {
		return sh
	}
	if runtime.GOOS == "darwin" {
		return "/bin/zsh"
	}
	return ""
}

// sameConfig compares two configurations by meaning (a nil map equals an
// empty one).
func sameConfig(a, b ServerConfig) bool {
	return a.Name == b.Name && a.Transport == b.Transport && a.Command == b.Command &&
		slices.Equal(a.Args, b.Args) && maps.Equal(a.Env, b.Env) && a.Dir == b.Dir &&
		a.URL == b.URL && maps.Equal(a.Headers, b.Headers) &&
		a.InitTimeout == b.InitTimeout && a.CallTimeout == b.CallTimeout && a.Disabled == b.Disabled
}
