package chat

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"bookbag/backend/sqlkit"
	"bookbag/backend/store"
)

// What other domains ask of chats and messages, through interfaces wired in
// app.go: a workspace's counts, usage and image files for its overview; the
// files messages name; whether a chat is there; and, inside the caller's
// transaction, the purge or tombstoning of a deleted workspace's chats and
// the forgetting of a chat a member may no longer see.

// Counts are a workspace's live chats and messages.
type Counts struct {
	Chats    int
	Messages int
}

// WorkspaceCounts counts a workspace's live chats and messages.
func (s *Service) WorkspaceCounts(ctx context.Context, q sqlkit.Queryer, workspaceID string) (Counts, error) {
	var c Counts
	err := q.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM chats WHERE workspace_id = ?1 AND deleted_at IS NULL),
		(SELECT count(*) FROM messages WHERE workspace_id = ?1 AND deleted_at IS NULL)`, workspaceID).Scan(&c.Chats, &c.Messages)
	if err != nil {
		return Counts{}, fmt.Errorf("count chats: %w", err)
	}
	return c, nil
}

// ModelUsage is the tokens one model's answers used.
type ModelUsage struct {
	ModelRef string
	Input    int64
	Output   int64
	Answers  int64
}

// Usage sums the tokens of a workspace's answers since a time (Unix ms),
// per model, most used first, and per day (index 0 is the day starting at
// since). Answers of chats deleted since count: the tokens were spent.
func (s *Service) Usage(ctx context.Context, q sqlkit.Queryer, workspaceID string, since, dayMs int64, days int) ([]ModelUsage, []int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT model_ref, SUM(tokens_in), SUM(tokens_out), count(*) FROM messages
		WHERE workspace_id = ? AND role = 'assistant' AND created_at >= ? AND model_ref != ''
		GROUP BY model_ref ORDER BY SUM(tokens_in) + SUM(tokens_out) DESC, model_ref`, workspaceID, since)
	if err != nil {
		return nil, nil, fmt.Errorf("read usage: %w", err)
	}
	defer rows.Close()
	models := []ModelUsage{}
	for rows.Next() {
		var u ModelUsage
		if err := rows.Scan(&u.ModelRef, &u.Input, &u.Output, &u.Answers); err != nil {
			return nil, nil, fmt.Errorf("read usage: %w", err)
		}
		models = append(models, u)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("read usage: %w", err)
	}
	rows.Close()
	daily := make([]int64, days)
	rows, err = q.QueryContext(ctx, `SELECT (created_at - ?) / ?, SUM(tokens_in + tokens_out) FROM messages
		WHERE workspace_id = ? AND role = 'assistant' AND created_at >= ? GROUP BY 1`, since, dayMs, workspaceID, since)
	if err != nil {
		return nil, nil, fmt.Errorf("read daily usage: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var i, n int64
		if err := rows.Scan(&i, &n); err != nil {
			return nil, nil, fmt.Errorf("read daily usage: %w", err)
		}
		if i >= 0 && i < int64(days) {
			daily[i] = n
		}
	}
	return models, daily, rows.Err()
}

// ImageFiles returns the stored files (hash to size) the workspace's live
// messages attach, each once.
func (s *Service) ImageFiles(ctx context.Context, q sqlkit.Queryer, workspaceID string) (map[string]int64, error) {
	// The condition attachments != '[]' is written out so SQLite uses the
	// partial index messages_with_attachments.
	out, err := sqlkit.Int64Map(ctx, q, `SELECT json_extract(a.value, '$.sha256'), MAX(COALESCE(json_extract(a.value, '$.size'), 0))
		FROM messages m, json_each(m.attachments) a
		WHERE m.workspace_id = ? AND m.attachments != '[]' AND m.deleted_at IS NULL
		AND json_valid(m.attachments) AND NOT COALESCE(json_extract(a.value, '$.missing'), 0)
		AND json_extract(a.value, '$.sha256') != '' GROUP BY 1`, workspaceID)
	if err != nil {
		return nil, fmt.Errorf("read attached files: %w", err)
	}
	return out, nil
}

// FileInUse reports whether a message (even a deleted one, whose undo may
// bring it back) attaches the stored file sum.
func (s *Service) FileInUse(ctx context.Context, q sqlkit.Queryer, sum string) (bool, error) {
	var used int
	err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM messages WHERE attachments LIKE '%' || ? || '%')`, sum).Scan(&used)
	if err != nil {
		return false, fmt.Errorf("check attached file: %w", err)
	}
	return used == 1, nil
}

// FilesNamed returns every stored file a message attaches, deleted messages
// included (as FileInUse counts them), for the sweep of unnamed files: any
// hash in the attachments text counts, as FileInUse's LIKE does.
func (s *Service) FilesNamed(ctx context.Context, q sqlkit.Queryer) (map[string]bool, error) {
	// attachments != '[]' is written out so SQLite reads the partial index
	// messages_with_attachments, not every message.
	rows, err := q.QueryContext(ctx, `SELECT attachments FROM messages WHERE attachments != '[]'`)
	if err != nil {
		return nil, fmt.Errorf("read attached files: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var atts string
		if err := rows.Scan(&atts); err != nil {
			return nil, fmt.Errorf("read attached files: %w", err)
		}
		for _, sum := range hexRuns(atts, 64) {
			out[sum] = true
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read attached files: %w", err)
	}
	return out, nil
}

// ChatIDs lists every chat of a workspace, deleted ones too.
func (s *Service) ChatIDs(ctx context.Context, q sqlkit.Queryer, workspaceID string) ([]string, error) {
	ids, err := sqlkit.Strings(ctx, q, `SELECT id FROM chats WHERE workspace_id = ?`, workspaceID)
	if err != nil {
		return nil, fmt.Errorf("list chats: %w", err)
	}
	return ids, nil
}

// ChatIn reports whether a live chat is in the workspace.
func (s *Service) ChatIn(ctx context.Context, q sqlkit.Queryer, chatID, workspaceID string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM chats WHERE id = ? AND workspace_id = ? AND deleted_at IS NULL`,
		chatID, workspaceID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("check chat: %w", err)
	}
	return n > 0, nil
}

// DeletedChats returns which of the chats are deleted (tombstones).
func (s *Service) DeletedChats(ctx context.Context, q sqlkit.Queryer, ids []string) ([]string, error) {
	var out []string
	for start := 0; start < len(ids); start += 500 {
		part := ids[start:min(start+500, len(ids))]
		args := make([]any, len(part))
		for i, id := range part {
			args[i] = id
		}
		got, err := sqlkit.Strings(ctx, q, `SELECT id FROM chats WHERE deleted_at IS NOT NULL AND id IN (`+
			strings.TrimSuffix(strings.Repeat("?,", len(part)), ",")+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("find deleted chats: %w", err)
		}
		out = append(out, got...)
	}
	return out, nil
}

// PurgeWorkspace hard-deletes the messages and chats of a never-shared
// workspace (messages of its chats filed elsewhere too) inside the
// caller's transaction, and returns the files the messages attached. The
// chats' documents must be gone first (they refer to the chats).
func (s *Service) PurgeWorkspace(ctx context.Context, tx *store.Tx, workspaceID string) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `DELETE FROM messages WHERE workspace_id = ?1
		OR chat_id IN (SELECT id FROM chats WHERE workspace_id = ?1) RETURNING attachments`, workspaceID)
	if err != nil {
		return nil, fmt.Errorf("purge messages: %w", err)
	}
	var files []string
	for rows.Next() {
		var att string
		if err := rows.Scan(&att); err != nil {
			rows.Close()
			return nil, fmt.Errorf("purge messages: %w", err)
		}
		files = append(files, attachmentFiles(att)...)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("purge messages: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM chats WHERE workspace_id = ?`, workspaceID); err != nil {
		return nil, fmt.Errorf("purge chats: %w", err)
	}
	return files, nil
}

// TombstoneWorkspace turns the live messages and chats of a shared, deleted
// workspace into tombstones (content cleared, each change logged so the
// delete travels) and returns the files the messages attached and how many
// rows changed.
func (s *Service) TombstoneWorkspace(ctx context.Context, tx *store.Tx, workspaceID string) ([]string, int, error) {
	var files []string
	n := 0
	rows, err := tx.QueryContext(ctx, `SELECT id, attachments FROM messages WHERE workspace_id = ? AND deleted_at IS NULL`, workspaceID)
	if err != nil {
		return nil, 0, fmt.Errorf("tombstone messages: %w", err)
	}
	var ids []string
	for rows.Next() {
		var id, att string
		if err := rows.Scan(&id, &att); err != nil {
			rows.Close()
			return nil, 0, fmt.Errorf("tombstone messages: %w", err)
		}
		ids = append(ids, id)
		files = append(files, attachmentFiles(att)...)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("tombstone messages: %w", err)
	}
	for _, id := range ids {
		if err := tx.Delete(ctx, "messages", id); err != nil {
			return nil, 0, err
		}
		n++
	}
	chats, err := sqlkit.Strings(ctx, tx, `SELECT id FROM chats WHERE workspace_id = ? AND deleted_at IS NULL`, workspaceID)
	if err != nil {
		return nil, 0, fmt.Errorf("tombstone chats: %w", err)
	}
	for _, id := range chats {
		if err := tx.Delete(ctx, "chats", id); err != nil {
			return nil, 0, err
		}
		n++
	}
	return files, n, nil
}

// ForgetChat hard-deletes a chat and its messages inside the caller's
// transaction: sync calls it for a chat this member may no longer see (not
// their data, so nothing is logged). The chat's documents must be gone
// first. It reports whether the chat was here.
func (s *Service) ForgetChat(ctx context.Context, tx *store.Tx, workspaceID, chatID string) (bool, error) {
	if _, err := tx.ExecContext(ctx, `DELETE FROM messages WHERE workspace_id = ? AND chat_id = ?`, workspaceID, chatID); err != nil {
		return false, fmt.Errorf("forget messages: %w", err)
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM chats WHERE workspace_id = ? AND id = ?`, workspaceID, chatID)
	if err != nil {
		return false, fmt.Errorf("forget chat: %w", err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// attachmentFiles reads the content hashes out of a message's attachments.
func attachmentFiles(raw string) []string {
	var atts []struct {
		SHA256 string `json:"sha256"`
	}
	if json.Unmarshal([]byte(raw), &atts) != nil {
		return nil
	}
	var out []string
	for _, a := range atts {
		if a.SHA256 != "" {
			out = append(out, a.SHA256)
		}
	}
	return out
}

// ForgetMessage hard-deletes one message inside the caller's transaction
// (sync: a message of a chat this member may no longer see). It reports
// whether it was here.
func (s *Service) ForgetMessage(ctx context.Context, tx *store.Tx, workspaceID, id string) (bool, error) {
	res, err := tx.ExecContext(ctx, `DELETE FROM messages WHERE id = ? AND workspace_id = ?`, id, workspaceID)
	if err != nil {
		return false, fmt.Errorf("forget message: %w", err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// WorkspaceRows is the chat domain's part of a workspace (messages and
// chats) for the workspace service's purge and tombstoning.
type WorkspaceRows struct{ s *Service }

// WorkspaceRows returns the chat domain's part of workspaces.
func (s *Service) WorkspaceRows() WorkspaceRows { return WorkspaceRows{s} }

func (WorkspaceRows) Name() string { return "chats" }

func (p WorkspaceRows) Purge(ctx context.Context, tx *store.Tx, workspaceID string) ([]string, error) {
	return p.s.PurgeWorkspace(ctx, tx, workspaceID)
}

func (p WorkspaceRows) Tombstone(ctx context.Context, tx *store.Tx, workspaceID string) ([]string, int, error) {
	return p.s.TombstoneWorkspace(ctx, tx, workspaceID)
}

// hexRuns returns the runs of exactly n lowercase hex digits in s.
func hexRuns(s string, n int) []string {
	var out []string
	start := -1
	for i := 0; i <= len(s); i++ {
		if i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] >= 'a' && s[i] <= 'f') {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 && i-start == n {
			out = append(out, s[start:i])
		}
		start = -1
	}
	return out
}
