package secrets

import (
	"context"
	"errors"
	"strings"

	"bookbag/backend/apperr"
)

// Source says where a key came from.
type Source string

const (
	SourceKeychain Source = "keychain"
	SourceEnv      Source = "env"
	SourceNone     Source = "none"
)

// Key is a provider's key and where it was found. Value must never be
// logged, stored or sent to the webview; its JSON form omits it.
type Key struct {
	Value  string `json:"-"`
	Source Source `json:"source"`
	EnvVar string `json:"envVar,omitempty"` // set when Source is SourceEnv
}

// String hides the value so a key printed by mistake shows nothing secret.
func (k Key) String() string { return "key from " + string(k.Source) + " (" + Hint(k.Value) + ")" }

// GoString hides the value from %#v too.
func (k Key) GoString() string { return k.String() }

// Hint shows at most the last four characters of a key ("…abcd"), and none
// of a key too short for that to be safe.
func Hint(key string) string {
	if len(key) < 12 {
		if key == "" {
			return "not set"
		}
		return "set"
	}
	return "…" + key[len(key)-4:]
}

// KeyInfo describes a provider's key for the Models page.
type KeyInfo struct {
	Set               bool   `json:"set"`
	Source            Source `json:"source"`
	Hint              string `json:"hint"`
	EnvVar            string `json:"envVar,omitempty"`
	KeychainAvailable bool   `json:"keychainAvailable"`
	KeychainReason    string `json:"keychainReason,omitempty"`
}

// Keys finds provider keys: the keychain first, then the environment
// variable the provider's settings name.
type Keys struct {
	store  Store
	getenv func(string) string
}

// NewKeys combines a store with an environment reader (os.Getenv in the app).
func NewKeys(store Store, getenv func(string) string) *Keys {
	return &Keys{store: store, getenv: getenv}
}

// Lookup returns the key of providerID. envVar (may be empty) is the
// fallback. No key anywhere is not an error: local providers need none, and
// the provider answers "needs an API key" itself.
func (k *Keys) Lookup(ctx context.Context, providerID, envVar string) (Key, error) {
	s, err := k.store.Get(ctx, ProviderAccount(providerID))
	switch {
	case err == nil && s != "":
		return Key{Value: s, Source: SourceKeychain}, nil
	case err == nil, errors.Is(err, ErrNotFound), errors.Is(err, ErrUnavailable):
		// Fall back to the environment.
	default:
		return Key{}, err // cancelled
	}
	if envVar != "" && ValidEnvName(envVar) {
		if v := strings.TrimSpace(k.getenv(envVar)); v != "" {
			return Key{Value: v, Source: SourceEnv, EnvVar: envVar}, nil
		}
	}
	return Key{Source: SourceNone}, nil
}

// Save puts a key in the keychain. Without a keychain it fails with a
// sentence that names the environment variable to use instead.
func (k *Keys) Save(ctx context.Context, providerID, key, envVar string) error {
	key = strings.TrimSpace(key)
	if key == "" {
		return apperr.New(apperr.Invalid, "the key is empty")
	}
	err := k.store.Set(ctx, ProviderAccount(providerID), key)
	if errors.Is(err, ErrUnavailable) {
		msg := "no system keychain answers, so the key cannot be saved; set it in an environment variable"
		if envVar != "" {
			msg += " (" + envVar + ")"
		}
		return apperr.Wrap(err, apperr.Unavailable, "%s and restart BookBag", msg)
	}
	return err
}

// Remove deletes a provider's key from the keychain.
func (k *Keys) Remove(ctx context.Context, providerID string) error {
	return k.store.Delete(ctx, ProviderAccount(providerID))
}

// Describe reports where a provider's key would come from, without the key.
func (k *Keys) Describe(ctx context.Context, providerID, envVar string) (KeyInfo, error) {
	st := k.store.Status(ctx)
	key, err := k.Lookup(ctx, providerID, envVar)
	if err != nil {
		return KeyInfo{}, err
	}
	return KeyInfo{
		Set: key.Source != SourceNone, Source: key.Source, Hint: Hint(key.Value), EnvVar: key.EnvVar,
		KeychainAvailable: st.Available, KeychainReason: st.Reason,
	}, nil
}
