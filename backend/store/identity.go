package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/google/uuid"

	"bookbag/backend/apperr"
)

// Identity is this device and its local user; rows record them as device_id
// and author_id.
type Identity struct {
	DeviceID    string `json:"deviceId"`
	UserID      string `json:"userId"`
	DisplayName string `json:"displayName"`
}

// NewID returns a new UUIDv7 (time-ordered) for a synced row.
func NewID() string { return uuid.Must(uuid.NewV7()).String() }

// Identity returns the local identity loaded at Open.
func (db *DB) Identity() Identity { return db.identity }

// loadIdentity reads the identity row, creating it on first run.
func (db *DB) loadIdentity(ctx context.Context) error {
	err := db.W.QueryRowContext(ctx, `SELECT device_id, user_id, display_name FROM identity WHERE id = 1`).
		Scan(&db.identity.DeviceID, &db.identity.UserID, &db.identity.DisplayName)
	if err == nil {
		return nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("read identity: %w", err)
	}
	id := Identity{DeviceID: NewID(), UserID: NewID(), DisplayName: defaultDisplayName()}
	now := db.Now()
	if _, err := db.W.ExecContext(ctx, `INSERT INTO identity (id, device_id, user_id, display_name, created_at, updated_at)
		VALUES (1, ?, ?, ?, ?, ?)`, id.DeviceID, id.UserID, id.DisplayName, now, now); err != nil {
		return fmt.Errorf("create identity: %w", err)
	}
	db.identity = id
	return nil
}

func defaultDisplayName() string {
	for _, k := range []string{"USER", "USERNAME"} {
		if v := strings.TrimSpace(os.Getenv(k)); v != "" {
			return v
		}
	}
	return "Me"
}

// SetDisplayName changes the local user's display name.
func (db *DB) SetDisplayName(ctx context.Context, name string) (Identity, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 80 {
		return Identity{}, apperr.New(apperr.Invalid, "a display name needs 1 to 80 characters")
	}
	if _, err := db.W.ExecContext(ctx, `UPDATE identity SET display_name = ?, updated_at = ? WHERE id = 1`, name, db.Now()); err != nil {
		return Identity{}, fmt.Errorf("update display name: %w", err)
	}
	db.identity.DisplayName = name
	return db.identity, nil
}
