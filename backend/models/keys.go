package models

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/llm"
)

// keyTimeout bounds a keychain call: an unlock prompt has no timeout of its own.
const keyTimeout = 5 * time.Second

func withKeyDeadline(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, keyTimeout)
}

// setKey stores a key in the keychain, or explains why it cannot.
func (s *Service) setKey(ctx context.Context, providerID, key string) error {
	ctx, cancel := withKeyDeadline(ctx)
	defer cancel()
	if err := s.keys.Set(ctx, keyAccount(providerID), key); err != nil {
		if apperr.Is(err, apperr.Invalid) {
			return err // the keychain answered: "the key is too long for the system keychain"
		}
		return apperr.Wrap(err, apperr.Unavailable,
			"the system keychain did not accept the key; set it in an environment variable instead")
	}
	s.forget(providerID)
	s.removeStaleKeys(ctx) // the keychain answers: finish removals it missed
	return nil
}

// settingStaleKeys lists the providers removed while the keychain did not
// answer (ids, space-separated): their keys are deleted when it next does.
const settingStaleKeys = "models.stale_keys"

// removeKey deletes a removed provider's key, or notes it for later when
// the keychain does not answer, so no key outlives its provider.
func (s *Service) removeKey(ctx context.Context, providerID string) {
	kctx, cancel := withKeyDeadline(ctx)
	err := s.keys.Delete(kctx, keyAccount(providerID))
	cancel()
	if err == nil {
		return
	}
	s.log.Warn("remove provider key; retried when the keychain answers", "provider", providerID, "err", err)
	s.staleMu.Lock()
	defer s.staleMu.Unlock()
	ids := s.staleKeys(ctx)
	if !slices.Contains(ids, providerID) {
		ids = append(ids, providerID)
	}
	if err := s.setSetting(ctx, settingStaleKeys, strings.Join(ids, " ")); err != nil {
		s.log.Warn("note a key to remove later", "provider", providerID, "err", err)
	}
}

func (s *Service) staleKeys(ctx context.Context) []string {
	v, _, _ := s.db.GetSetting(ctx, settingStaleKeys)
	return strings.Fields(v)
}

// removeStaleKeys deletes the keys removeKey could not, up to the first
// the keychain refuses again.
func (s *Service) removeStaleKeys(ctx context.Context) {
	s.staleMu.Lock()
	defer s.staleMu.Unlock()
	ids := s.staleKeys(ctx)
	if len(ids) == 0 {
		return
	}
	done := 0
	for _, id := range ids {
		kctx, cancel := withKeyDeadline(ctx)
		err := s.keys.Delete(kctx, keyAccount(id))
		cancel()
		if err != nil {
			break
		}
		done++
	}
	if done == 0 {
		return
	}
	if err := s.setSetting(ctx, settingStaleKeys, strings.Join(ids[done:], " ")); err != nil {
		s.log.Warn("note keys to remove later", "err", err)
	}
}

// apiKey returns the key to use for a request: the keychain's, else the
// provider's environment variable. It is read only here, only when needed.
// final is false when the keychain did not answer and the provider goes on
// without a key: the keychain may only be locked for now, so the answer
// must not be kept.
func (s *Service) apiKey(ctx context.Context, p Provider) (key string, final bool, err error) {
	kctx, cancel := withKeyDeadline(ctx)
	defer cancel()
	key, found, err := s.keys.Get(kctx, keyAccount(p.ID))
	if err == nil && found {
		return key, true, nil
	}
	if p.KeyEnv != "" {
		if v := s.getenv(p.KeyEnv); v != "" {
			return v, true, nil
		}
	}
	if err != nil && p.KeyRequired {
		return "", false, apperr.Wrap(err, apperr.Unavailable,
			"the system keychain is not available; set %s in the environment to use %s", p.KeyEnv, p.Name)
	}
	return "", err == nil, nil
}

// keyStatus reports where a provider's key comes from, with its last four
// characters, cached so a page load does not hit the keychain every time.
// answered is false when the keychain did not answer; the status then says
// only what the environment holds, and is not kept.
func (s *Service) keyStatus(ctx context.Context, p Provider) (st KeyStatus, answered bool) {
	s.mu.Lock()
	st, ok := s.hints[p.ID]
	s.mu.Unlock()
	if ok {
		return st, true
	}
	kctx, cancel := withKeyDeadline(ctx)
	key, found, err := s.keys.Get(kctx, keyAccount(p.ID))
	cancel()
	if err != nil {
		return s.envKeyStatus(p), false
	}
	st = s.envKeyStatus(p)
	if found {
		st = KeyStatus{Source: KeyKeychain, Hint: hint(key)}
	}
	s.mu.Lock()
	s.hints[p.ID] = st
	s.mu.Unlock()
	return st, true
}

// cachedKeyStatus is the status a page load already saw, else the
// environment's, without asking the keychain.
func (s *Service) cachedKeyStatus(p Provider) KeyStatus {
	s.mu.Lock()
	st, ok := s.hints[p.ID]
	s.mu.Unlock()
	if ok {
		return st
	}
	return s.envKeyStatus(p)
}

// envKeyStatus is the key status without the keychain: the environment's.
func (s *Service) envKeyStatus(p Provider) KeyStatus {
	if p.KeyEnv != "" {
		if v := s.getenv(p.KeyEnv); v != "" {
			return KeyStatus{Source: KeyEnv, Hint: hint(v)}
		}
	}
	return KeyStatus{Source: KeyNone}
}

// hint shows at most the last 4 characters, and none of a short key.
func hint(key string) string {
	if len(key) < 12 {
		return "set"
	}
	return "…" + key[len(key)-4:]
}

// Keychain reports whether keys can be stored, by a harmless read.
func (s *Service) Keychain(ctx context.Context) KeychainState {
	kctx, cancel := withKeyDeadline(ctx)
	defer cancel()
	if _, _, err := s.keys.Get(kctx, "probe"); err != nil {
		return KeychainState{Reason: "No system keychain answered (on Linux: a Secret Service such as GNOME Keyring or KWallet)."}
	}
	s.removeStaleKeys(ctx)
	return KeychainState{Available: true}
}

// KeyEnvs names the environment variables providers read their keys from:
// every preset's and every configured provider's. Tool servers start
// without them (a server has no business with the app's keys).
func (s *Service) KeyEnvs(ctx context.Context) ([]string, error) {
	names := map[string]bool{}
	for _, p := range llm.Presets() {
		if p.KeyEnv != "" {
			names[p.KeyEnv] = true
		}
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT DISTINCT key_env FROM providers WHERE key_env != ''`)
	if err != nil {
		return nil, fmt.Errorf("list key variables: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("list key variables: %w", err)
		}
		names[n] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list key variables: %w", err)
	}
	return slices.Sorted(maps.Keys(names)), nil
}
