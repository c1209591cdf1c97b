package secrets

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"time"

	"github.com/zalando/go-keyring"

	"bookbag/backend/apperr"
)

// DefaultTimeout bounds each keychain call.
const DefaultTimeout = 3 * time.Second

// probeAccount is looked up by Status; it never exists.
const probeAccount = "bookbag/probe"

// backend is go-keyring's API; tests substitute one that hangs or fails.
type backend interface {
	Set(service, user, password string) error
	Get(service, user string) (string, error)
	Delete(service, user string) error
}

type osKeyring struct{}

func (osKeyring) Set(s, u, p string) error        { return keyring.Set(s, u, p) }
func (osKeyring) Get(s, u string) (string, error) { return keyring.Get(s, u) }
func (osKeyring) Delete(s, u string) error        { return keyring.Delete(s, u) }

// KeyringOptions configure NewKeyring; zero values take the defaults.
type KeyringOptions struct {
	Service string        // default Service
	Timeout time.Duration // default DefaultTimeout
}

// Keyring is the OS keychain.
type Keyring struct {
	service string
	timeout time.Duration
	b       backend
}

// NewKeyring returns the OS keychain store.
func NewKeyring(o KeyringOptions) *Keyring {
	if o.Service == "" {
		o.Service = Service
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	return &Keyring{service: o.Service, timeout: o.Timeout, b: osKeyring{}}
}

var _ Store = (*Keyring)(nil)

// call runs f off the caller's goroutine and gives up at the deadline. The
// abandoned goroutine ends when the keychain finally answers (or never, if
// a prompt is left open); its result goes to a buffered channel nobody reads.
func (k *Keyring) call(ctx context.Context, f func() (string, error)) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	type result struct {
		s   string
		err error
	}
	ch := make(chan result, 1)
	go func() {
		s, err := f()
		ch <- result{s, err}
	}()
	t := time.NewTimer(k.timeout)
	defer t.Stop()
	select {
	case r := <-ch:
		return r.s, r.err
	case <-ctx.Done():
		return "", ctx.Err()
	case <-t.C:
		return "", fmt.Errorf("%w: the keychain did not answer within %s", ErrUnavailable, k.timeout)
	}
}

// mapErr gives go-keyring's errors this package's meaning: anything but
// "not found" and "too big" means the keychain is not usable.
func mapErr(err error, account string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, context.Canceled):
		return apperr.Wrap(err, apperr.Canceled, "the keychain request was stopped")
	case errors.Is(err, context.DeadlineExceeded):
		// The caller's deadline came first: to the caller, no keychain answered.
		return apperr.Wrap(fmt.Errorf("%w: %w", ErrUnavailable, err), apperr.Unavailable, "the system keychain is not available")
	case errors.Is(err, keyring.ErrNotFound), errors.Is(err, ErrNotFound):
		return apperr.Wrap(ErrNotFound, apperr.NotFound, "no secret is saved for %s", account)
	case errors.Is(err, keyring.ErrSetDataTooBig), errors.Is(err, ErrTooLarge):
		return apperr.Wrap(ErrTooLarge, apperr.Invalid, "the key is too long for the system keychain")
	case errors.Is(err, ErrUnavailable):
		return apperr.Wrap(err, apperr.Unavailable, "the system keychain is not available")
	}
	return apperr.Wrap(fmt.Errorf("%w: %s", ErrUnavailable, shorten(err.Error(), 200)), apperr.Unavailable, "the system keychain is not available")
}

// shorten bounds a D-Bus error text (they can be long) at n bytes.
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}

// Set saves secret for account.
func (k *Keyring) Set(ctx context.Context, account, secret string) error {
	_, err := k.call(ctx, func() (string, error) { return "", k.b.Set(k.service, account, secret) })
	return mapErr(err, account)
}

// Get returns account's secret.
func (k *Keyring) Get(ctx context.Context, account string) (string, error) {
	s, err := k.call(ctx, func() (string, error) { return k.b.Get(k.service, account) })
	if err != nil {
		return "", mapErr(err, account)
	}
	return s, nil
}

// Delete removes account's secret; a missing one is fine.
func (k *Keyring) Delete(ctx context.Context, account string) error {
	_, err := k.call(ctx, func() (string, error) { return "", k.b.Delete(k.service, account) })
	if errors.Is(err, keyring.ErrNotFound) {
		return nil
	}
	return mapErr(err, account)
}

// Status looks up an account that never exists: "not found" proves the
// keychain answers; any other outcome means it does not.
func (k *Keyring) Status(ctx context.Context) Status {
	st := Status{Backend: backendName()}
	_, err := k.Get(ctx, probeAccount)
	switch {
	case err == nil, errors.Is(err, ErrNotFound):
		st.Available = true
	default:
		st.Reason = apperr.MessageOf(err)
		var ae *apperr.Error
		if errors.As(err, &ae) && ae.Err != nil {
			st.Reason += ": " + ae.Err.Error()
		}
	}
	return st
}

func backendName() string {
	switch runtime.GOOS {
	case "darwin":
		return "macOS Keychain"
	case "windows":
		return "Windows Credential Manager"
	}
	return "Secret Service"
}
