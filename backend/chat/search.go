package chat

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"bookbag/backend/apperr"
)

// Highlight markers around matched terms in snippets. Private-use characters
// cannot collide with message text, and the UI never treats snippets as HTML.
const (
	MarkStart = "\uE000"
	MarkEnd   = "\uE001"
)

// SearchHit is one message that matched a search.
type SearchHit struct {
	MessageID   string  `json:"messageId"`
	ChatID      string  `json:"chatId"`
	ChatTitle   string  `json:"chatTitle"`
	WorkspaceID string  `json:"workspaceId"`
	Role        string  `json:"role"`
	Snippet     string  `json:"snippet"`
	Rank        float64 `json:"rank"`
	CreatedAt   int64   `json:"createdAt"`
}

// SearchQuery is a search over messages; an empty WorkspaceID searches all workspaces.
type SearchQuery struct {
	Query       string `json:"query"`
	WorkspaceID string `json:"workspaceId"`
	Limit       int    `json:"limit"`
	Offset      int    `json:"offset"`
}

// ftsQuery turns what a person typed into an FTS5 query: every word must
// appear (prefix match on the last one, as they may still be typing); words
// are quoted so that FTS syntax characters in them are harmless.
func ftsQuery(q string) string {
	var terms []string
	for _, w := range strings.FieldsFunc(q, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) && r != '_' }) {
		terms = append(terms, `"`+w+`"`)
	}
	if len(terms) == 0 {
		return ""
	}
	if !strings.HasSuffix(q, " ") {
		terms[len(terms)-1] += "*"
	}
	return strings.Join(terms, " ")
}

// Search finds messages by their words, best matches first (BM25), with a
// snippet around the match.
func (s *Service) Search(ctx context.Context, q SearchQuery) ([]SearchHit, error) {
	fq := ftsQuery(q.Query)
	if fq == "" {
		return []SearchHit{}, nil
	}
	if q.Limit <= 0 || q.Limit > 100 {
		q.Limit = 30
	}
	if q.Offset < 0 {
		return nil, apperr.New(apperr.Invalid, "bad offset")
	}
	sqlq := `SELECT m.id, m.chat_id, c.title, m.workspace_id, m.role,
			snippet(messages_fts, 0, ?, ?, '…', 16), bm25(messages_fts) AS r, m.created_at
		FROM messages_fts
		JOIN messages m ON m.rowid = messages_fts.rowid
		JOIN chats c ON c.id = m.chat_id
		JOIN workspaces w ON w.id = c.workspace_id AND w.deleted_at IS NULL -- a deleted workspace leaves search at once
		WHERE messages_fts MATCH ? AND m.deleted_at IS NULL AND c.deleted_at IS NULL`
	args := []any{MarkStart, MarkEnd, fq}
	if q.WorkspaceID != "" {
		sqlq += ` AND m.workspace_id = ?`
		args = append(args, q.WorkspaceID)
	}
	sqlq += ` ORDER BY r LIMIT ? OFFSET ?`
	args = append(args, q.Limit, q.Offset)
	rows, err := s.db.R.QueryContext(ctx, sqlq, args...)
	if err != nil {
		return nil, fmt.Errorf("search messages: %w", err)
	}
	defer rows.Close()
	hits := []SearchHit{}
	for rows.Next() {
		var h SearchHit
		if err := rows.Scan(&h.MessageID, &h.ChatID, &h.ChatTitle, &h.WorkspaceID, &h.Role, &h.Snippet, &h.Rank, &h.CreatedAt); err != nil {
			return nil, fmt.Errorf("search messages: %w", err)
		}
		hits = append(hits, h)
	}
	return hits, rows.Err()
}

// OpenAt shows the branch that contains a message (a search result) and
// returns the chat's view around it.
func (s *Service) OpenAt(ctx context.Context, messageID string) (ChatView, error) {
	m, err := s.GetMessage(ctx, messageID)
	if err != nil {
		return ChatView{}, err
	}
	c, err := s.GetChat(ctx, m.ChatID)
	if err != nil {
		return ChatView{}, err
	}
	t, err := loadTree(ctx, s.db.R, m.ChatID)
	if err != nil {
		return ChatView{}, err
	}
	for _, id := range t.path(c.ActiveLeafID) {
		if id == messageID {
			return s.ViewChat(ctx, m.ChatID, 0, "")
		}
	}
	return s.SwitchBranch(ctx, messageID)
}
