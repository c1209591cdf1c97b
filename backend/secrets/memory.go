package secrets

import (
	"context"
	"fmt"
	"sync"
)

// Memory is an in-memory Store for tests. SetUnavailable makes it behave
// like a machine without a keychain.
type Memory struct {
	mu          sync.Mutex
	m           map[string]string
	unavailable bool
}

// NewMemory returns an empty, available store.
func NewMemory() *Memory { return &Memory{m: map[string]string{}} }

var _ Store = (*Memory)(nil)

// SetUnavailable switches the simulated keychain off or on.
func (m *Memory) SetUnavailable(v bool) {
	m.mu.Lock()
	m.unavailable = v
	m.mu.Unlock()
}

func (m *Memory) check(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if m.unavailable {
		return fmt.Errorf("%w: simulated", ErrUnavailable)
	}
	return nil
}

// Set saves secret.
func (m *Memory) Set(ctx context.Context, account, secret string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.check(ctx); err != nil {
		return mapErr(err, account)
	}
	m.m[account] = secret
	return nil
}

// Get returns the secret.
func (m *Memory) Get(ctx context.Context, account string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.check(ctx); err != nil {
		return "", mapErr(err, account)
	}
	s, ok := m.m[account]
	if !ok {
		return "", mapErr(ErrNotFound, account)
	}
	return s, nil
}

// Delete removes the secret.
func (m *Memory) Delete(ctx context.Context, account string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.check(ctx); err != nil {
		return mapErr(err, account)
	}
	delete(m.m, account)
	return nil
}

// Status reports the simulated availability.
func (m *Memory) Status(ctx context.Context) Status {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.unavailable {
		return Status{Backend: "memory", Reason: "the system keychain is not available (simulated)"}
	}
	return Status{Available: true, Backend: "memory"}
}

// Accounts lists the accounts that hold a secret (tests).
func (m *Memory) Accounts() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]string, 0, len(m.m))
	for a := range m.m {
		out = append(out, a)
	}
	return out
}
