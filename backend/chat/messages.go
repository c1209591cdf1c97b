package chat

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"bookbag/backend/apperr"
	"bookbag/backend/store"
)

const msgCols = `id, chat_id, COALESCE(parent_id, ''), role, kind, tool_name, tool_server, tool_call_id, content, thinking, model_ref, tokens_in, tokens_out,
	tokens_estimated, status, error, finish_reason, ttft_ms, tokens_per_sec, trimmed, citations, attachments, notes, author_id, created_at, updated_at`

func scanMessage(row interface{ Scan(...any) error }) (Message, error) {
	var m Message
	var estimated int
	var citations, attachments, notes string
	err := row.Scan(&m.ID, &m.ChatID, &m.ParentID, &m.Role, &m.Kind, &m.ToolName, &m.ToolServer, &m.ToolCallID, &m.Content, &m.Thinking, &m.ModelRef,
		&m.TokensIn, &m.TokensOut, &estimated, &m.Status, &m.Error, &m.FinishReason, &m.TTFTMs, &m.TokensPerSec, &m.Trimmed,
		&citations, &attachments, &notes, &m.AuthorID, &m.CreatedAt, &m.UpdatedAt)
	if err != nil {
		return m, err
	}
	m.TokensEstimated = estimated == 1
	m.Citations, m.Attachments, m.Notes = []Citation{}, []Attachment{}, []Note{}
	_ = json.Unmarshal([]byte(notes), &m.Notes)
	_ = json.Unmarshal([]byte(citations), &m.Citations)
	_ = json.Unmarshal([]byte(attachments), &m.Attachments)
	m.SiblingIDs = []string{}
	return m, nil
}

// getMessage returns a live message.
func (s *Service) getMessage(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, id string) (Message, error) {
	m, err := scanMessage(q.QueryRowContext(ctx, `SELECT `+msgCols+` FROM messages WHERE id = ? AND deleted_at IS NULL`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Message{}, apperr.New(apperr.NotFound, "message not found")
	}
	if err != nil {
		return Message{}, fmt.Errorf("get message: %w", err)
	}
	return m, nil
}

// GetMessage returns one message.
func (s *Service) GetMessage(ctx context.Context, id string) (Message, error) {
	return s.getMessage(ctx, s.db.R, id)
}

// treeSQL reads the shape of a chat's message tree and its token counts; the
// index messages_chat_tree covers it, so no message content is read.
const treeSQL = `SELECT id, COALESCE(parent_id, ''), created_at, tokens_in, tokens_out, tokens_estimated FROM messages
	WHERE chat_id = ? AND deleted_at IS NULL`

// loadTree reads the shape of a chat's message tree (ids and parents only)
// and the chat's token totals.
func loadTree(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, chatID string) (tree, error) {
	rows, err := q.QueryContext(ctx, treeSQL, chatID)
	if err != nil {
		return tree{}, fmt.Errorf("load message tree: %w", err)
	}
	defer rows.Close()
	var nodes []node
	var tot Totals
	for rows.Next() {
		var n node
		var in, out, est int
		if err := rows.Scan(&n.ID, &n.ParentID, &n.CreatedAt, &in, &out, &est); err != nil {
			return tree{}, fmt.Errorf("load message tree: %w", err)
		}
		nodes = append(nodes, n)
		tot.TokensIn += in
		tot.TokensOut += out
		tot.Estimated = tot.Estimated || est == 1
	}
	if err := rows.Err(); err != nil {
		return tree{}, fmt.Errorf("load message tree: %w", err)
	}
	t := newTree(nodes)
	tot.Messages = len(nodes)
	t.totals = tot
	return t, nil
}

// loadMessages reads full rows for ids, in the order given.
func (s *Service) loadMessages(ctx context.Context, ids []string) ([]Message, error) {
	out := make([]Message, 0, len(ids))
	byID := make(map[string]Message, len(ids))
	const batch = 500
	for start := 0; start < len(ids); start += batch {
		part := ids[start:min(start+batch, len(ids))]
		q := `SELECT ` + msgCols + ` FROM messages WHERE id IN (?` + strings.Repeat(",?", len(part)-1) + `)`
		args := make([]any, len(part))
		for i, id := range part {
			args[i] = id
		}
		rows, err := s.db.R.QueryContext(ctx, q, args...)
		if err != nil {
			return nil, fmt.Errorf("load messages: %w", err)
		}
		for rows.Next() {
			m, err := scanMessage(rows)
			if err != nil {
				rows.Close()
				return nil, fmt.Errorf("load messages: %w", err)
			}
			byID[m.ID] = m
		}
		rows.Close()
	}
	for _, id := range ids {
		if m, ok := byID[id]; ok {
			out = append(out, m)
		}
	}
	return out, nil
}

// ViewChat returns a chat and the messages of the branch shown, newest last.
// limit > 0 returns only the last limit messages before beforeID (or the end):
// a long chat opens with its newest page and loads older ones on scroll.
func (s *Service) ViewChat(ctx context.Context, chatID string, limit int, beforeID string) (ChatView, error) {
	return s.view(ctx, chatID, limit, beforeID, "")
}

// viewPage is how many of the newest messages a view returns after an action
// that names no page (switching an alternative, deleting, opening a search
// hit); older ones load page by page, as in an opened chat. viewContext is
// how many messages before the one acted on the view keeps.
const (
	viewPage    = 50
	viewContext = 10
)

// viewAround returns the branch's newest page, extended back to show the
// message acted on (and a few before it).
func (s *Service) viewAround(ctx context.Context, chatID, messageID string) (ChatView, error) {
	return s.view(ctx, chatID, viewPage, "", messageID)
}

func (s *Service) view(ctx context.Context, chatID string, limit int, beforeID, around string) (ChatView, error) {
	c, err := s.GetChat(ctx, chatID)
	if err != nil {
		return ChatView{}, err
	}
	t, err := loadTree(ctx, s.db.R, chatID)
	if err != nil {
		return ChatView{}, err
	}
	path := t.path(c.ActiveLeafID)
	if len(path) == 1 && path[0] == "" {
		path = nil // an empty chat
	}
	end := len(path)
	if beforeID != "" {
		for i, id := range path {
			if id == beforeID {
				end = i
				break
			}
		}
	}
	start := 0
	if limit > 0 && end-limit > 0 {
		start = end - limit
	}
	if around != "" {
		for i, id := range path[:end] {
			if id == around {
				start = min(start, max(0, i-viewContext))
				break
			}
		}
	}
	msgs, err := s.loadMessages(ctx, path[start:end])
	if err != nil {
		return ChatView{}, err
	}
	for i := range msgs {
		msgs[i].SiblingIDs = append([]string{}, t.siblings(msgs[i].ID)...)
	}
	return ChatView{Chat: c, Messages: msgs, Totals: t.totals, HasMore: start > 0}, nil
}

// SwitchBranch shows another alternative at a message's position: the branch
// continues with that alternative's newest descendants.
func (s *Service) SwitchBranch(ctx context.Context, messageID string) (ChatView, error) {
	m, err := s.GetMessage(ctx, messageID)
	if err != nil {
		return ChatView{}, err
	}
	var chatWS string
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		t, err := loadTree(ctx, tx, m.ChatID)
		if err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT workspace_id FROM chats WHERE id = ?`, m.ChatID).Scan(&chatWS); err != nil {
			return err
		}
		return tx.Update(ctx, "chats", m.ChatID, store.Values{"active_leaf_id": t.latestLeaf(messageID)})
	})
	if err != nil {
		return ChatView{}, fmt.Errorf("switch branch: %w", err)
	}
	s.changed(chatWS, "chats")
	return s.viewAround(ctx, m.ChatID, messageID)
}

// DeleteMessage removes a message and every reply below it (tombstones). The
// chat then shows the branch ending at its parent. While an answer among
// them is being written, nothing is deleted: stop it first.
func (s *Service) DeleteMessage(ctx context.Context, messageID string) (ChatView, error) {
	m, err := s.GetMessage(ctx, messageID)
	if err != nil {
		return ChatView{}, err
	}
	if r := s.runFor(messageID); r != nil {
		return ChatView{}, apperr.New(apperr.Conflict, "stop the answer before deleting it")
	}
	var ws string
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		t, err := loadTree(ctx, tx, m.ChatID)
		if err != nil {
			return err
		}
		doomed := []string{messageID}
		for i := 0; i < len(doomed); i++ {
			doomed = append(doomed, t.children[doomed[i]]...)
		}
		for _, id := range doomed[1:] {
			if s.runFor(id) != nil {
				// Its run would go on writing into a deleted answer.
				return apperr.New(apperr.Conflict, "an answer below it is still being written: stop it before deleting")
			}
		}
		for _, id := range doomed {
			if err := tx.Delete(ctx, "messages", id); err != nil {
				return err
			}
		}
		leaf := m.ParentID
		if sib := t.siblings(messageID); len(sib) > 1 {
			for i := len(sib) - 1; i >= 0; i-- {
				if sib[i] != messageID {
					leaf = t.latestLeaf(sib[i])
					break
				}
			}
		}
		var leafVal any
		if leaf != "" {
			leafVal = leaf
		}
		if err := tx.QueryRowContext(ctx, `SELECT workspace_id FROM chats WHERE id = ?`, m.ChatID).Scan(&ws); err != nil {
			return err
		}
		return tx.Update(ctx, "chats", m.ChatID, store.Values{"active_leaf_id": leafVal})
	})
	if err != nil {
		return ChatView{}, fmt.Errorf("delete message: %w", err)
	}
	s.changed(ws, "chats", "messages")
	return s.viewAround(ctx, m.ChatID, m.ParentID)
}
