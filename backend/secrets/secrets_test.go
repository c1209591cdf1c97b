package secrets

import (
	"context"
	"errors"
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
