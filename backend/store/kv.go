package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// The settings table is a small key-value store of device-local values
// (never synced). Domains prefix their keys ("models.default_chat").

// GetSetting returns a local setting; ok is false when it was never set.
func (db *DB) GetSetting(ctx context.Context, key string) (value string, ok bool, err error) {
	err = db.R.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&value)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("read setting %s: %w", key, err)
	}
	return value, true, nil
}

// SetSetting writes a local setting.
func (db *DB) SetSetting(ctx context.Context, key, value string) error {
	return db.Tx(ctx, func(tx *Tx) error { return tx.SetSetting(ctx, key, value) })
}

// SetSetting writes a local setting inside a transaction.
func (tx *Tx) SetSetting(ctx context.Context, key, value string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`, key, value, tx.now)
	if err != nil {
		return fmt.Errorf("write setting %s: %w", key, err)
	}
	return nil
}

// SettingsWithPrefix returns the local settings whose key starts with prefix.
func (db *DB) SettingsWithPrefix(ctx context.Context, prefix string) (map[string]string, error) {
	rows, err := db.R.QueryContext(ctx, `SELECT key, value FROM settings WHERE substr(key, 1, length(?1)) = ?1`, prefix)
	if err != nil {
		return nil, fmt.Errorf("read settings %s*: %w", prefix, err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, fmt.Errorf("read settings %s*: %w", prefix, err)
		}
		out[k] = v
	}
	return out, rows.Err()
}
