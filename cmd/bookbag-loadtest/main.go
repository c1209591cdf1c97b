// Command bookbag-loadtest runs bookbag-server in-process on loopback and
// drives it with many simulated desktop clients pushing and pulling for a
// bounded time, then checks that no change was lost and prints throughput
// and latency as Markdown (docs/perf/server.md).
//
//	bookbag-loadtest [-clients 50] [-duration 60s] [-db postgres://…]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"time"

	"bookbag/backend/server"
	"bookbag/backend/server/postgres"
	"bookbag/backend/server/sqlite"
	"bookbag/backend/syncproto"
)

type config struct {
	clients, workspaces, batch int
	duration                   time.Duration
	db                         string
}

func main() {
	var cfg config
	flag.IntVar(&cfg.clients, "clients", 50, "concurrent clients")
	flag.IntVar(&cfg.workspaces, "workspaces", 5, "workspaces the clients are spread over")
	flag.IntVar(&cfg.batch, "batch", 10, "changes per push")
	flag.DurationVar(&cfg.duration, "duration", 60*time.Second, "how long clients push and pull")
	flag.StringVar(&cfg.db, "db", "", "empty: SQLite in a temp dir; postgres://…: PostgreSQL (a fresh schema, dropped after)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, cfg, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "bookbag-loadtest:", err)
		os.Exit(1)
	}
}

func openDB(ctx context.Context, cfg config, tmp string) (server.DB, func(), error) {
	if cfg.db == "" {
		db, err := sqlite.Open(ctx, filepath.Join(tmp, "server.db"))
		if err != nil {
			return nil, nil, err
		}
		return db, func() { db.Close() }, nil
	}
	url, drop, err := freshSchema(ctx, cfg.db)
	if err != nil {
		return nil, nil, err
	}
	db, err := postgres.Open(ctx, url)
	if err != nil {
		drop()
		return nil, nil, err
	}
	return db, func() { db.Close(); drop() }, nil
}

func run(ctx context.Context, cfg config, out io.Writer) error {
	tmp, err := os.MkdirTemp("", "bookbag-loadtest-*")
	if err != nil {
		return fmt.Errorf("create temp dir: %w", err)
	}
	defer os.RemoveAll(tmp)
	db, closeDB, err := openDB(ctx, cfg, tmp)
	if err != nil {
		return err
	}
	defer closeDB()
	srv, err := server.New(ctx, server.Config{DB: db, TempDir: tmp, BcryptCost: 4,
		Logger:          slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
		LoginPerAddress: 1 << 20, LoginPerAccount: 1 << 20, QuotaBytes: 1 << 40})
	if err != nil {
		return err
	}
	defer srv.Close()
	hs := httptest.NewServer(srv.Handler()) // 127.0.0.1 only
	defer hs.Close()
	transport := &http.Transport{MaxIdleConns: 4 * cfg.clients, MaxIdleConnsPerHost: 4 * cfg.clients}
	hc := &http.Client{Transport: transport, Timeout: 2 * time.Minute}

	clients, err := setup(ctx, cfg, srv, hs.URL, hc)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "loadtest: %d clients on %d workspaces (%s), %s\n", cfg.clients, cfg.workspaces, db.Kind(), cfg.duration)
	rec := newRecorder()
	notes := newNotifyLog()
	runCtx, cancel := context.WithTimeout(ctx, cfg.duration)
	defer cancel()
	// The second devices: per workspace one listening by the event stream
	// and one by long polls (another member's session each; not counted in
	// -clients).
	listenCtx, stopListening := context.WithCancel(ctx)
	var listeners sync.WaitGroup
	for i := 0; i < cfg.workspaces && i < len(clients); i++ {
		ws, listener := clients[i].ws, clients[i].api
		if j := i + cfg.workspaces; j < len(clients) {
			listener = clients[j].api // another member of ws (setup deals workspaces round-robin)
		}
		listeners.Add(2)
		go func() { defer listeners.Done(); listenSSE(listenCtx, listener, ws, notes) }()
		go func() { defer listeners.Done(); listenWait(listenCtx, listener, ws, notes) }()
	}
	start := time.Now()
	var wg sync.WaitGroup
	for _, c := range clients {
		wg.Add(1)
		go func(c *simClient) {
			defer wg.Done()
			c.loop(runCtx, cfg, rec, notes)
		}(c)
	}
	wg.Wait()
	stopListening()
	listeners.Wait()
	elapsed := time.Since(start)
	lost, checked, err := verify(ctx, clients)
	if err != nil {
		return err
	}
	report(out, cfg, db.Kind(), elapsed, rec, lost, checked)
	reportNotify(out, notes)
	if lost > 0 {
		return fmt.Errorf("%d changes lost", lost)
	}
	return nil
}

func setup(ctx context.Context, cfg config, srv *server.Server, url string, hc *http.Client) ([]*simClient, error) {
	const pw = "load test password"
	var clients []*simClient
	admins := make([]*syncproto.Client, cfg.workspaces)
	for i := 0; i < cfg.clients; i++ {
		email := fmt.Sprintf("user%d@example.com", i)
		if _, err := srv.CreateUser(ctx, syncproto.CreateUserRequest{Email: email, Password: pw}, "", ""); err != nil {
			return nil, err
		}
		c := syncproto.NewClient(url, hc)
		if _, err := c.Login(ctx, syncproto.LoginRequest{Email: email, Password: pw, DeviceID: fmt.Sprintf("dev%d", i)}); err != nil {
			return nil, err
		}
		ws := fmt.Sprintf("ws%d", i%cfg.workspaces)
		if admins[i%cfg.workspaces] == nil {
			if _, err := c.CreateWorkspace(ctx, syncproto.CreateWorkspaceRequest{ID: ws, Name: ws}); err != nil {
				return nil, err
			}
			admins[i%cfg.workspaces] = c
		} else {
			inv, err := admins[i%cfg.workspaces].Invite(ctx, ws, syncproto.InviteRequest{Email: email})
			if err != nil {
				return nil, err
			}
			if _, err := c.AcceptInvitation(ctx, inv.ID); err != nil {
				return nil, err
			}
		}
		clients = append(clients, newSimClient(i, ws, c))
	}
	return clients, nil
}

func report(out io.Writer, cfg config, kind string, elapsed time.Duration, rec *recorder, lost, checked int) {
	secs := elapsed.Seconds()
	push, pull := rec.snapshot("push"), rec.snapshot("pull")
	fmt.Fprintf(out, "### %s: %d clients, %d workspaces, %s\n\n", kind, cfg.clients, cfg.workspaces, elapsed.Round(time.Second))
	fmt.Fprintf(out, "Go %s, GOMAXPROCS %d, batch %d changes per push.\n\n", runtime.Version(), runtime.GOMAXPROCS(0), cfg.batch)
	fmt.Fprintln(out, "| operation | requests | req/s | changes | changes/s | p50 ms | p95 ms | p99 ms | max ms | errors |")
	fmt.Fprintln(out, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, s := range []stats{push, pull} {
		fmt.Fprintf(out, "| %s | %d | %.0f | %d | %.0f | %.1f | %.1f | %.1f | %.1f | %d |\n", s.name, s.n, float64(s.n)/secs,
			s.changes, float64(s.changes)/secs, ms(s.p50), ms(s.p95), ms(s.p99), ms(s.max), s.errors)
	}
	fmt.Fprintf(out, "\nVerification: %d rows checked against what clients pushed; **%d lost**.\n\n", checked, lost)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func reportNotify(out io.Writer, notes *notifyLog) {
	fromStart, fromAnswer := notes.latencies()
	fmt.Fprintln(out, "Notification latency: a second device hearing of a push's head, from the push's start and from its answer")
	fmt.Fprintln(out, "(0 when the device heard before the pusher read its answer):")
	fmt.Fprintln(out)
	fmt.Fprintln(out, "| listener | pushes heard | p50 ms from start | p99 ms from start | p50 ms from answer | p99 ms from answer | max ms from answer |")
	fmt.Fprintln(out, "|---|---:|---:|---:|---:|---:|---:|")
	kinds := make([]string, 0, len(fromStart))
	for k := range fromStart {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		a, b := newRecorder(), newRecorder()
		for i := range fromStart[k] {
			a.add(k, fromStart[k][i], 0, nil)
			b.add(k, fromAnswer[k][i], 0, nil)
		}
		sa, sb := a.snapshot(k), b.snapshot(k)
		fmt.Fprintf(out, "| %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f |\n", k, sa.n, ms(sa.p50), ms(sa.p99), ms(sb.p50), ms(sb.p99), ms(sb.max))
	}
	fmt.Fprintln(out)
}
