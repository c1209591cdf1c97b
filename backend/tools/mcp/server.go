package mcp

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"sync"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"bookbag/backend/apperr"
	"bookbag/backend/tools"
)

// server is one configured server: its state, its live connection, its
// cached tool list and its backoff. A changed configuration makes a new
// server; this one is then shut down.
type server struct {
	m       *Manager
	cfg     ServerConfig
	invalid error // what Validate said, if anything

	// ctx ends when the server is removed or the Manager closes; a start
	// in flight ends with it.
	ctx    context.Context
	cancel context.CancelFunc

	listMu sync.Mutex // one tools/list refresh at a time

	mu        sync.Mutex
	state     string
	since     time.Time
	reason    *Error // why it failed
	stderr    *lineRing
	warnings  []string
	tools     []tools.Tool
	conn      *conn         // set while ready
	starting  *startAttempt // set while starting
	failures  int           // consecutive, for the backoff
	nextRetry time.Time
	readyAt   time.Time
	gone      bool
}

// startAttempt is one start in flight; waiters learn its outcome.
type startAttempt struct {
	done chan struct{}
	err  error
}

func newServer(m *Manager, cfg ServerConfig) *server {
	s := &server{m: m, cfg: cfg, stderr: newLineRing(stderrLines, nil), since: m.now()}
	s.ctx, s.cancel = context.WithCancel(m.ctx)
	s.invalid = cfg.Validate()
	switch {
	case s.invalid != nil:
		s.state = tools.StateFailed
		s.reason = newError(cfg.Name, apperr.Invalid, s.invalid, "%s", s.invalid.Error())
	case cfg.Disabled:
		s.state = tools.StateDisabled
	default:
		s.state = tools.StateStopped
	}
	return s
}

// ready returns the live connection, starting the server when it is not
// running. A failed server inside its backoff window fails at once with
// the last reason. The start itself does not end with ctx (a stopped chat
// should not waste a download of npx's); only the wait does.
func (s *server) ready(ctx context.Context) (*conn, error) {
	for {
		s.mu.Lock()
		if err := s.unusableLocked(); err != nil {
			s.mu.Unlock()
			return nil, err
		}
		if c := s.conn; c != nil {
			s.mu.Unlock()
			return c, nil
		}
		if s.starting == nil {
			if s.state == tools.StateFailed && s.m.now().Before(s.nextRetry) {
				err := s.retryLaterLocked()
				s.mu.Unlock()
				return nil, err
			}
			s.beginStartLocked()
		}
		a := s.starting
		s.mu.Unlock()
		select {
		case <-a.done:
			if a.err != nil {
				return nil, a.err
			}
		case <-ctx.Done():
			return nil, newError(s.cfg.Name, apperr.Canceled, context.Cause(ctx), "stopped waiting for server %s to start", s.cfg.Name)
		}
	}
}

// unusableLocked says why the server cannot be used at all, or nil.
func (s *server) unusableLocked() error {
	name := s.cfg.Name
	switch {
	case s.gone && s.m.isClosed():
		return newError(name, apperr.Unavailable, nil, "server %s is stopped: the MCP client was closed", name)
	case s.gone:
		return newError(name, apperr.Unavailable, nil, "server %s was removed or changed in Settings", name)
	case s.invalid != nil:
		return s.reason
	case s.cfg.Disabled:
		return newError(name, apperr.Unavailable, nil, "server %s is disabled in Settings", name)
	}
	return nil
}

// retryLaterLocked is the last reason, with when the next try comes.
func (s *server) retryLaterLocked() error {
	wait := s.nextRetry.Sub(s.m.now()).Round(time.Second)
	wait = max(wait, time.Second)
	r := *s.reason
	r.Retry = "; the next try is in " + words(wait)
	return &r
}

func (s *server) beginStartLocked() {
	a := &startAttempt{done: make(chan struct{})}
	s.starting = a
	s.stderr = newLineRing(stderrLines, s.cfg.secretValues()) // the status shows this attempt's lines
	s.setStateLocked(tools.StateStarting, nil)
	s.m.wg.Add(1)
	go s.start(a, s.stderr)
}

// start runs one start attempt and records its outcome.
func (s *server) start(a *startAttempt, stderr *lineRing) {
	defer s.m.wg.Done()
	c, list, warnings, err := s.m.open(s.ctx, s.cfg, stderr, s.listChanged)
	var leftover *conn
	s.mu.Lock()
	s.starting = nil
	switch {
	case s.gone:
		a.err = s.unusableLocked()
		leftover = c
	case err != nil:
		a.err = s.failLocked(asError(s.cfg.Name, err))
	default:
		changed := s.tools != nil && !sameTools(s.tools, list)
		s.conn, s.tools, s.warnings = c, list, warnings
		s.readyAt = s.m.now()
		s.setStateLocked(tools.StateReady, nil)
		for _, w := range warnings {
			s.m.log.Warn("tool skipped", "server", s.cfg.Name, "reason", w)
		}
		if changed {
			s.postToolsChangedLocked()
		}
		s.m.wg.Add(1)
		go s.watch(c)
		if c.stale.Load() { // a list_changed came during the start
			s.refreshInBackground(c)
		}
	}
	s.mu.Unlock()
	close(a.done)
	if leftover != nil {
		leftover.close("it was removed")
	}
}

// watch waits for the connection to end. Unless BookBag ended it, the
// server died: it is marked failed with the reason in words, and what is
// left of its process group is killed.
func (s *server) watch(c *conn) {
	defer s.m.wg.Done()
	_ = c.session.Wait()
	var stop *stopError
	if errors.As(context.Cause(c.ctx), &stop) && !stop.died {
		return
	}
	reason := explain(c.failure("", io.EOF))
	c.lost.Store(reason) // before closeDead ends the calls in flight: they fail with it
	s.mu.Lock()
	mine := s.conn == c
	if mine {
		s.conn = nil
		s.failLocked(reason)
	}
	s.mu.Unlock()
	c.closeDead()
}

// failLocked records a failure and schedules the next try: 1 s, 2 s, 4 s…
// up to a minute. A server that had been up for longer than that starts
// the count again.
func (s *server) failLocked(reason *Error) *Error {
	now := s.m.now()
	if !s.readyAt.IsZero() && now.Sub(s.readyAt) >= s.m.backoffMax {
		s.failures = 0
	}
	s.readyAt = time.Time{}
	s.failures++
	d := s.m.backoffMax
	if s.failures <= 16 {
		d = min(s.m.backoffMin<<(s.failures-1), s.m.backoffMax)
	}
	s.nextRetry = now.Add(d)
	s.setStateLocked(tools.StateFailed, reason)
	s.m.log.Warn("server failed", "server", s.cfg.Name, "reason", reason.Msg, "retryIn", d.String())
	return reason
}

// listChanged is the SDK's tools/list_changed handler. It runs on the
// SDK's reading goroutine, which must not wait for the list it asks for.
func (s *server) listChanged(c *conn) {
	c.stale.Store(true)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.conn == c && !s.gone {
		s.refreshInBackground(c)
	}
}

// refreshInBackground runs refresh on a goroutine Manager.Close waits
// for; the caller holds s.mu with s.gone false.
func (s *server) refreshInBackground(c *conn) {
	s.m.wg.Add(1)
	go func() {
		defer s.m.wg.Done()
		s.refresh(c)
	}()
}

// refresh lists the tools again while a list_changed is pending, then
// tells OnToolsChanged.
func (s *server) refresh(c *conn) {
	s.listMu.Lock()
	defer s.listMu.Unlock()
	for c.stale.Swap(false) {
		ctx, cancel := context.WithTimeout(c.ctx, s.cfg.initTimeout())
		list, warnings, err := c.listTools(ctx)
		cancel()
		if err != nil {
			s.m.log.Warn("list tools after a change", "server", s.cfg.Name, "error", explain(c.failure("tools/list", err)).Msg)
			return
		}
		s.mu.Lock()
		if s.conn != c {
			s.mu.Unlock()
			return
		}
		s.tools, s.warnings = list, warnings
		s.publishLocked()
		s.postToolsChangedLocked()
		s.mu.Unlock()
	}
}

// toolList is the cached list, refreshed first when a change is pending.
// The wait for the refresh ends with ctx (the chat's Stop): a server that
// is slow to list again must not hold an answer for its init timeout.
func (s *server) toolList(ctx context.Context, c *conn) ([]tools.Tool, error) {
	if c.stale.Load() {
		done := make(chan struct{})
		s.mu.Lock()
		if !s.gone {
			s.m.wg.Add(1)
			go func() {
				defer s.m.wg.Done()
				defer close(done)
				s.refresh(c)
			}()
		} else {
			close(done)
		}
		s.mu.Unlock()
		select {
		case <-done:
		case <-ctx.Done():
			return nil, newError(s.cfg.Name, apperr.Canceled, context.Cause(ctx), "stopped waiting for server %s to list its tools", s.cfg.Name)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.tools), nil
}

// call runs one tool call, bounded by the caller's ctx (the chat's Stop),
// the server's CallTimeout and the connection's life. When ctx ends first
// the SDK sends notifications/cancelled, so the server can stop working.
func (s *server) call(ctx context.Context, c *conn, tool string, args json.RawMessage) (tools.Result, error) {
	op := "tool " + tool
	base, cancelBase := context.WithCancelCause(ctx)
	defer cancelBase(nil)
	stop := context.AfterFunc(c.ctx, func() { cancelBase(context.Cause(c.ctx)) })
	defer stop()
	limit := s.cfg.callTimeout()
	timeout := &deadlineError{"call"}
	callCtx, cancel := context.WithTimeoutCause(base, limit, timeout)
	defer cancel()
	res, err := c.session.CallTool(callCtx, &sdk.CallToolParams{Name: tool, Arguments: args})
	if err == nil {
		out, err := toResult(res)
		if err != nil {
			return tools.Result{}, newError(s.cfg.Name, apperr.Internal, err, "server %s: the result of %s could not be read: %v", s.cfg.Name, op, err)
		}
		return out, nil
	}
	if ctx.Err() != nil {
		return tools.Result{}, newError(s.cfg.Name, apperr.Canceled, errors.Join(context.Cause(ctx), err), "%s on server %s was cancelled", op, s.cfg.Name)
	}
	if lost := c.lost.Load(); lost != nil && errors.Is(err, context.Canceled) {
		return tools.Result{}, lost // the connection ended under the call: its reason, not "cancelled"
	}
	f := c.failure(op, err)
	if context.Cause(callCtx) == timeout {
		f.limit = limit
	}
	return tools.Result{}, explain(f)
}

// restart stops the server and starts it again now, whatever the backoff.
func (s *server) restart(ctx context.Context) error {
	for {
		s.mu.Lock()
		if err := s.unusableLocked(); err != nil {
			s.mu.Unlock()
			return err
		}
		if a := s.starting; a != nil {
			s.mu.Unlock()
			select {
			case <-a.done:
				continue
			case <-ctx.Done():
				return newError(s.cfg.Name, apperr.Canceled, context.Cause(ctx), "stopped waiting for server %s to start", s.cfg.Name)
			}
		}
		c := s.conn
		s.conn = nil
		s.failures, s.nextRetry, s.readyAt = 0, time.Time{}, time.Time{}
		s.setStateLocked(tools.StateStopped, nil)
		s.mu.Unlock()
		if c != nil {
			c.close("it was restarted")
		}
		break
	}
	_, err := s.ready(ctx)
	return err
}

// shutdown stops the server for good (removed, changed, or the Manager
// closes) and waits until its process is gone.
func (s *server) shutdown(why string) {
	s.mu.Lock()
	s.gone = true
	c := s.conn
	s.conn = nil
	if s.state != tools.StateDisabled {
		s.state, s.since = tools.StateStopped, s.m.now()
	}
	s.mu.Unlock()
	if c != nil {
		c.close(why)
	}
	s.cancel() // ends a start in flight; Manager.Close waits for it
}

func (s *server) status() tools.ServerStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.statusLocked()
}

func (s *server) statusLocked() tools.ServerStatus {
	st := tools.ServerStatus{
		Name:     s.cfg.Name,
		State:    s.state,
		Since:    s.since.UnixMilli(),
		Stderr:   append([]string{}, s.stderr.snapshot()...),
		Warnings: append([]string{}, s.warnings...),
	}
	switch s.state {
	case tools.StateReady:
		st.Tools = len(s.tools)
	case tools.StateFailed:
		st.Error = s.reason.Msg
		if s.nextRetry.After(s.m.now()) {
			st.NextRetry = s.nextRetry.UnixMilli()
		}
	}
	return st
}

// setStateLocked changes the state and posts the new status.
func (s *server) setStateLocked(state string, reason *Error) {
	s.state, s.reason, s.since = state, reason, s.m.now()
	s.publishLocked()
}

// publishLocked posts the status; posting under the lock keeps the order.
func (s *server) publishLocked() {
	if f := s.m.opts.OnStatus; f != nil && !s.gone {
		st := s.statusLocked()
		s.m.notify.post(func() { f(st) })
	}
}

func (s *server) postToolsChangedLocked() {
	if f := s.m.opts.OnToolsChanged; f != nil && !s.gone {
		name := s.cfg.Name
		s.m.notify.post(func() { f(name) })
	}
}

// asError keeps an *Error and words anything else.
func asError(server string, err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return newError(server, apperr.Unavailable, err, "server %s failed: %s", server, detail(err))
}

// sameTools compares two lists by what a model sees.
func sameTools(a, b []tools.Tool) bool {
	return slices.EqualFunc(a, b, func(x, y tools.Tool) bool {
		return x.Name == y.Name && x.Title == y.Title && x.Description == y.Description &&
			string(x.InputSchema) == string(y.InputSchema) && x.ReadOnly == y.ReadOnly &&
			x.Destructive == y.Destructive && x.Idempotent == y.Idempotent && x.OpenWorld == y.OpenWorld
	})
}
