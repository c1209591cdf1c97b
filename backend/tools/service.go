package tools

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"bookbag/backend/events"
	"bookbag/backend/store"
)

// Runtime runs the configured servers (tools/mcp.Manager, through the
// app's adapter): it starts each on first use and lists and calls their
// tools; it also reads and writes the common {"mcpServers": …} JSON.
type Runtime interface {
	Source
	Configure(cfgs []ServerConfig)
	Status() []ServerStatus
	// Restart stops a server and clears its failure, so the next use
	// starts it at once.
	Restart(name string)
	// Check validates a configuration as the runtime will use it.
	Check(cfg ServerConfig) error
	ParseConfig(data []byte) ([]ServerConfig, error)
	ExportConfig(cfgs []ServerConfig) ([]byte, error)
}

// ServerConfig is one server as the runtime runs it, secrets included.
type ServerConfig struct {
	Name                     string
	Transport                string // stdio | http | sse
	Command                  string
	Args                     []string
	Env                      map[string]string
	Dir                      string
	URL                      string
	Headers                  map[string]string
	InitTimeout, CallTimeout time.Duration // 0: the runtime's defaults
	Disabled                 bool
}

// KeyStore is the OS keychain (secrets.Store through the app's adapter):
// servers' env and header values live there, never in SQLite.
type KeyStore interface {
	Get(ctx context.Context, account string) (secret string, found bool, err error)
	Set(ctx context.Context, account, secret string) error
	Delete(ctx context.Context, account string) error
}

// Deps are what Service needs; DB and Runtime are required.
type Deps struct {
	DB      *store.DB
	Runtime Runtime
	Keys    KeyStore // nil: servers cannot keep secrets (env and header values)
	Events  events.Emitter
	Log     *slog.Logger
	// ApprovalTimeout is how long an approval card waits for an answer
	// before the call counts as denied (DefaultApprovalTimeout when 0).
	ApprovalTimeout time.Duration
	// UserID records who allowed a call (the local user).
	UserID string
	// HookTimeout bounds one plugin's hook, its start included
	// (HookTimeout when 0).
	HookTimeout time.Duration
}

// DefaultApprovalTimeout is how long a tool call waits for the user.
const DefaultApprovalTimeout = 5 * time.Minute

// Service owns the configured servers, which workspaces use them, standing
// approvals and the record of calls; it decides and runs the calls a model
// makes and the plugins' hooks.
type Service struct {
	db      *store.DB
	rt      Runtime
	keys    KeyStore
	emit    events.Emitter
	log     *slog.Logger
	timeout time.Duration
	userID  string
	// hookTimeout bounds a plugin's hook and message action.
	hookTimeout time.Duration

	mu      sync.Mutex
	pending map[string]*pendingApproval // approval cards waiting for an answer, by id
}

// NewService builds the tools service. Call Start to hand the configured
// servers to the runtime (servers themselves start on first use).
func NewService(d Deps) *Service {
	if d.Events == nil {
		d.Events = events.Discard{}
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	if d.ApprovalTimeout <= 0 {
		d.ApprovalTimeout = DefaultApprovalTimeout
	}
	if d.HookTimeout <= 0 {
		d.HookTimeout = HookTimeout
	}
	return &Service{db: d.DB, rt: d.Runtime, keys: d.Keys, emit: d.Events, log: d.Log, timeout: d.ApprovalTimeout,
		userID: d.UserID, hookTimeout: d.HookTimeout, pending: map[string]*pendingApproval{}}
}

// Start gives the runtime the configured servers, reading their secrets
// from the keychain off the caller's path (an unlock prompt may wait).
func (s *Service) Start(ctx context.Context) {
	go func() {
		if err := s.reconfigure(ctx); err != nil {
			s.log.Warn("configure tool servers", "err", err)
		}
	}()
}

func (s *Service) changed(tables ...string) {
	s.emit.Emit(events.DataChanged, events.DataChangedPayload{Tables: tables})
}
