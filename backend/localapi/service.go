package localapi

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"bookbag/backend/store"
)

// Service runs the local API server and owns its tokens and records.
type Service struct {
	db     *store.DB
	models Models
	wss    Workspaces
	log    *slog.Logger
	limits Limits
	usage  Usage
	now    func() time.Time

	handler http.Handler
	streams chan struct{}            // one slot per running chat completion
	origins atomic.Pointer[[]string] // CORS allow-list, read per request without the lock

	mu      sync.Mutex
	cfg     Config
	running *server // nil when stopped
	lastErr string
}

// server is one listening instance; a new port or interface is a new one.
type server struct {
	http   *http.Server
	addr   string
	cancel context.CancelFunc // ends the requests still running
	done   chan struct{}      // Serve returned (on every listener)
	active sync.WaitGroup     // handlers running
}

// NewService builds the service; nothing listens until Start finds it
// enabled or SetConfig enables it. Call Close before closing the store.
func NewService(d Deps) *Service {
	if d.Log == nil {
		d.Log = slog.Default()
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	s := &Service{db: d.DB, models: d.Models, wss: d.Workspaces, log: d.Log, limits: d.Limits.withDefaults(), usage: d.Usage, now: d.Now,
		cfg: DefaultConfig()}
	s.streams = make(chan struct{}, s.limits.MaxStreams)
	s.origins.Store(&[]string{})
	s.handler = s.routes()
	return s
}

// Handler serves the API (tests mount it on their own server).
func (s *Service) Handler() http.Handler { return s.handler }

// Start reads the saved configuration and listens if it is enabled. A
// port that cannot be had is reported in Status, not returned.
func (s *Service) Start(ctx context.Context) error {
	cfg, err := s.loadConfig(ctx)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.applyLocked(cfg)
	return nil
}

// SetConfig saves a new configuration and starts, moves or stops the
// server to match it. CORS origins apply to the next request.
func (s *Service) SetConfig(ctx context.Context, cfg Config) (Status, error) {
	cfg, err := cfg.normalise()
	if err != nil {
		return Status{}, err
	}
	if err := s.saveConfig(ctx, cfg); err != nil {
		return Status{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.applyLocked(cfg)
	return s.statusLocked(), nil
}

// Status says whether the server runs, where, and why not.
func (s *Service) Status() Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.statusLocked()
}

func (s *Service) statusLocked() Status {
	st := Status{Config: s.cfg, Running: s.running != nil, Error: s.lastErr, LANURLs: []string{}}
	if s.running != nil {
		_, port, _ := net.SplitHostPort(s.running.addr)
		st.URL = "http://127.0.0.1:" + port + "/v1"
		if s.cfg.LAN {
			st.LANURLs = machineLANURLs(port)
		}
	}
	return st
}

// Close stops the server and waits for its requests to end.
func (s *Service) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stopLocked()
}

func (s *Service) config() Config {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cfg
}

// applyLocked makes the running server match cfg.
func (s *Service) applyLocked(cfg Config) {
	old := s.cfg
	s.cfg = cfg
	origins := append([]string(nil), cfg.CORSOrigins...)
	s.origins.Store(&origins)
	if s.running != nil && cfg.Enabled && old.Port == cfg.Port && old.LAN == cfg.LAN {
		return // only the origins changed: they are read per request
	}
	s.stopLocked()
	s.lastErr = ""
	if !cfg.Enabled {
		return
	}
	host := "127.0.0.1"
	if cfg.LAN {
		host = "0.0.0.0"
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(cfg.Port)))
	if err != nil {
		s.lastErr = fmt.Sprintf("could not listen on port %d: %v", cfg.Port, err)
		s.log.Warn("start local api", "err", err)
		return
	}
	base, cancel := context.WithCancel(context.Background())
	srv := &server{addr: ln.Addr().String(), cancel: cancel, done: make(chan struct{}),
		http: &http.Server{ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute,
			BaseContext: func(net.Listener) context.Context { return base }}}
	srv.http.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		srv.active.Add(1)
		defer srv.active.Done()
		s.handler.ServeHTTP(w, r)
	})
	listeners := []net.Listener{ln}
	if !cfg.LAN {
		// "localhost" is ::1 first for some clients (Node 18 tries it without
		// falling back to 127.0.0.1), so loopback is served on both when the
		// machine has IPv6; without it, 127.0.0.1 alone.
		_, port, _ := net.SplitHostPort(ln.Addr().String())
		if ln6, err := net.Listen("tcp", net.JoinHostPort("::1", port)); err == nil {
			listeners = append(listeners, ln6)
		} else {
			s.log.Debug("local api: no IPv6 loopback", "err", err)
		}
	}
	var serving sync.WaitGroup
	for _, l := range listeners {
		serving.Add(1)
		go func() {
			defer serving.Done()
			if err := srv.http.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
				s.log.Warn("local api stopped", "err", err)
			}
		}()
	}
	go func() { serving.Wait(); close(srv.done) }()
	s.running = srv
	s.log.Info("local api listening", "addr", srv.addr)
}

// stopLocked ends every request (their model calls are cancelled through
// the base context), closes the listener and waits for Serve to return.
func (s *Service) stopLocked() {
	srv := s.running
	if srv == nil {
		return
	}
	s.running = nil
	srv.cancel()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := srv.http.Shutdown(ctx); err != nil {
		srv.http.Close()
	}
	<-srv.done
	// Shutdown does not wait for handlers of connections it had to close;
	// their model calls are cancelled, so they end quickly.
	waited := make(chan struct{})
	go func() { srv.active.Wait(); close(waited) }()
	select {
	case <-waited:
	case <-time.After(5 * time.Second):
		s.log.Warn("local api requests did not end within 5 s")
	}
	s.log.Info("local api stopped", "addr", srv.addr)
}
