package secrets

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"bookbag/backend/apperr"
)

// fakeBackend scripts go-keyring's answers.
type fakeBackend struct {
	mu    sync.Mutex
	m     map[string]string
	err   error         // returned by every call when set
	block chan struct{} // calls wait on it when set (an unanswered unlock prompt)
}

func (f *fakeBackend) wait() error {
	if f.block != nil {
		<-f.block
	}
	return f.err
}

func (f *fakeBackend) Set(s, u, p string) error {
	if err := f.wait(); err != nil {
		return err
	}
	if len(p) > 2560 {
		return keyring.ErrSetDataTooBig
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.m[s+"|"+u] = p
	return nil
}

func (f *fakeBackend) Get(s, u string) (string, error) {
	if err := f.wait(); err != nil {
		return "", err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	p, ok := f.m[s+"|"+u]
	if !ok {
		return "", keyring.ErrNotFound
	}
	return p, nil
}

func (f *fakeBackend) Delete(s, u string) error {
	if err := f.wait(); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.m[s+"|"+u]; !ok {
		return keyring.ErrNotFound
	}
	delete(f.m, s+"|"+u)
	return nil
}

func withBackend(b backend, timeout time.Duration) *Keyring {
	k := NewKeyring(KeyringOptions{Timeout: timeout})
	k.b = b
	return k
}

func TestKeyringMapping(t *testing.T) {
	ctx := context.Background()
	k := withBackend(&fakeBackend{m: map[string]string{}}, time.Second)
	if err := k.Set(ctx, "provider/a", "sk-1"); err != nil {
		t.Fatal(err)
	}
	if s, err := k.Get(ctx, "provider/a"); err != nil || s != "sk-1" {
		t.Fatalf("%q %v", s, err)
	}
	if err := k.Delete(ctx, "provider/a"); err != nil {
		t.Fatal(err)
	}
	if err := k.Delete(ctx, "provider/a"); err != nil {
		t.Fatalf("deleting a missing key: %v", err)
	}
	_, err := k.Get(ctx, "provider/a")
	if !errors.Is(err, ErrNotFound) || apperr.CodeOf(err) != apperr.NotFound {
		t.Fatalf("missing: %v", err)
	}
	err = k.Set(ctx, "provider/big", strings.Repeat("x", 3000))
	if !errors.Is(err, ErrTooLarge) || apperr.CodeOf(err) != apperr.Invalid {
		t.Fatalf("too large: %v", err)
	}
	if st := k.Status(ctx); !st.Available || st.Backend == "" {
		t.Fatalf("status %+v", st)
	}
}

func TestKeyringUnavailable(t *testing.T) {
	ctx := context.Background()
	k := withBackend(&fakeBackend{err: errors.New("The name org.freedesktop.secrets was not provided by any .service files")}, time.Second)
	_, err := k.Get(ctx, "provider/a")
	if !errors.Is(err, ErrUnavailable) || apperr.CodeOf(err) != apperr.Unavailable {
		t.Fatalf("get: %v", err)
	}
	st := k.Status(ctx)
	if st.Available || !strings.Contains(st.Reason, "org.freedesktop.secrets") {
		t.Fatalf("status %+v", st)
	}
}

func TestKeyringDeadline(t *testing.T) {
	block := make(chan struct{})
	defer close(block)
	k := withBackend(&fakeBackend{m: map[string]string{}, block: block}, 100*time.Millisecond)
	_, err := k.Get(context.Background(), "provider/a")
	if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "did not answer within 100ms") {
		t.Fatalf("err %v", err)
	}
	if st := k.Status(context.Background()); st.Available {
		t.Fatal("a hanging keychain reported available")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := k.Set(ctx, "provider/a", "x"); apperr.CodeOf(err) != apperr.Canceled {
		t.Fatalf("cancelled: %v", err)
	}
}

func TestKeysLookupOrder(t *testing.T) {
	ctx := context.Background()
	mem := NewMemory()
	env := map[string]string{"MY_KEY": " sk-env-0123456789 "}
	keys := NewKeys(mem, func(k string) string { return env[k] })

	k, err := keys.Lookup(ctx, "p1", "MY_KEY")
	if err != nil || k.Source != SourceEnv || k.Value != "sk-env-0123456789" || k.EnvVar != "MY_KEY" {
		t.Fatalf("env: %v %v", k, err)
	}
	if err := keys.Save(ctx, "p1", "  sk-chain-0123456789\n", "MY_KEY"); err != nil {
		t.Fatal(err)
	}
	if mem.Accounts()[0] != "provider/p1" {
		t.Fatalf("accounts %v", mem.Accounts())
	}
	k, _ = keys.Lookup(ctx, "p1", "MY_KEY")
	if k.Source != SourceKeychain || k.Value != "sk-chain-0123456789" {
		t.Fatalf("keychain first: %v", k)
	}
	if k, _ := keys.Lookup(ctx, "p2", ""); k.Source != SourceNone || k.Value != "" {
		t.Fatalf("none: %v", k)
	}
	if k, _ := keys.Lookup(ctx, "p2", "NOT SET; rm -rf"); k.Source != SourceNone {
		t.Fatalf("bad env name used: %v", k)
	}
	if err := keys.Remove(ctx, "p1"); err != nil {
		t.Fatal(err)
	}
	if k, _ := keys.Lookup(ctx, "p1", "MY_KEY"); k.Source != SourceEnv {
		t.Fatalf("after remove: %v", k)
	}
	if err := keys.Save(ctx, "p1", "   ", ""); apperr.CodeOf(err) != apperr.Invalid {
		t.Fatalf("empty key: %v", err)
	}
}

func TestKeysWithoutKeychain(t *testing.T) {
	ctx := context.Background()
	mem := NewMemory()
	mem.SetUnavailable(true)
	keys := NewKeys(mem, func(k string) string {
		if k == "OPENAI_API_KEY" {
			return "sk-env-abcdefghijkl"
		}
		return ""
	})
	err := keys.Save(ctx, "openai", "sk-x", "OPENAI_API_KEY")
	if apperr.CodeOf(err) != apperr.Unavailable || !strings.Contains(apperr.MessageOf(err), "(OPENAI_API_KEY)") || !errors.Is(err, ErrUnavailable) {
		t.Fatalf("save: %v", err)
	}
	k, err := keys.Lookup(ctx, "openai", "OPENAI_API_KEY")
	if err != nil || k.Source != SourceEnv {
		t.Fatalf("lookup: %v %v", k, err)
	}
	info, err := keys.Describe(ctx, "openai", "OPENAI_API_KEY")
	if err != nil || info.KeychainAvailable || info.KeychainReason == "" || !info.Set || info.Source != SourceEnv || info.Hint != "…ijkl" {
		t.Fatalf("describe: %+v %v", info, err)
	}
	if len(mem.Accounts()) != 0 {
		t.Fatal("something was stored")
	}
}

func TestKeyNeverPrinted(t *testing.T) {
	const secret = "sk-very-secret-0123456789"
	k := Key{Value: secret, Source: SourceKeychain}
	b, _ := json.Marshal(k)
	for _, s := range []string{fmt.Sprint(k), fmt.Sprintf("%v %+v %#v %s", k, k, k, k), string(b)} {
		if strings.Contains(s, secret) {
			t.Fatalf("secret printed: %s", s)
		}
	}
	if Hint(secret) != "…6789" || Hint("short") != "set" || Hint("") != "not set" {
		t.Fatal("Hint")
	}
}

func TestValidEnvName(t *testing.T) {
	for n, want := range map[string]bool{"OPENAI_API_KEY": true, "_X1": true, "1X": false, "A-B": false, "": false, "A B": false} {
		if ValidEnvName(n) != want {
			t.Errorf("%q", n)
		}
	}
	if ProviderAccount("abc") != "provider/abc" {
		t.Fatal("account")
	}
}
