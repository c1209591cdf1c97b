package server

import (
	"context"
	"fmt"
	"time"
)

// accountLimiter allows max failed logins per account in a sliding window,
// counted in the database (migration 0002), so that the limit holds across
// all server processes sharing it.
type accountLimiter struct {
	db     DB
	max    int
	window time.Duration
}

// blocked reports whether key has used up its failures, and for how long.
func (l accountLimiter) blocked(ctx context.Context, key string, now time.Time) (bool, time.Duration, error) {
	if l.max <= 0 {
		return false, 0, nil
	}
	rows, err := l.db.Reader().QueryContext(ctx, `SELECT at FROM login_failures WHERE account_key = $1 AND at > $2
		ORDER BY at DESC LIMIT $3`, key, now.Add(-l.window).UnixMilli(), l.max)
	if err != nil {
		return false, 0, fmt.Errorf("read failed logins: %w", err)
	}
	defer rows.Close()
	n, oldest := 0, int64(0)
	for rows.Next() {
		if err := rows.Scan(&oldest); err != nil {
			return false, 0, fmt.Errorf("read failed logins: %w", err)
		}
		n++
	}
	if err := rows.Err(); err != nil || n < l.max {
		return false, 0, err
	}
	// The max-th newest failure leaves the window first.
	return true, time.UnixMilli(oldest).Add(l.window).Sub(now), nil
}

// add records a failure of key (and forgets failures older than the window).
func (l accountLimiter) add(ctx context.Context, key string, now time.Time) error {
	if _, err := l.db.Writer().ExecContext(ctx, `INSERT INTO login_failures (account_key, at) VALUES ($1, $2)`, key, now.UnixMilli()); err != nil {
		return fmt.Errorf("record failed login: %w", err)
	}
	if _, err := l.db.Writer().ExecContext(ctx, `DELETE FROM login_failures WHERE at <= $1`, now.Add(-l.window).UnixMilli()); err != nil {
		return fmt.Errorf("forget old failed logins: %w", err)
	}
	return nil
}

// reset forgets key's failures (a successful login).
func (l accountLimiter) reset(ctx context.Context, key string) error {
	if _, err := l.db.Writer().ExecContext(ctx, `DELETE FROM login_failures WHERE account_key = $1`, key); err != nil {
		return fmt.Errorf("reset failed logins: %w", err)
	}
	return nil
}
