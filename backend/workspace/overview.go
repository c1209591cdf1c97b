package workspace

import (
	"context"
	"database/sql"
	"fmt"
)

// UsageDays is the window of the overview's token usage.
const UsageDays = 30

const dayMs = 24 * 60 * 60 * 1000

// Overview counts a workspace's chats, documents and chunks, the storage its
// documents' files use, and the tokens used per model over the last 30 days.
func (s *Service) Overview(ctx context.Context, workspaceID string) (Overview, error) {
	if _, err := s.Get(ctx, workspaceID); err != nil {
		return Overview{}, err
	}
	now := s.db.Now()
	today := now - now%dayMs
	o := Overview{WorkspaceID: workspaceID, Since: today - (UsageDays-1)*dayMs, Usage: []ModelUsage{}}
	// ReadOnly: a plain BEGIN (the pool's default is IMMEDIATE, which would take the write lock).
	tx, err := s.db.R.BeginTx(ctx, &sql.TxOptions{ReadOnly: true}) // one snapshot for every count
	if err != nil {
		return o, fmt.Errorf("workspace overview: %w", err)
	}
	defer tx.Rollback()
	counts := []struct {
		q   string
		dst any
	}{
		{`SELECT count(*) FROM chats WHERE workspace_id = ? AND deleted_at IS NULL`, &o.Chats},
		{`SELECT count(*) FROM messages WHERE workspace_id = ? AND deleted_at IS NULL`, &o.Messages},
		{`SELECT count(*) FROM documents WHERE workspace_id = ? AND deleted_at IS NULL`, &o.Documents},
		{`SELECT count(*) FROM chunks WHERE workspace_id = ?`, &o.Chunks},
		// Stored files, each once: documents' files and chats' images.
		{`SELECT COALESCE(SUM(size), 0) FROM (SELECT MAX(size) AS size FROM (
			SELECT sha256, size FROM documents WHERE workspace_id = ?1 AND deleted_at IS NULL AND sha256 != ''
			UNION ALL
			SELECT json_extract(a.value, '$.sha256') AS sha256, COALESCE(json_extract(a.value, '$.size'), 0) AS size
			FROM messages m, json_each(m.attachments) a
			WHERE m.workspace_id = ?1 AND m.attachments != '[]' AND m.deleted_at IS NULL
			AND json_valid(m.attachments) AND NOT COALESCE(json_extract(a.value, '$.missing'), 0)
			AND json_extract(a.value, '$.sha256') != '') GROUP BY sha256)`, &o.StorageBytes},
	}
	for _, c := range counts {
		if err := tx.QueryRowContext(ctx, c.q, workspaceID).Scan(c.dst); err != nil {
			return o, fmt.Errorf("workspace overview: %w", err)
		}
	}
	// Usage counts every answer, also of chats deleted since: the tokens were spent.
	rows, err := tx.QueryContext(ctx, `SELECT model_ref, SUM(tokens_in), SUM(tokens_out), count(*) FROM messages
		WHERE workspace_id = ? AND role = 'assistant' AND created_at >= ? AND model_ref != ''
		GROUP BY model_ref ORDER BY SUM(tokens_in) + SUM(tokens_out) DESC, model_ref`, workspaceID, o.Since)
	if err != nil {
		return o, fmt.Errorf("workspace usage: %w", err)
	}
	for rows.Next() {
		var u ModelUsage
		if err := rows.Scan(&u.ModelRef, &u.Input, &u.Output, &u.Answers); err != nil {
			rows.Close()
			return o, fmt.Errorf("workspace usage: %w", err)
		}
		o.Usage = append(o.Usage, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return o, fmt.Errorf("workspace usage: %w", err)
	}
	o.Daily = make([]DayUsage, UsageDays)
	for i := range o.Daily {
		o.Daily[i].Day = o.Since + int64(i)*dayMs
	}
	rows, err = tx.QueryContext(ctx, `SELECT (created_at - ?) / ?, SUM(tokens_in + tokens_out) FROM messages
		WHERE workspace_id = ? AND role = 'assistant' AND created_at >= ? GROUP BY 1`, o.Since, dayMs, workspaceID, o.Since)
	if err != nil {
		return o, fmt.Errorf("workspace daily usage: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var i, n int64
		if err := rows.Scan(&i, &n); err != nil {
			return o, fmt.Errorf("workspace daily usage: %w", err)
		}
		if i >= 0 && i < UsageDays {
			o.Daily[i].Tokens = n
		}
	}
	return o, rows.Err()
}
