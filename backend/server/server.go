// Package server is the BookBag office server: accounts, sessions, roles,
// workspace membership, the audit log, content-addressed files and the sync
// API (push, pull, wait) that desktop clients speak (docs/SYNC.md). Storage
// is SQL shared by the SQLite and PostgreSQL backends (see DB).
package server

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"sync/atomic"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// Config tunes a Server. Zero fields take the defaults in withDefaults.
type Config struct {
	DB      DB
	Now     func() time.Time // clock, swapped in tests
	Logger  *slog.Logger
	TempDir string // uploads in flight; default os.TempDir()

	AccessTTL  time.Duration // access token lifetime (15 min)
	RefreshTTL time.Duration // a session's idle lifetime (30 days)
	// RefreshGrace is how long after a refresh its old token may be used
	// once more, by a client that never got the answer (2 min).
	RefreshGrace  time.Duration
	InvitationTTL time.Duration // 14 days
	BcryptCost    int           // 12; tests use bcrypt.MinCost

	MaxBodyBytes     int64         // JSON request bodies (8 MiB)
	MaxFileBytes     int64         // one uploaded file (100 MiB)
	MaxChanges       int           // changes in one push (1000)
	MaxSnapshotBytes int           // one row snapshot (1 MiB)
	QuotaBytes       int64         // per-workspace storage: snapshots plus files (1 GiB)
	MaxClockSkew     time.Duration // how far ahead of the server a stamp may be (1 h)
	PullLimit        int           // default page size (500)
	PullMaxLimit     int           // largest page size a client may ask for (5000)
	PullMaxBytes     int           // a page stops growing past this many snapshot bytes (4 MiB)
	WaitMax          time.Duration // longest long poll (55 s)
	EventsHeartbeat  time.Duration // a comment on idle event streams this often (15 s)
	EventsRetry      time.Duration // the reconnect delay event streams suggest (3 s)

	LoginPerAccount int           // failed logins per account per LoginWindow (10)
	LoginPerAddress int           // login attempts per address per minute (30)
	LoginWindow     time.Duration // 15 min
	TrustProxy      bool          // take the client address from X-Forwarded-For

	FileGrace      time.Duration // an unnamed file is freed this long after it was first found so (24 h)
	FileSweepEvery time.Duration // how often unnamed files are looked for (1 h; < 0: never, tests sweep by hand)
}

func (c Config) withDefaults() Config {
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	if c.TempDir == "" {
		c.TempDir = os.TempDir()
	}
	setDur(&c.AccessTTL, 15*time.Minute)
	setDur(&c.RefreshTTL, 30*24*time.Hour)
	setDur(&c.RefreshGrace, 2*time.Minute)
	setDur(&c.InvitationTTL, 14*24*time.Hour)
	setDur(&c.MaxClockSkew, time.Hour)
	setDur(&c.WaitMax, 55*time.Second)
	setDur(&c.EventsHeartbeat, 15*time.Second)
	setDur(&c.EventsRetry, 3*time.Second)
	setDur(&c.LoginWindow, 15*time.Minute)
	setDur(&c.FileGrace, 24*time.Hour)
	if c.FileSweepEvery == 0 {
		c.FileSweepEvery = time.Hour
	}
	if c.BcryptCost == 0 {
		c.BcryptCost = 12
	}
	setInt64(&c.MaxBodyBytes, 8<<20)
	setInt64(&c.MaxFileBytes, 100<<20)
	setInt64(&c.QuotaBytes, 1<<30)
	setInt(&c.MaxChanges, 1000)
	setInt(&c.MaxSnapshotBytes, 1<<20)
	setInt(&c.PullLimit, 500)
	setInt(&c.PullMaxLimit, 5000)
	setInt(&c.PullMaxBytes, 4<<20)
	setInt(&c.LoginPerAccount, 10)
	setInt(&c.LoginPerAddress, 30)
	return c
}

func setDur(p *time.Duration, d time.Duration) {
	if *p <= 0 {
		*p = d
	}
}
func setInt64(p *int64, v int64) {
	if *p <= 0 {
		*p = v
	}
}
func setInt(p *int, v int) {
	if *p <= 0 {
		*p = v
	}
}

// Server serves the API. Create it with New, serve Handler, stop with Close.
type Server struct {
	cfg       Config
	db        DB
	log       *slog.Logger
	hub       *hub
	jwtKey    []byte
	dummyHash []byte // compared against for unknown emails, so timing does not tell

	loginAccount accountLimiter // failed logins per account, in the database
	loginAddress *limiter       // login attempts per address
	addrLimiter  *limiter       // setup and refresh attempts per address

	ctx    context.Context // ends long polls and the listener on Close
	cancel context.CancelFunc
	done   chan struct{}
	swept  chan struct{} // closed when the file sweeper has stopped
	mux    *http.ServeMux

	streams atomic.Int64 // open event streams
}

// New migrates the database, loads (or creates) the signing key, starts
// listening for other processes' changes and returns a ready server.
func New(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.DB == nil {
		return nil, errors.New("new server: no database")
	}
	cfg = cfg.withDefaults()
	s := &Server{cfg: cfg, db: cfg.DB, log: cfg.Logger, hub: newHub(),
		loginAccount: accountLimiter{db: cfg.DB, window: cfg.LoginWindow},
		loginAddress: newLimiter(cfg.LoginPerAddress, time.Minute),
		addrLimiter:  newLimiter(cfg.LoginPerAddress*2, time.Minute),
	}
	if err := Migrate(ctx, s.db, s.nowMs()); err != nil {
		return nil, err
	}
	key, err := s.loadSecret(ctx, "jwt_hs256")
	if err != nil {
		return nil, err
	}
	s.jwtKey = key
	s.loginAccount.max = func(ctx context.Context) (int, error) {
		st, err := s.settings(ctx, s.db.Reader())
		return st.LoginPerAccount, err
	}
	dummy, err := bcrypt.GenerateFromPassword([]byte("not a password"), cfg.BcryptCost)
	if err != nil {
		return nil, fmt.Errorf("new server: %w", err)
	}
	s.dummyHash = dummy
	s.ctx, s.cancel = context.WithCancel(context.WithoutCancel(ctx))
	s.done = make(chan struct{})
	go func() {
		defer close(s.done)
		s.db.Listen(s.ctx, s.hub.publish)
	}()
	s.mux = s.buildMux()
	s.swept = make(chan struct{})
	go func() {
		defer close(s.swept)
		if cfg.FileSweepEvery > 0 {
			s.sweepFiles()
		}
	}()
	return s, nil
}

// Close ends long polls and the listener. The database stays open: its
// owner closes it.
func (s *Server) Close() error {
	s.cancel()
	<-s.done
	<-s.swept
	return nil
}

// Handler is the HTTP API.
func (s *Server) Handler() http.Handler { return s.mux }

// Config returns the effective configuration.
func (s *Server) Config() Config { return s.cfg }

func (s *Server) now() time.Time { return s.cfg.Now() }
func (s *Server) nowMs() int64   { return s.cfg.Now().UnixMilli() }

// loadSecret returns the named 32-byte secret, creating it on first use.
// It lives in the database so every process on one PostgreSQL signs and
// checks tokens with the same key.
func (s *Server) loadSecret(ctx context.Context, name string) ([]byte, error) {
	fresh := make([]byte, 32)
	rand.Read(fresh)
	if _, err := s.db.Writer().ExecContext(ctx, `INSERT INTO server_secrets (name, value, created_at) VALUES ($1, $2, $3)
		ON CONFLICT (name) DO NOTHING`, name, hex.EncodeToString(fresh), s.nowMs()); err != nil {
		return nil, fmt.Errorf("store secret: %w", err)
	}
	var v string
	if err := s.db.Writer().QueryRowContext(ctx, `SELECT value FROM server_secrets WHERE name = $1`, name).Scan(&v); err != nil {
		return nil, fmt.Errorf("load secret: %w", err)
	}
	key, err := hex.DecodeString(v)
	if err != nil {
		return nil, fmt.Errorf("load secret: %w", err)
	}
	return key, nil
}

// queryer is what both *sql.DB and *sql.Tx offer.
type queryer interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

// writeTx runs fn in a write transaction and commits when it returns nil.
func (s *Server) writeTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.Writer().BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// readTx runs fn in a read-only transaction on one snapshot of the database.
func (s *Server) readTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.Reader().BeginTx(ctx, &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead})
	if err != nil {
		return fmt.Errorf("begin read: %w", err)
	}
	defer tx.Rollback()
	return fn(tx)
}
