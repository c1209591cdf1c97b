package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"bookbag/backend/server"
	"bookbag/backend/server/postgres"
	"bookbag/backend/server/sqlite"
)

var errUsage = errors.New("usage")

// options are the flags every command shares; each can also come from the
// environment (BOOKBAG_SERVER_<NAME>), flags winning.
type options struct {
	addr, dataDir, db    string
	tlsCert, tlsKey      string
	maxBodyMB, maxFileMB int64
	quotaMB              int64
	trustProxy           bool
	logFormat            string
	accessTTL            time.Duration
	bcryptCost           int
}

func env(name, def string) string {
	if v := os.Getenv("BOOKBAG_SERVER_" + name); v != "" {
		return v
	}
	return def
}

func envInt(name string, def int64) int64 {
	if v, err := strconv.ParseInt(env(name, ""), 10, 64); err == nil {
		return v
	}
	return def
}

func defaultDataDir() string {
	if d := os.Getenv("STATE_DIRECTORY"); d != "" { // systemd's StateDirectory=
		return d
	}
	return "bookbag-server-data"
}

func (o *options) register(fs *flag.FlagSet, serving bool) {
	fs.StringVar(&o.dataDir, "data-dir", env("DATA_DIR", defaultDataDir()), "data directory: the SQLite database and temporary uploads (env BOOKBAG_SERVER_DATA_DIR)")
	fs.StringVar(&o.db, "db", env("DB", ""), "database: empty for SQLite in the data dir, a file path, or postgres://user:pass@host/db (env BOOKBAG_SERVER_DB)")
	fs.IntVar(&o.bcryptCost, "bcrypt-cost", int(envInt("BCRYPT_COST", 12)), "bcrypt cost for new password hashes, 10-16 in production (env BOOKBAG_SERVER_BCRYPT_COST)")
	if !serving {
		return
	}
	fs.StringVar(&o.addr, "addr", env("ADDR", ":8787"), "listen address (env BOOKBAG_SERVER_ADDR)")
	fs.StringVar(&o.tlsCert, "tls-cert", env("TLS_CERT", ""), "TLS certificate file (PEM); with --tls-key serves HTTPS (env BOOKBAG_SERVER_TLS_CERT)")
	fs.StringVar(&o.tlsKey, "tls-key", env("TLS_KEY", ""), "TLS private key file (PEM) (env BOOKBAG_SERVER_TLS_KEY)")
	fs.Int64Var(&o.maxBodyMB, "max-body-mb", envInt("MAX_BODY_MB", 8), "largest JSON request body, MiB (env BOOKBAG_SERVER_MAX_BODY_MB)")
	fs.Int64Var(&o.maxFileMB, "max-file-mb", envInt("MAX_FILE_MB", 100), "largest uploaded file, MiB (env BOOKBAG_SERVER_MAX_FILE_MB)")
	fs.Int64Var(&o.quotaMB, "quota-mb", envInt("QUOTA_MB", 1024), "storage quota per workspace, MiB (env BOOKBAG_SERVER_QUOTA_MB)")
	fs.BoolVar(&o.trustProxy, "trust-proxy", env("TRUST_PROXY", "") == "1", "take client addresses from X-Forwarded-For (behind a reverse proxy) (env BOOKBAG_SERVER_TRUST_PROXY=1)")
	fs.StringVar(&o.logFormat, "log-format", env("LOG_FORMAT", "text"), "log format: text or json (env BOOKBAG_SERVER_LOG_FORMAT)")
	fs.DurationVar(&o.accessTTL, "access-ttl", 15*time.Minute, "access token lifetime")
}

func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errUsage
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "unexpected arguments: %s\n", strings.Join(fs.Args(), " "))
		return errUsage
	}
	return nil
}

// openDB opens the configured database.
func (o *options) openDB(ctx context.Context) (server.DB, error) {
	if strings.HasPrefix(o.db, "postgres://") || strings.HasPrefix(o.db, "postgresql://") {
		return postgres.Open(ctx, o.db)
	}
	if err := os.MkdirAll(o.dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("create data dir: %w", err)
	}
	path := o.db
	if path == "" {
		path = filepath.Join(o.dataDir, "bookbag-server.db")
	}
	return sqlite.Open(ctx, path)
}

func (o *options) logger(w io.Writer) *slog.Logger {
	if o.logFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}

// newServer opens the database and builds a server on it.
func (o *options) newServer(ctx context.Context, log *slog.Logger) (*server.Server, server.DB, error) {
	db, err := o.openDB(ctx)
	if err != nil {
		return nil, nil, err
	}
	tmp := filepath.Join(o.dataDir, "tmp")
	if err := os.MkdirAll(tmp, 0o700); err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("create temp dir: %w", err)
	}
	s, err := server.New(ctx, server.Config{DB: db, Logger: log, TempDir: tmp, AccessTTL: o.accessTTL, BcryptCost: o.bcryptCost,
		MaxBodyBytes: o.maxBodyMB << 20, MaxFileBytes: o.maxFileMB << 20, QuotaBytes: o.quotaMB << 20,
		TrustProxy: o.trustProxy})
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return s, db, nil
}
