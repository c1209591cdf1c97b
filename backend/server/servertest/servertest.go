// Package servertest starts bookbag-servers for tests: on SQLite always, and
// on PostgreSQL when BOOKBAG_PG_URL is set (then a PostgreSQL failure fails
// the test instead of skipping it), each test in a schema of its own.
package servertest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx" for schema setup
	"golang.org/x/crypto/bcrypt"

	"bookbag/backend/server"
	"bookbag/backend/server/postgres"
	"bookbag/backend/server/sqlite"
	"bookbag/backend/syncproto"
)

// EnvPG names the variable holding the PostgreSQL test database URL.
const EnvPG = "BOOKBAG_PG_URL"

// Backend opens a fresh database of one kind.
type Backend struct {
	Name string
	Open func(t testing.TB) server.DB
	// Pair opens two handles with their own connections on one fresh
	// database, as two server processes sharing it would.
	Pair func(t testing.TB) (server.DB, server.DB)
}

// Backends is SQLite, plus PostgreSQL when BOOKBAG_PG_URL is set.
func Backends() []Backend {
	bs := []Backend{{Name: "sqlite", Open: SQLite, Pair: SQLitePair}}
	if os.Getenv(EnvPG) != "" {
		bs = append(bs, Backend{Name: "postgres", Open: Postgres, Pair: PostgresPair})
	}
	return bs
}

// ForEach runs f as a subtest on every backend.
func ForEach(t *testing.T, f func(t *testing.T, b Backend)) {
	for _, b := range Backends() {
		t.Run(b.Name, func(t *testing.T) { f(t, b) })
	}
}

// SQLite opens a database in a temp dir, closed at cleanup.
func SQLite(t testing.TB) server.DB {
	t.Helper()
	return openSQLite(t, filepath.Join(t.TempDir(), "server.db"))
}

// SQLitePair opens one database file twice.
func SQLitePair(t testing.TB) (server.DB, server.DB) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "server.db")
	return openSQLite(t, path), openSQLite(t, path)
}

func openSQLite(t testing.TB, path string) server.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Postgres opens a fresh schema of the BOOKBAG_PG_URL database, dropped at
// cleanup; without the variable the test is skipped.
func Postgres(t testing.TB) server.DB {
	t.Helper()
	return openPostgres(t, PostgresURL(t))
}

// PostgresPair opens one fresh schema twice.
func PostgresPair(t testing.TB) (server.DB, server.DB) {
	t.Helper()
	u := PostgresURL(t)
	return openPostgres(t, u), openPostgres(t, u)
}

func openPostgres(t testing.TB, url string) server.DB {
	t.Helper()
	db, err := postgres.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// PostgresURL creates a schema for the test and returns a URL whose
// connections use it, so that several servers can open the same database.
func PostgresURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvPG)
	if base == "" {
		t.Skip(EnvPG + " not set: PostgreSQL tests skipped (scripts/pg-test-env.sh prints one)")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		admin.Close()
		t.Fatalf("create schema (is %s right?): %v", EnvPG, err)
	}
	t.Cleanup(func() {
		admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		admin.Close()
	})
	pu, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := pu.Query()
	q.Set("search_path", schema)
	pu.RawQuery = q.Encode()
	return pu.String()
}

// Clock is wall time plus an offset tests can move forward.
type Clock struct {
	mu     sync.Mutex
	offset time.Duration
}

func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.offset += d
	c.mu.Unlock()
}

// Env is a running server on loopback.
type Env struct {
	T      testing.TB
	DB     server.DB
	Server *server.Server
	HTTP   *httptest.Server
	URL    string
	Clock  *Clock
}

// Start runs a server on db with test settings (cheap bcrypt, quiet log);
// tune adjusts the config first.
func Start(t testing.TB, db server.DB, tune ...func(*server.Config)) *Env {
	t.Helper()
	clock := &Clock{}
	cfg := server.Config{DB: db, Now: clock.Now, BcryptCost: bcrypt.MinCost, TempDir: t.TempDir(),
		Logger:          slog.New(slog.NewTextHandler(io.Discard, nil)),
		LoginPerAccount: 1000, LoginPerAddress: 100000, FileSweepEvery: -1}
	for _, f := range tune {
		f(&cfg)
	}
	s, err := server.New(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(s.Handler())
	t.Cleanup(func() {
		s.Close()
		hs.Close()
	})
	return &Env{T: t, DB: db, Server: s, HTTP: hs, URL: hs.URL, Clock: clock}
}

// Client returns a signed-out client for the server.
func (e *Env) Client() *syncproto.Client { return syncproto.NewClient(e.URL, e.HTTP.Client()) }

// Password is the password of every user made by User.
const Password = "correct horse battery"

// User creates an account with server role and returns it signed in.
func (e *Env) User(email, role string) (*syncproto.Client, syncproto.User) {
	e.T.Helper()
	ctx := context.Background()
	u, err := e.Server.CreateUser(ctx, syncproto.CreateUserRequest{Email: email, Role: role, Password: Password}, "", "")
	if err != nil {
		e.T.Fatal(err)
	}
	c := e.Client()
	if _, err := c.Login(ctx, syncproto.LoginRequest{Email: email, Password: Password, DeviceID: "dev-" + u.User.ID[:8],
		DeviceName: "test"}); err != nil {
		e.T.Fatal(err)
	}
	return c, u.User
}

// Login signs an existing user in on a fresh client.
func (e *Env) Login(email string) *syncproto.Client {
	e.T.Helper()
	c := e.Client()
	if _, err := c.Login(context.Background(), syncproto.LoginRequest{Email: email, Password: Password, DeviceID: "dev-x", DeviceName: "test"}); err != nil {
		e.T.Fatal(err)
	}
	return c
}

// Workspace creates a workspace owned by admin and adds members with
// their roles through invitations.
func (e *Env) Workspace(id string, admin *syncproto.Client, members map[*syncproto.Client]string) {
	e.T.Helper()
	ctx := context.Background()
	if _, err := admin.CreateWorkspace(ctx, syncproto.CreateWorkspaceRequest{ID: id, Name: "Workspace " + id}); err != nil {
		e.T.Fatal(err)
	}
	for c, role := range members {
		me, err := c.Me(ctx)
		if err != nil {
			e.T.Fatal(err)
		}
		inv, err := admin.Invite(ctx, id, syncproto.InviteRequest{Email: me.Email, Role: role})
		if err != nil {
			e.T.Fatal(err)
		}
		if _, err := c.AcceptInvitation(ctx, inv.ID); err != nil {
			e.T.Fatal(err)
		}
	}
}
