package tools

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/csvcell"
	"bookbag/backend/events"
	"bookbag/backend/store"
)

// CallEntry is one recorded tool call, hook or message action.
type CallEntry struct {
	ID          string `json:"id"`
	WorkspaceID string `json:"workspaceId"`
	ChatID      string `json:"chatId"`
	MessageID   string `json:"messageId"`
	UserID      string `json:"userId"`
	Server      string `json:"server"`
	Tool        string `json:"tool"`
	Kind        string `json:"kind"` // tool | hook | action
	Arguments   string `json:"arguments"`
	Decision    string `json:"decision"`
	Outcome     string `json:"outcome"` // ok | error | denied | canceled
	Detail      string `json:"detail"`
	DurationMs  int64  `json:"durationMs"`
	CreatedAt   int64  `json:"createdAt"`
}

// CallPage is a page of the record, newest first; pass Next as before to
// continue ("" when there is no more).
type CallPage struct {
	Entries []CallEntry `json:"entries"`
	Next    string      `json:"next"`
}

type callRecord struct {
	workspaceID, chatID, messageID string
	server, tool, kind             string
	arguments                      json.RawMessage
	decision, outcome, detail      string
	duration                       time.Duration
}

// maxRecordedArgs keeps the record small: arguments past it are cut.
const maxRecordedArgs = 16 << 10

func (s *Service) record(ctx context.Context, r callRecord) {
	args := string(r.arguments)
	if args == "" {
		args = "{}"
	}
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO tool_calls (id, workspace_id, chat_id, message_id, user_id, server, tool, kind,
			arguments, decision, outcome, detail, duration_ms, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			store.NewID(), r.workspaceID, r.chatID, r.messageID, s.userID, r.server, r.tool, r.kind, clip(args, maxRecordedArgs),
			r.decision, r.outcome, r.detail, r.duration.Milliseconds(), tx.Now())
		return err
	})
	if err != nil {
		s.log.Warn("record tool call", "server", r.server, "tool", r.tool, "err", err)
		return
	}
	s.emit.Emit(events.DataChanged, events.DataChangedPayload{WorkspaceID: r.workspaceID, Tables: []string{"tool_calls"}})
}

const callCols = `id, workspace_id, chat_id, message_id, user_id, server, tool, kind, arguments, decision, outcome, detail,
	duration_ms, created_at`

// Calls returns a page of a workspace's recorded calls, newest first.
func (s *Service) Calls(ctx context.Context, workspaceID, before string, limit int) (CallPage, error) {
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	q := `SELECT ` + callCols + ` FROM tool_calls WHERE workspace_id = ?`
	args := []any{workspaceID}
	if before != "" {
		var at int64
		if err := s.db.R.QueryRowContext(ctx, `SELECT created_at FROM tool_calls WHERE id = ?`, before).Scan(&at); err != nil {
			return CallPage{}, apperr.New(apperr.Invalid, "before must be the id of a recorded call")
		}
		q += ` AND (created_at < ? OR created_at = ? AND id < ?)`
		args = append(args, at, at, before)
	}
	q += ` ORDER BY created_at DESC, id DESC LIMIT ?`
	args = append(args, limit+1)
	rows, err := s.db.R.QueryContext(ctx, q, args...)
	if err != nil {
		return CallPage{}, fmt.Errorf("read tool calls: %w", err)
	}
	defer rows.Close()
	page := CallPage{Entries: []CallEntry{}}
	for rows.Next() {
		var e CallEntry
		if err := rows.Scan(&e.ID, &e.WorkspaceID, &e.ChatID, &e.MessageID, &e.UserID, &e.Server, &e.Tool, &e.Kind,
			&e.Arguments, &e.Decision, &e.Outcome, &e.Detail, &e.DurationMs, &e.CreatedAt); err != nil {
			return CallPage{}, fmt.Errorf("read tool calls: %w", err)
		}
		page.Entries = append(page.Entries, e)
	}
	if err := rows.Err(); err != nil {
		return CallPage{}, fmt.Errorf("read tool calls: %w", err)
	}
	if len(page.Entries) > limit {
		page.Entries = page.Entries[:limit]
		page.Next = page.Entries[limit-1].ID
	}
	return page, nil
}

// ExportCalls writes a workspace's whole record as CSV (format "csv") or
// JSON lines ("jsonl"), oldest first.
func (s *Service) ExportCalls(ctx context.Context, workspaceID, format string) ([]byte, error) {
	if format != "csv" && format != "jsonl" {
		return nil, apperr.New(apperr.Invalid, "unknown export format %q (csv or jsonl)", format)
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+callCols+` FROM tool_calls WHERE workspace_id = ? ORDER BY created_at, id`, workspaceID)
	if err != nil {
		return nil, fmt.Errorf("export tool calls: %w", err)
	}
	defer rows.Close()
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if format == "csv" {
		w.Write([]string{"time", "workspace", "chat", "message", "user", "server", "tool", "kind", "arguments", "decision",
			"outcome", "detail", "duration_ms"})
	}
	enc := json.NewEncoder(&buf)
	for rows.Next() {
		var e CallEntry
		if err := rows.Scan(&e.ID, &e.WorkspaceID, &e.ChatID, &e.MessageID, &e.UserID, &e.Server, &e.Tool, &e.Kind,
			&e.Arguments, &e.Decision, &e.Outcome, &e.Detail, &e.DurationMs, &e.CreatedAt); err != nil {
			return nil, fmt.Errorf("export tool calls: %w", err)
		}
		if format == "jsonl" {
			if err := enc.Encode(e); err != nil {
				return nil, err
			}
			continue
		}
		w.Write([]string{time.UnixMilli(e.CreatedAt).UTC().Format(time.RFC3339Nano), e.WorkspaceID, e.ChatID, e.MessageID,
			e.UserID, csvcell.Text(e.Server), csvcell.Text(e.Tool), e.Kind, csvcell.Text(e.Arguments), e.Decision, e.Outcome,
			csvcell.Text(e.Detail), strconv.FormatInt(e.DurationMs, 10)})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("export tool calls: %w", err)
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}
