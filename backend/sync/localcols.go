package sync

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"bookbag/backend/store"
)

// localColumns are columns of synced tables whose value belongs to the device,
// not to the shared row (SYNC.md, "Applying pulled changes"):
//   - workspaces: which one is this device's default, and whether it is
//     archived here;
//   - documents: the local index state (every device extracts, chunks and
//     embeds a document itself, with its own models);
//   - chats: pinned and archived, which a member reading someone else's
//     shared chat may set on their own copy (the branch shown is shared: it
//     is how readers see the author's newest answer).
//
// A pulled row keeps the local values of these columns, and a change that
// touched only these columns is not pushed (see sync_base).
var localColumns = map[string][]string{
	"workspaces": {"is_default", "archived_at"},
	"documents":  {"status", "error", "warning", "chunk_count", "page_count", "format"},
	"chats":      {"pinned", "archived_at"},
}

// stampColumns change with every write and say nothing about content.
var stampColumns = []string{"hlc", "device_id", "author_id", "updated_at"}

// contentHash is the SHA-256 of a snapshot's shared content: every column but
// the stamps and the table's local columns, as canonical JSON (numbers read
// as float64 so an integer written by SQLite and by the server compare equal).
func contentHash(table string, snap map[string]any) string {
	m := make(map[string]any, len(snap))
	for k, v := range snap {
		m[k] = v
	}
	for _, c := range stampColumns {
		delete(m, c)
	}
	for _, c := range localColumns[table] {
		delete(m, c)
	}
	b, _ := json.Marshal(m) // map keys are sorted
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// decodeSnapshot parses a snapshot into column -> value (numbers as float64).
func decodeSnapshot(raw []byte) (map[string]any, error) {
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("decode snapshot: %w", err)
	}
	if m == nil {
		return nil, errors.New("decode snapshot: not an object")
	}
	return m, nil
}

// base is the shared version of a row with local columns: its content hash
// and its stamps.
type base struct {
	hash, hlc, author, device string
	updated                   int64
}

// baseOf makes a base from a snapshot with the given stamps.
func baseOf(table string, snap map[string]any, hlc, author, device string) base {
	b := base{hash: contentHash(table, snap), hlc: hlc, author: author, device: device}
	if f, ok := snap["updated_at"].(float64); ok {
		b.updated = int64(f)
	} else if i, ok := snap["updated_at"].(int64); ok {
		b.updated = i
	}
	return b
}

// setBase records the shared version of a row as the server knows it.
func setBase(ctx context.Context, tx *store.Tx, ws, table, id string, b base) error {
	if _, ok := localColumns[table]; !ok {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO sync_base (table_name, row_id, workspace_id, hash, hlc, author_id, device_id, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (table_name, row_id) DO UPDATE SET workspace_id = excluded.workspace_id,
		hash = excluded.hash, hlc = excluded.hlc, author_id = excluded.author_id, device_id = excluded.device_id,
		updated_at = excluded.updated_at`, table, id, ws, b.hash, b.hlc, b.author, b.device, b.updated)
	if err != nil {
		return fmt.Errorf("record synced content: %w", err)
	}
	return nil
}

// getBase returns the recorded shared version of a row, if any.
func getBase(ctx context.Context, tx *store.Tx, table, id string) (base, bool, error) {
	var b base
	err := tx.QueryRowContext(ctx, `SELECT hash, hlc, author_id, device_id, updated_at FROM sync_base WHERE table_name = ? AND row_id = ?`,
		table, id).Scan(&b.hash, &b.hlc, &b.author, &b.device, &b.updated)
	if errors.Is(err, sql.ErrNoRows) {
		return b, false, nil
	}
	if err != nil {
		return b, false, fmt.Errorf("read synced content: %w", err)
	}
	return b, true, nil
}
