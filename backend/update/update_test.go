package update

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"aead.dev/minisign"

	"bookbag/backend/apperr"
	"bookbag/backend/events"
)

// buildProgram builds a tiny program that prints its version, once per
// version for the whole test run.
var (
	buildMu sync.Mutex
	built   = map[string][]byte{}
)

func program(t *testing.T, version string) []byte {
	t.Helper()
	buildMu.Lock()
	defer buildMu.Unlock()
	if b, ok := built[version]; ok {
		return b
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "main.go")
	os.WriteFile(src, []byte("package main\n\nimport \"fmt\"\n\nvar v string\n\nfunc main() { fmt.Print(v) }\n"), 0o600)
	out := filepath.Join(dir, "prog")
	cmd := exec.Command("go", "build", "-o", out, "-ldflags", "-X main.v="+version, src)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GO111MODULE=off", "CGO_ENABLED=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build test program: %v\n%s", err, b)
	}
	b, _ := os.ReadFile(out)
	built[version] = b
	return b
}

// channelServer serves a signed manifest and downloads.
type channelServer struct {
	*httptest.Server
	pub      minisign.PublicKey
	priv     minisign.PrivateKey
	manifest Manifest
	files    map[string][]byte           // path -> body
	serve    map[string][]byte           // path -> what is actually sent, when it differs
	sig      []byte                      // overrides the signature when set
	handlers map[string]http.HandlerFunc // path -> a server of its own (a stalled download)
}

func newChannel(t *testing.T) *channelServer {
	t.Helper()
	pub, priv, err := minisign.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	cs := &channelServer{pub: pub, priv: priv, files: map[string][]byte{}, serve: map[string][]byte{}, handlers: map[string]http.HandlerFunc{}}
	cs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := json.Marshal(cs.manifest)
		switch r.URL.Path {
		case "/channel.json":
			w.Write(body)
		case "/channel.json.minisig":
			if cs.sig != nil {
				w.Write(cs.sig)
			} else {
				w.Write(minisign.Sign(cs.priv, body))
			}
		default:
			if h, ok := cs.handlers[r.URL.Path]; ok {
				h(w, r)
				return
			}
			b, ok := cs.serve[r.URL.Path]
			if !ok {
				b, ok = cs.files[r.URL.Path]
			}
			if !ok {
				http.NotFound(w, r)
				return
			}
			w.Write(b)
		}
	}))
	t.Cleanup(cs.Close)
	return cs
}

// offer publishes version on a channel with the given asset bodies.
func (cs *channelServer) offer(channel, version string, assets map[string][]byte, kinds map[string]string) {
	if cs.manifest.Channels == nil {
		cs.manifest = Manifest{Product: "bookbag", Channels: map[string]Release{}}
	}
	rel := Release{Version: version, Notes: "better", Assets: map[string]Asset{}}
	for name, body := range assets {
		p := "/dl/" + version + "/" + name
		cs.files[p] = body
		sum := sha256.Sum256(body)
		rel.Assets[name] = Asset{Kind: kinds[name], URL: cs.URL + p, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(body))}
	}
	cs.manifest.Channels[channel] = rel
}

func platform() string { return runtime.GOOS + "-" + runtime.GOARCH }

// installed copies the old program to a temp dir, as a tarball install.
func installed(t *testing.T, old []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "bookbag")
	if err := os.WriteFile(p, old, 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

// newService checks cs's channel; opts set further Deps.
func newService(cs *channelServer, version, exe string, inst Install, opts ...func(*Deps)) *Service {
	key, _ := cs.pub.MarshalText()
	d := Deps{Version: version, DefaultURL: cs.URL + "/channel.json", DefaultKey: string(key),
		Executable: func() (string, error) { return exe, nil },
		Install:    func(string) Install { return inst }}
	for _, o := range opts {
		o(&d)
	}
	return NewService(d)
}

func runVersion(t *testing.T, exe string) string {
	t.Helper()
	out, err := exec.Command(exe).Output()
	if err != nil {
		t.Fatalf("run %s: %v", exe, err)
	}
	return string(out)
}

func TestApplyReplacesTheProgram(t *testing.T) {
	old, neu := program(t, "1.0.0"), program(t, "1.1.0")
	cs := newChannel(t)
	cs.offer(Stable, "1.1.0", map[string][]byte{platform(): neu}, map[string]string{platform(): KindBinary})
	exe := installed(t, old)
	rec := events.NewRecorder()
	svc := newService(cs, "1.0.0", exe, Install{}, func(d *Deps) { d.Events = rec })
	c, err := svc.Check(context.Background())
	if err != nil || !c.Available || c.Version != "1.1.0" || c.PackageManaged || c.Size != int64(len(neu)) {
		t.Fatalf("check %+v %v", c, err)
	}
	res, err := svc.Apply(context.Background())
	if err != nil || !res.Applied || !res.RestartNeeded {
		t.Fatalf("apply %+v %v", res, err)
	}
	// The bar starts at nothing of the download's size and ends full.
	size := int64(len(neu))
	got := rec.Events(events.UpdateProgress)
	if len(got) < 2 || got[0].Payload != (events.UpdateProgressPayload{Stage: "download", Total: size}) ||
		got[len(got)-1].Payload != (events.UpdateProgressPayload{Stage: "install", Done: size, Total: size}) {
		t.Fatalf("progress events %+v", got)
	}
	if got := runVersion(t, exe); got != "1.1.0" {
		t.Fatalf("after update the program says %q", got)
	}
	// Now current: nothing more to do.
	svc = newService(cs, "1.1.0", exe, Install{})
	if c, _ := svc.Check(context.Background()); c.Available || !strings.Contains(c.Message, "newest") {
		t.Fatalf("check when current %+v", c)
	}
}

func TestApplyFromTarball(t *testing.T) {
	old, neu := program(t, "1.0.0"), program(t, "1.2.0")
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	tw.WriteHeader(&tar.Header{Name: "README", Size: 2, Mode: 0o644, Typeflag: tar.TypeReg})
	tw.Write([]byte("hi"))
	tw.WriteHeader(&tar.Header{Name: "bookbag-1.2.0/bookbag", Size: int64(len(neu)), Mode: 0o755, Typeflag: tar.TypeReg})
	tw.Write(neu)
	tw.Close()
	gz.Close()
	cs := newChannel(t)
	cs.offer(Stable, "1.2.0", map[string][]byte{platform(): buf.Bytes()}, map[string]string{platform(): KindTarGz})
	exe := installed(t, old)
	if _, err := newService(cs, "1.0.0", exe, Install{}).Apply(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := runVersion(t, exe); got != "1.2.0" {
		t.Fatalf("after update %q", got)
	}
}

// refusedApply checks that Apply fails with a message containing want and
// leaves the program as it was.
func refusedApply(t *testing.T, svc *Service, exe string, old []byte, want string) {
	t.Helper()
	_, err := svc.Apply(context.Background())
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("apply error = %v, want %q", err, want)
	}
	if got, _ := os.ReadFile(exe); !bytes.Equal(got, old) {
		t.Fatal("a refused update changed the program")
	}
	ents, _ := os.ReadDir(filepath.Dir(exe))
	if len(ents) != 1 {
		t.Fatalf("a refused update left files: %v", ents)
	}
}

func TestRefusals(t *testing.T) {
	old, neu := program(t, "1.0.0"), program(t, "1.1.0")
	setup := func() (*channelServer, string) {
		cs := newChannel(t)
		cs.offer(Stable, "1.1.0", map[string][]byte{platform(): neu}, map[string]string{platform(): KindBinary})
		return cs, installed(t, old)
	}
	t.Run("bad signature", func(t *testing.T) {
		cs, exe := setup()
		_, other, _ := minisign.GenerateKey(rand.Reader)
		body, _ := json.Marshal(cs.manifest)
		cs.sig = minisign.Sign(other, body) // signed, but by someone else
		svc := newService(cs, "1.0.0", exe, Install{})
		if _, err := svc.Check(context.Background()); !apperr.Is(err, apperr.Invalid) || !strings.Contains(err.Error(), "signature") {
			t.Fatalf("check: %v", err)
		}
		refusedApply(t, svc, exe, old, "signature does not verify")
	})
	t.Run("manifest changed after signing", func(t *testing.T) {
		cs, exe := setup()
		body, _ := json.Marshal(cs.manifest)
		cs.sig = minisign.Sign(cs.priv, body)
		a := cs.manifest.Channels[Stable].Assets[platform()]
		a.URL = cs.URL + "/evil"
		cs.manifest.Channels[Stable].Assets[platform()] = a
		refusedApply(t, newService(cs, "1.0.0", exe, Install{}), exe, old, "signature does not verify")
	})
	t.Run("garbage signature", func(t *testing.T) {
		cs, exe := setup()
		cs.sig = []byte("untrusted comment: nope\nAAAA\n")
		refusedApply(t, newService(cs, "1.0.0", exe, Install{}), exe, old, "signature does not verify")
	})
	t.Run("downgrade", func(t *testing.T) {
		cs, exe := setup()
		svc := newService(cs, "1.2.0", exe, Install{})
		c, err := svc.Check(context.Background())
		if err != nil || c.Available || !strings.Contains(c.Message, "downgrade") {
			t.Fatalf("check %+v %v", c, err)
		}
		refusedApply(t, svc, exe, old, "downgrade")
	})
	t.Run("truncated download", func(t *testing.T) {
		cs, exe := setup()
		for p, b := range cs.files {
			cs.serve[p] = b[:len(b)/2]
		}
		refusedApply(t, newService(cs, "1.0.0", exe, Install{}), exe, old, "cut short")
	})
	t.Run("hash mismatch", func(t *testing.T) {
		cs, exe := setup()
		for p, b := range cs.files {
			bad := bytes.Clone(b)
			bad[len(bad)/2] ^= 0xff
			cs.serve[p] = bad
		}
		refusedApply(t, newService(cs, "1.0.0", exe, Install{}), exe, old, "SHA-256 does not match")
	})
	t.Run("missing download", func(t *testing.T) {
		cs, exe := setup()
		for p := range cs.files {
			delete(cs.files, p)
		}
		refusedApply(t, newService(cs, "1.0.0", exe, Install{}), exe, old, "404")
	})
	t.Run("unwritable folder", func(t *testing.T) {
		if os.Getuid() == 0 {
			t.Skip("root writes anywhere")
		}
		cs, exe := setup()
		os.Chmod(filepath.Dir(exe), 0o555)
		defer os.Chmod(filepath.Dir(exe), 0o755)
		_, err := newService(cs, "1.0.0", exe, Install{}).Apply(context.Background())
		if err == nil || !strings.Contains(err.Error(), "nothing was changed") {
			t.Fatalf("apply: %v", err)
		}
		if got, _ := os.ReadFile(exe); !bytes.Equal(got, old) {
			t.Fatal("program changed")
		}
	})
}

func TestPackageManagedInstallGetsALink(t *testing.T) {
	old, neu := program(t, "1.0.0"), program(t, "1.1.0")
	cs := newChannel(t)
	cs.offer(Stable, "1.1.0", map[string][]byte{platform(): neu, platform() + ".deb": []byte("a deb"), platform() + ".rpm": []byte("an rpm")},
		map[string]string{platform(): KindBinary, platform() + ".deb": KindDeb, platform() + ".rpm": KindRPM})
	exe := installed(t, old)
	svc := newService(cs, "1.0.0", exe, Install{Managed: true, Format: KindRPM})
	c, err := svc.Check(context.Background())
	if err != nil || !c.Available || !c.PackageManaged || !strings.HasSuffix(c.PackageURL, ".rpm") {
		t.Fatalf("check %+v %v", c, err)
	}
	res, err := svc.Apply(context.Background())
	if err != nil || res.Applied || !strings.HasSuffix(res.PackageURL, platform()+".rpm") {
		t.Fatalf("apply %+v %v", res, err)
	}
	if got, _ := os.ReadFile(exe); !bytes.Equal(got, old) {
		t.Fatal("a package-managed program was overwritten")
	}
}

func TestChannelsAndSettings(t *testing.T) {
	cs := newChannel(t)
	cs.offer(Stable, "1.0.1", map[string][]byte{platform(): []byte("s")}, map[string]string{platform(): KindBinary})
	cs.offer(Beta, "1.1.0-beta.2", map[string][]byte{platform(): []byte("b")}, map[string]string{platform(): KindBinary})
	kv := &memKV{m: map[string]string{}}
	key, _ := cs.pub.MarshalText()
	svc := NewService(Deps{Settings: kv, Version: "1.0.0", Executable: func() (string, error) { return "/tmp/x", nil },
		Install: func(string) Install { return Install{} }})
	// Off without a URL and key.
	if c, err := svc.Check(context.Background()); err != nil || c.Enabled || !strings.Contains(c.Message, "off") {
		t.Fatalf("check while off %+v %v", c, err)
	}
	if _, err := svc.SetSettings(context.Background(), Settings{Channel: "nightly"}); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("bad channel: %v", err)
	}
	if _, err := svc.SetSettings(context.Background(), Settings{Channel: Beta, URL: "ftp://x"}); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("bad url: %v", err)
	}
	if _, err := svc.SetSettings(context.Background(), Settings{Channel: Beta, URL: cs.URL + "/channel.json", PublicKey: "nope"}); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("bad key: %v", err)
	}
	if _, err := svc.SetSettings(context.Background(), Settings{Channel: Beta, URL: cs.URL + "/channel.json", PublicKey: "untrusted comment: minisign public key\n" + string(key)}); err != nil {
		t.Fatal(err)
	}
	c, err := svc.Check(context.Background())
	if err != nil || !c.Available || c.Version != "1.1.0-beta.2" || c.Channel != Beta {
		t.Fatalf("beta check %+v %v", c, err)
	}
	svc.SetSettings(context.Background(), Settings{Channel: Stable, URL: cs.URL + "/channel.json", PublicKey: string(key)})
	if c, _ := svc.Check(context.Background()); c.Version != "1.0.1" || !c.Available {
		t.Fatalf("stable check %+v", c)
	}
}

type memKV struct {
	mu sync.Mutex
	m  map[string]string
}

func (k *memKV) GetSetting(_ context.Context, key string) (string, bool, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	v, ok := k.m[key]
	return v, ok, nil
}

func (k *memKV) SetSetting(_ context.Context, key, value string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.m[key] = value
	return nil
}

func TestVersionOrder(t *testing.T) {
	order := []string{"0.9.9", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
		"1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "v1.0.1", "1.1.0", "2.0.0"}
	for i := 1; i < len(order); i++ {
		a, ok1 := parseVersion(order[i-1])
		b, ok2 := parseVersion(order[i])
		if !ok1 || !ok2 || compare(a, b) != -1 || compare(b, a) != 1 {
			t.Fatalf("%s < %s not seen", order[i-1], order[i])
		}
	}
	for _, bad := range []string{"dev", "1.0", "abc1234", "1.0.0-", ""} {
		if _, ok := parseVersion(bad); ok {
			t.Fatalf("%q parsed", bad)
		}
	}
	a, _ := parseVersion("1.0.0+build.5")
	b, _ := parseVersion("1.0.0")
	if compare(a, b) != 0 {
		t.Fatal("build metadata counted")
	}
}

// A channel that does not answer, or cannot be reached at all, ends a
// check with words that say so (not after the download's long limit), and
// nothing is changed.
func TestChannelThatDoesNotAnswer(t *testing.T) {
	old := program(t, "1.0.0")
	cs := newChannel(t)
	key, _ := cs.pub.MarshalText()
	stalled := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done() // accepts the request and never answers
	}))
	t.Cleanup(stalled.Close)
	gone := httptest.NewServer(http.NotFoundHandler())
	gone.Close() // nothing listens there any more
	for name, tc := range map[string]struct{ url, want string }{
		"stalled":    {stalled.URL + "/channel.json", "did not answer"},
		"no network": {gone.URL + "/channel.json", "could not reach the update server"},
	} {
		t.Run(name, func(t *testing.T) {
			exe := installed(t, old)
			svc := NewService(Deps{Version: "1.0.0", DefaultURL: tc.url, DefaultKey: string(key), CheckTimeout: 200 * time.Millisecond,
				Executable: func() (string, error) { return exe, nil }, Install: func(string) Install { return Install{} }})
			if _, err := svc.Check(context.Background()); !apperr.Is(err, apperr.Unavailable) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("check: %v", err)
			}
			refusedApply(t, svc, exe, old, tc.want)
		})
	}
}
