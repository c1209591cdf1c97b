package server

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// accountLimiter allows max password checks that fail per account in a
// sliding window, counted in the database (migration 0002), so that the
// limit holds across all server processes sharing it.
type accountLimiter struct {
	db     DB
	max    func(ctx context.Context) (int, error) // a runtime setting
	window time.Duration
}

// reserve counts one attempt of key before its password is checked. The
// count and the new row are one transaction under the key's lock, so
// parallel attempts (from any address, on any server process) cannot all
// pass a check that only reads: at most max attempts per window reach the
// password check. A wrong password leaves its row as the failure; a right
// one clears them (reset). Blocked attempts add nothing.
func (l accountLimiter) reserve(ctx context.Context, key string, now time.Time) (bool, time.Duration, error) {
	max, err := l.max(ctx)
	if err != nil {
		return false, 0, err
	}
	if max <= 0 {
		return false, 0, nil
	}
	tx, err := l.db.Writer().BeginTx(ctx, nil)
	if err != nil {
		return false, 0, fmt.Errorf("count login attempt: %w", err)
	}
	defer tx.Rollback()
	if err := l.db.LockKey(ctx, tx, key); err != nil {
		return false, 0, fmt.Errorf("lock login attempts: %w", err)
	}
	n, oldest, err := l.recent(ctx, tx, key, now, max)
	if err != nil {
		return false, 0, err
	}
	if n >= max {
		// The max-th newest attempt leaves the window first.
		return true, time.UnixMilli(oldest).Add(l.window).Sub(now), nil
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO login_failures (account_key, at) VALUES ($1, $2)`, key, now.UnixMilli()); err != nil {
		return false, 0, fmt.Errorf("count login attempt: %w", err)
	}
	// Forget every account's attempts older than the window.
	if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE at <= $1`, now.Add(-l.window).UnixMilli()); err != nil {
		return false, 0, fmt.Errorf("forget old login attempts: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return false, 0, fmt.Errorf("count login attempt: %w", err)
	}
	return false, 0, nil
}

// recent counts key's attempts in the window, up to max, and returns the
// oldest of those counted.
func (l accountLimiter) recent(ctx context.Context, tx *sql.Tx, key string, now time.Time, max int) (int, int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT at FROM login_failures WHERE account_key = $1 AND at > $2
		ORDER BY at DESC LIMIT $3`, key, now.Add(-l.window).UnixMilli(), max)
	if err != nil {
		return 0, 0, fmt.Errorf("read login attempts: %w", err)
	}
	defer rows.Close()
	n, oldest := 0, int64(0)
	for rows.Next() {
		if err := rows.Scan(&oldest); err != nil {
			return 0, 0, fmt.Errorf("read login attempts: %w", err)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return 0, 0, fmt.Errorf("read login attempts: %w", err)
	}
	return n, oldest, nil
}

// reset forgets key's attempts (the right password was given).
func (l accountLimiter) reset(ctx context.Context, key string) error {
	if _, err := l.db.Writer().ExecContext(ctx, `DELETE FROM login_failures WHERE account_key = $1`, key); err != nil {
		return fmt.Errorf("reset failed logins: %w", err)
	}
	return nil
}
