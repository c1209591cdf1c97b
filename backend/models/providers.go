package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"bookbag/backend/apperr"
	"bookbag/backend/llm"
	"bookbag/backend/store"
)

const providerCols = `p.id, p.kind, p.preset, p.name, p.slug, p.base_url, p.key_env, p.enabled, p.created_at, p.updated_at,
	(SELECT count(*) FROM models m WHERE m.provider_id = p.id)`

func scanProvider(row interface{ Scan(...any) error }) (Provider, error) {
	var p Provider
	var enabled int
	err := row.Scan(&p.ID, &p.Kind, &p.Preset, &p.Name, &p.Slug, &p.connectURL, &p.KeyEnv, &enabled, &p.CreatedAt, &p.UpdatedAt, &p.ModelCount)
	p.BaseURL = shownURL(p.connectURL)
	p.Enabled = enabled == 1
	if pr, ok := llm.PresetByID(p.Preset); ok {
		p.KeyRequired, p.Local = pr.KeyRequired, pr.Local
	}
	return p, err
}

// ListProviders returns every provider with where its key comes from.
func (s *Service) ListProviders(ctx context.Context) ([]Provider, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+providerCols+` FROM providers p ORDER BY p.created_at`)
	if err != nil {
		return nil, fmt.Errorf("list providers: %w", err)
	}
	defer rows.Close()
	out := []Provider{}
	for rows.Next() {
		p, err := scanProvider(rows)
		if err != nil {
			return nil, fmt.Errorf("list providers: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list providers: %w", err)
	}
	// Once the keychain has not answered (locked: each ask may show an
	// unlock prompt and wait out the deadline), the rest are not asked.
	away := false
	for i := range out {
		if away {
			out[i].Key = s.cachedKeyStatus(out[i])
			continue
		}
		var answered bool
		out[i].Key, answered = s.keyStatus(ctx, out[i])
		away = !answered
	}
	return out, nil
}

// GetProvider returns one provider.
func (s *Service) GetProvider(ctx context.Context, id string) (Provider, error) {
	p, err := scanProvider(s.db.R.QueryRowContext(ctx, `SELECT `+providerCols+` FROM providers p WHERE p.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Provider{}, apperr.New(apperr.NotFound, "provider not found")
	}
	if err != nil {
		return Provider{}, fmt.Errorf("get provider: %w", err)
	}
	p.Key, _ = s.keyStatus(ctx, p)
	return p, nil
}

var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// normalise checks input against its preset and fills the preset's defaults.
func normalise(in ProviderInput) (ProviderInput, llm.Preset, error) {
	pr, ok := llm.PresetByID(in.Preset)
	if !ok {
		return in, pr, apperr.New(apperr.Invalid, "unknown provider type %q", in.Preset)
	}
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" {
		in.Name = pr.DisplayName
	}
	if len([]rune(in.Name)) > 80 {
		return in, pr, apperr.New(apperr.Invalid, "a provider name has at most 80 characters")
	}
	in.BaseURL = strings.TrimRight(strings.TrimSpace(in.BaseURL), "/")
	if in.BaseURL == "" {
		in.BaseURL = pr.BaseURL
	}
	if in.BaseURL == "" {
		return in, pr, apperr.New(apperr.Invalid, "%s needs a base URL", pr.DisplayName)
	}
	u, err := url.Parse(in.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return in, pr, apperr.New(apperr.Invalid, "the base URL must look like https://host/path")
	}
	// Credentials in the URL would be stored in SQLite and shown in full:
	// they belong in the keychain, as the API key.
	if u.User != nil {
		return in, pr, apperr.New(apperr.Invalid,
			"the base URL has a user name or password in it; remove it and put the key in the API key field (kept in the system keychain)")
	}
	if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return in, pr, apperr.New(apperr.Invalid,
			"the base URL must not have a query (?…) or a fragment (#…); an API key belongs in the API key field, not in the URL")
	}
	in.KeyEnv = strings.TrimSpace(in.KeyEnv)
	if in.KeyEnv == "" {
		in.KeyEnv = pr.KeyEnv
	}
	if in.KeyEnv != "" && !envName.MatchString(in.KeyEnv) {
		return in, pr, apperr.New(apperr.Invalid, "%q is not an environment variable name", in.KeyEnv)
	}
	in.APIKey = strings.TrimSpace(in.APIKey)
	if strings.ContainsAny(in.APIKey, " \t\r\n") {
		return in, pr, apperr.New(apperr.Invalid, "the API key has spaces or line breaks in it")
	}
	return in, pr, nil
}

// AddProvider creates a provider, storing its key in the keychain first: if
// the keychain refuses, nothing is created.
func (s *Service) AddProvider(ctx context.Context, in ProviderInput) (Provider, error) {
	in, pr, err := normalise(in)
	if err != nil {
		return Provider{}, err
	}
	id := store.NewID()
	if in.APIKey != "" {
		if err := s.setKey(ctx, id, in.APIKey); err != nil {
			return Provider{}, err
		}
	}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		slug, err := freeSlug(ctx, tx, in.Name, pr.ID)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO providers (id, kind, preset, name, slug, base_url, key_env, enabled, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`, id, string(pr.Kind), pr.ID, in.Name, slug, in.BaseURL, in.KeyEnv, tx.Now(), tx.Now())
		return err
	})
	if err != nil {
		if in.APIKey != "" {
			_ = s.keys.Delete(ctx, keyAccount(id))
		}
		return Provider{}, fmt.Errorf("add provider: %w", err)
	}
	s.changed("providers")
	return s.GetProvider(ctx, id)
}

// UpdateProvider edits a provider. An empty APIKey keeps the stored key.
func (s *Service) UpdateProvider(ctx context.Context, id string, in ProviderInput) (Provider, error) {
	old, err := s.GetProvider(ctx, id)
	if err != nil {
		return Provider{}, err
	}
	in.Preset = old.Preset // the type of a provider does not change
	in, _, err = normalise(in)
	if err != nil {
		return Provider{}, err
	}
	switch {
	case in.ClearKey:
		if err := s.keys.Delete(ctx, keyAccount(id)); err != nil {
			return Provider{}, apperr.Wrap(err, apperr.Unavailable, "could not remove the key from the keychain")
		}
	case in.APIKey != "":
		if err := s.setKey(ctx, id, in.APIKey); err != nil {
			return Provider{}, err
		}
	}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE providers SET name = ?, base_url = ?, key_env = ?, enabled = ?, updated_at = ? WHERE id = ?`,
			in.Name, in.BaseURL, in.KeyEnv, boolInt(in.Enabled), tx.Now(), id)
		return err
	})
	if err != nil {
		return Provider{}, fmt.Errorf("update provider: %w", err)
	}
	s.forget(id)
	s.changed("providers")
	return s.GetProvider(ctx, id)
}

// SetProviderEnabled turns a provider on or off without touching anything else.
func (s *Service) SetProviderEnabled(ctx context.Context, id string, enabled bool) (Provider, error) {
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE providers SET enabled = ?, updated_at = ? WHERE id = ?`, boolInt(enabled), tx.Now(), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.NotFound, "provider not found")
		}
		return nil
	})
	if err != nil {
		return Provider{}, err
	}
	s.forget(id)
	s.changed("providers")
	return s.GetProvider(ctx, id)
}

// RemoveProvider deletes a provider, its models and its key.
func (s *Service) RemoveProvider(ctx context.Context, id string) error {
	p, err := s.GetProvider(ctx, id)
	if err != nil {
		return err
	}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM providers WHERE id = ?`, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("remove provider: %w", err)
	}
	// Whatever the key status said: it reads "none" when the keychain did
	// not answer then, though a key may be stored.
	s.removeKey(ctx, id)
	if p.Preset == llm.PresetOllama {
		_ = s.setSetting(ctx, settingOllamaDismissed, "1") // do not add it back on the next start
	}
	s.forget(id)
	s.changed("providers", "models")
	return nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// ProvidersNeedingKeys lists the providers whose preset needs an API key,
// without asking the keychain (a backup reports them; it must not read keys
// or wait on an unlock prompt).
func (s *Service) ProvidersNeedingKeys(ctx context.Context) ([]Provider, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+providerCols+` FROM providers p ORDER BY p.created_at`)
	if err != nil {
		return nil, fmt.Errorf("list providers: %w", err)
	}
	defer rows.Close()
	out := []Provider{}
	for rows.Next() {
		p, err := scanProvider(rows)
		if err != nil {
			return nil, fmt.Errorf("list providers: %w", err)
		}
		if p.KeyRequired {
			out = append(out, p)
		}
	}
	return out, rows.Err()
}
