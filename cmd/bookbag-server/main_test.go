package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"bookbag/backend/server/servertest"
	"bookbag/backend/syncproto"
)

// The test binary doubles as the server: with this variable set it runs
// main's run instead of the tests, so the tests can start real processes.
const childEnv = "BOOKBAG_SERVER_TEST_CHILD"

func TestMain(m *testing.M) {
	// Cheap hashes for tests, in this process and in the children.
	os.Setenv("BOOKBAG_SERVER_BCRYPT_COST", "4")
	if os.Getenv(childEnv) == "1" {
		ctx, stop := signalContext()
		defer stop()
		os.Exit(run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

type proc struct {
	cmd   *exec.Cmd
	url   string
	token string
	log   *bytes.Buffer
}

var (
	urlRe   = regexp.MustCompile(`url=(https?://\S+)`)
	tokenRe = regexp.MustCompile(`bbs_[A-Za-z0-9_-]+`)
)

// start runs `bookbag-server serve` as a child process and waits until it
// listens.
func start(t *testing.T, args ...string) *proc {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Env = append(os.Environ(), childEnv+"=1", "BOOKBAG_SERVER_LOG_FORMAT=text")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &proc{cmd: cmd, log: &bytes.Buffer{}}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stderr)
		signalled := false
		for sc.Scan() {
			line := sc.Text()
			p.log.WriteString(line + "\n")
			if m := tokenRe.FindString(line); m != "" && p.token == "" && strings.HasPrefix(strings.TrimSpace(line), "bbs_") {
				p.token = m
			}
			if m := urlRe.FindStringSubmatch(line); m != nil && !signalled {
				p.url = m[1]
			}
			// The token block comes before the listening line.
			if p.url != "" && !signalled {
				signalled = true
				close(ready)
			}
		}
		io.Copy(io.Discard, stderr)
	}()
	select {
	case <-ready:
	case <-time.After(30 * time.Second):
		t.Fatalf("server did not start:\n%s", p.log)
	}
	return p
}

func (p *proc) stop(t *testing.T) {
	t.Helper()
	p.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("server exited with %v:\n%s", err, p.log)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("server did not stop on SIGTERM")
	}
}

func runCLI(t *testing.T, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	if code := run(context.Background(), args, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("bookbag-server %s: exit %d: %s", strings.Join(args, " "), code, errb.String())
	}
	return out.String()
}

func TestServeSetupTokenAndAdminCLI(t *testing.T) {
	dir := t.TempDir()
	p := start(t, "--data-dir", dir)
	if p.token == "" {
		t.Fatalf("no setup token printed:\n%s", p.log)
	}
	ctx := context.Background()
	boss := syncproto.NewClient(p.url, nil)
	if _, err := boss.Setup(ctx, syncproto.SetupRequest{Token: p.token, Email: "boss@example.com", Password: "the boss password"}); err != nil {
		t.Fatal(err)
	}
	// The CLI works on the same data dir while the server runs.
	out := runCLI(t, "admin", "create-user", "--data-dir", dir, "--email", "alice@example.com", "--role", "member")
	m := regexp.MustCompile(`password: (\S+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no generated password in %q", out)
	}
	alice := syncproto.NewClient(p.url, nil)
	if _, err := alice.Login(ctx, syncproto.LoginRequest{Email: "alice@example.com", Password: m[1]}); err != nil {
		t.Fatal(err)
	}
	if _, err := boss.CreateWorkspace(ctx, syncproto.CreateWorkspaceRequest{ID: "office", Name: "Office"}); err != nil {
		t.Fatal(err)
	}
	runCLI(t, "admin", "add-member", "--data-dir", dir, "--workspace", "office", "--email", "alice@example.com", "--role", "member")
	if _, err := alice.Workspace(ctx, "office"); err != nil {
		t.Fatalf("alice not a member: %v", err)
	}
	// set-quota does what the admin API does: the running server applies it.
	if out := runCLI(t, "admin", "set-quota", "--data-dir", dir, "--workspace", "office", "--quota-mb", "3"); !strings.Contains(out, "of 3145728 bytes used (quota: its own)") {
		t.Fatalf("set-quota said %q", out)
	}
	if w, err := alice.Workspace(ctx, "office"); err != nil || w.QuotaBytes != 3<<20 {
		t.Fatalf("quota after set-quota: %+v %v", w, err)
	}
	if all, err := boss.AdminWorkspaces(ctx); err != nil || len(all) != 1 || !all[0].OwnQuota || all[0].QuotaBytes != 3<<20 {
		t.Fatalf("admin view after set-quota: %+v %v", all, err)
	}
	pwFile := dir + "/pw"
	os.WriteFile(pwFile, []byte("a new password for alice\n"), 0o600)
	runCLI(t, "admin", "reset-password", "--data-dir", dir, "--email", "alice@example.com", "--password-file", pwFile)
	if _, err := alice.Me(ctx); err == nil {
		t.Fatal("alice's session survived the reset")
	}
	p.stop(t)

	// A second start on the same data: no token, same accounts.
	p2 := start(t, "--data-dir", dir)
	if p2.token != "" {
		t.Fatal("setup token printed although accounts exist")
	}
	c := syncproto.NewClient(p2.url, nil)
	if _, err := c.Login(ctx, syncproto.LoginRequest{Email: "alice@example.com", Password: "a new password for alice"}); err != nil {
		t.Fatal(err)
	}
	p2.stop(t)
}

// Two real server processes on one PostgreSQL database.
func TestTwoProcessesOnePostgres(t *testing.T) {
	url := servertest.PostgresURL(t) // skips without BOOKBAG_PG_URL
	dir := t.TempDir()
	runCLI(t, "admin", "create-user", "--db", url, "--data-dir", dir, "--email", "boss@example.com", "--role", "admin",
		"--password-file", writeFile(t, dir+"/pw", "the boss password\n"))
	a := start(t, "--db", url, "--data-dir", dir+"/a")
	b := start(t, "--db", url, "--data-dir", dir+"/b")
	ctx := context.Background()
	ca, cb := syncproto.NewClient(a.url, nil), syncproto.NewClient(b.url, nil)
	for _, c := range []*syncproto.Client{ca, cb} {
		if _, err := c.Login(ctx, syncproto.LoginRequest{Email: "boss@example.com", Password: "the boss password"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := ca.CreateWorkspace(ctx, syncproto.CreateWorkspaceRequest{ID: "office", Name: "Office"}); err != nil {
		t.Fatal(err)
	}
	woke := make(chan int64, 1)
	go func() {
		h, _ := cb.Wait(ctx, "office", 0, 20*time.Second)
		woke <- h
	}()
	time.Sleep(300 * time.Millisecond)
	d := servertest.NewDevice("dev")
	if _, err := ca.Push(ctx, "office", []syncproto.Change{d.Change("office", "prompt_templates", "t1", map[string]any{"name": "n"}, false)}); err != nil {
		t.Fatal(err)
	}
	select {
	case h := <-woke:
		if h != 1 {
			t.Fatalf("woke with head %d", h)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("process B did not hear of process A's push")
	}
	p, err := cb.Pull(ctx, "office", 0, 0)
	if err != nil || len(p.Changes) != 1 {
		t.Fatalf("pull through B: %+v, %v", p, err)
	}
	a.stop(t)
	b.stop(t)
}

func writeFile(t *testing.T, path, body string) string {
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestServeTLS(t *testing.T) {
	dir := t.TempDir()
	certPEM, keyPEM := selfSigned(t)
	cert, key := writeFile(t, dir+"/cert.pem", string(certPEM)), writeFile(t, dir+"/key.pem", string(keyPEM))
	p := start(t, "--data-dir", dir, "--tls-cert", cert, "--tls-key", key)
	if !strings.HasPrefix(p.url, "https://") {
		t.Fatalf("url %s", p.url)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(certPEM)
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	if err := syncproto.NewClient(p.url, hc).Health(context.Background()); err != nil {
		t.Fatal(err)
	}
	// Plain HTTP is not spoken on the TLS port.
	if err := syncproto.NewClient(strings.Replace(p.url, "https", "http", 1), nil).Health(context.Background()); err == nil {
		t.Fatal("plain HTTP answered on the TLS port")
	}
	p.stop(t)
}

func selfSigned(t *testing.T) (certPEM, keyPEM []byte) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kd, _ := x509.MarshalECPrivateKey(key)
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kd})
}
