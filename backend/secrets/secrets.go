// Package secrets keeps API keys in the OS keychain (go-keyring: Secret
// Service on Linux, Keychain on macOS, Credential Manager on Windows) under
// service "BookBag", one account per provider ("provider/<id>").
//
// Keys are read in the Go process only when a request is made and are never
// written anywhere else: not to SQLite, logs, events or the webview (which
// sees at most Hint's last four characters). Where no keychain answers
// (headless Linux without a Secret Service), Keys falls back to an
// environment variable named in the provider's settings; there is no
// plaintext file fallback, by design.
//
// Every keychain call has a deadline: an unlock prompt can wait forever, so
// the call runs in a goroutine and is abandoned (reported as "no usable
// keychain") after the timeout.
package secrets

import (
	"context"
	"errors"
)

// Service is the keychain service name of every BookBag secret.
const Service = "BookBag"

// Errors a Store returns (wrapped in apperr errors; test with errors.Is).
var (
	ErrNotFound    = errors.New("secret not found")
	ErrUnavailable = errors.New("no usable keychain")
	ErrTooLarge    = errors.New("secret too large for the keychain")
)

// Store keeps secrets by account name. Implementations: Keyring (the OS
// keychain) and Memory (tests).
type Store interface {
	// Set saves or replaces the secret of account.
	Set(ctx context.Context, account, secret string) error
	// Get returns the secret, ErrNotFound, or ErrUnavailable.
	Get(ctx context.Context, account string) (string, error)
	// Delete removes the secret; a missing one is not an error.
	Delete(ctx context.Context, account string) error
	// Status probes whether the store answers.
	Status(ctx context.Context) Status
}

// Status says whether a keychain answers, for the Models page.
type Status struct {
	Available bool   `json:"available"`
	Backend   string `json:"backend"`          // "Secret Service", "macOS Keychain", …
	Reason    string `json:"reason,omitempty"` // why not, in words
}

// ProviderAccount is the account that holds a provider's key.
func ProviderAccount(providerID string) string { return "provider/" + providerID }
