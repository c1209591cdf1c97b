package chat

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"bookbag/backend/apperr"
	"bookbag/backend/sqlkit"
	"bookbag/backend/store"
)

const chatCols = `c.id, c.workspace_id, c.title, c.model_ref, COALESCE(c.profile_id, ''), c.system_prompt, c.params, c.pinned,
	COALESCE(c.archived_at, 0), c.shared, COALESCE(c.active_leaf_id, ''), c.source, c.author_id, c.created_at, c.updated_at`

func scanChat(row interface{ Scan(...any) error }) (Chat, error) {
	var c Chat
	var params string
	var pinned, shared int
	err := row.Scan(&c.ID, &c.WorkspaceID, &c.Title, &c.ModelRef, &c.ProfileID, &c.SystemPrompt, &params, &pinned,
		&c.ArchivedAt, &shared, &c.ActiveLeafID, &c.Source, &c.AuthorID, &c.CreatedAt, &c.UpdatedAt)
	if err != nil {
		return c, err
	}
	c.Pinned, c.Shared = pinned == 1, shared == 1
	_ = json.Unmarshal([]byte(params), &c.Params) // a damaged override is ignored, not fatal
	return c, nil
}

// GetChat returns a live chat.
func (s *Service) GetChat(ctx context.Context, id string) (Chat, error) {
	c, err := scanChat(s.db.R.QueryRowContext(ctx, `SELECT `+chatCols+` FROM chats c WHERE c.id = ? AND c.deleted_at IS NULL`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Chat{}, apperr.New(apperr.NotFound, "chat not found")
	}
	if err != nil {
		return Chat{}, fmt.Errorf("get chat: %w", err)
	}
	return c, nil
}

// CreateChat starts an empty chat in a workspace, with an optional model.
func (s *Service) CreateChat(ctx context.Context, workspaceID, modelRef string) (Chat, error) {
	if workspaceID == "" {
		return Chat{}, apperr.New(apperr.Invalid, "a chat needs a workspace")
	}
	id := store.NewID()
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		return tx.Insert(ctx, "chats", id, workspaceID, store.Values{"model_ref": modelRef})
	})
	if err != nil {
		return Chat{}, fmt.Errorf("create chat: %w", err)
	}
	s.changed(workspaceID, "chats")
	return s.GetChat(ctx, id)
}

// ListChats returns a page of a workspace's chats: pinned first, then the
// most recently active. Pass the returned cursor for the next page.
func (s *Service) ListChats(ctx context.Context, f ListFilter) (ChatPage, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	q, args, err := listSQL(f)
	if err != nil {
		return ChatPage{}, err
	}
	rows, err := s.db.R.QueryContext(ctx, q, args...)
	if err != nil {
		return ChatPage{}, fmt.Errorf("list chats: %w", err)
	}
	defer rows.Close()
	page := ChatPage{Chats: []Chat{}}
	for rows.Next() {
		c, err := scanChat(rows)
		if err != nil {
			return ChatPage{}, fmt.Errorf("list chats: %w", err)
		}
		page.Chats = append(page.Chats, c)
	}
	if err := rows.Err(); err != nil {
		return ChatPage{}, fmt.Errorf("list chats: %w", err)
	}
	if len(page.Chats) > f.Limit {
		page.Chats = page.Chats[:f.Limit]
		last := page.Chats[f.Limit-1]
		page.Cursor = fmt.Sprintf("%d|%d|%s", boolInt(last.Pinned), last.UpdatedAt, last.ID)
	}
	return page, nil
}

// listSQL is the sidebar query: with a workspace, the index chats_list gives
// the rows in order (no sort of every chat of the workspace).
func listSQL(f ListFilter) (string, []any, error) {
	q := `SELECT ` + chatCols + ` FROM chats c WHERE c.deleted_at IS NULL`
	args := []any{}
	if f.WorkspaceID != "" {
		q += ` AND c.workspace_id = ?`
		args = append(args, f.WorkspaceID)
	}
	if f.Archived {
		q += ` AND c.archived_at IS NOT NULL`
	} else {
		q += ` AND c.archived_at IS NULL`
	}
	if f.Cursor != "" {
		pinned, updated, id, err := parseCursor(f.Cursor)
		if err != nil {
			return "", nil, err
		}
		q += ` AND (c.pinned, c.updated_at, c.id) < (?, ?, ?)`
		args = append(args, pinned, updated, id)
	}
	q += ` ORDER BY c.pinned DESC, c.updated_at DESC, c.id DESC LIMIT ?`
	args = append(args, f.Limit+1)
	return q, args, nil
}

func parseCursor(c string) (pinned int, updated int64, id string, err error) {
	parts := strings.SplitN(c, "|", 3)
	if len(parts) != 3 {
		return 0, 0, "", apperr.New(apperr.Invalid, "bad page cursor")
	}
	p, err1 := strconv.Atoi(parts[0])
	u, err2 := strconv.ParseInt(parts[1], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, 0, "", apperr.New(apperr.Invalid, "bad page cursor")
	}
	return p, u, parts[2], nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// update changes columns of a live chat and announces it.
func (s *Service) update(ctx context.Context, id string, v store.Values) (Chat, error) {
	c, err := s.GetChat(ctx, id)
	if err != nil {
		return Chat{}, err
	}
	if err := s.db.Tx(ctx, func(tx *store.Tx) error { return tx.Update(ctx, "chats", id, v) }); err != nil {
		return Chat{}, fmt.Errorf("update chat: %w", err)
	}
	s.changed(c.WorkspaceID, "chats")
	return s.GetChat(ctx, id)
}

// RenameChat sets a chat's title.
func (s *Service) RenameChat(ctx context.Context, id, title string) (Chat, error) {
	t, err := validTitle(title)
	if err != nil {
		return Chat{}, err
	}
	if t == "" {
		return Chat{}, apperr.New(apperr.Invalid, "a title cannot be empty")
	}
	return s.update(ctx, id, store.Values{"title": t})
}

// SetPinned pins a chat to the top of the list (favourite) or unpins it.
func (s *Service) SetPinned(ctx context.Context, id string, pinned bool) (Chat, error) {
	return s.update(ctx, id, store.Values{"pinned": boolInt(pinned)})
}

// SetArchived moves a chat to or from the archive.
func (s *Service) SetArchived(ctx context.Context, id string, archived bool) (Chat, error) {
	var at any
	if archived {
		at = s.db.Now()
	}
	return s.update(ctx, id, store.Values{"archived_at": at})
}

// ChatSettings are a chat's model and parameter choices.
type ChatSettings struct {
	ModelRef     string    `json:"modelRef"`
	ProfileID    string    `json:"profileId"`
	SystemPrompt string    `json:"systemPrompt"`
	Params       Overrides `json:"params"`
}

// SetChatSettings changes a chat's model, profile, system prompt and overrides.
func (s *Service) SetChatSettings(ctx context.Context, id string, cs ChatSettings) (Chat, error) {
	if len(cs.SystemPrompt) > maxMessageChars {
		return Chat{}, apperr.New(apperr.Invalid, "the system prompt is too long")
	}
	if err := validOverrides(cs.Params); err != nil {
		return Chat{}, err
	}
	params, _ := json.Marshal(cs.Params)
	var profile any
	if cs.ProfileID != "" {
		profile = cs.ProfileID
	}
	return s.update(ctx, id, store.Values{"model_ref": strings.TrimSpace(cs.ModelRef), "profile_id": profile,
		"system_prompt": cs.SystemPrompt, "params": string(params)})
}

func validOverrides(o Overrides) error {
	switch {
	case o.Temperature != nil && (*o.Temperature < 0 || *o.Temperature > 2):
		return apperr.New(apperr.Invalid, "temperature must be between 0 and 2")
	case o.TopP != nil && (*o.TopP <= 0 || *o.TopP > 1):
		return apperr.New(apperr.Invalid, "top_p must be above 0 and at most 1")
	case o.MaxTokens != nil && (*o.MaxTokens < 1 || *o.MaxTokens > 1_000_000):
		return apperr.New(apperr.Invalid, "max output tokens must be between 1 and 1,000,000")
	case o.ContextLength != nil && (*o.ContextLength < 256 || *o.ContextLength > 10_000_000):
		return apperr.New(apperr.Invalid, "context length must be between 256 and 10,000,000")
	}
	return nil
}

// MoveChat moves a chat and its messages to another workspace, once no
// answer in it is being written.
func (s *Service) MoveChat(ctx context.Context, id, workspaceID string) (Chat, error) {
	c, err := s.GetChat(ctx, id)
	if err != nil {
		return Chat{}, err
	}
	if workspaceID == c.WorkspaceID {
		return c, nil
	}
	// A run would go on writing its tool calls and usage under the
	// workspace the chat left; no run starts while turnMu is held.
	s.turnMu.Lock()
	defer s.turnMu.Unlock()
	if len(s.runsOfChat(id)) > 0 {
		return Chat{}, apperr.New(apperr.Conflict, "an answer is still being written in this chat: wait for it or stop it before moving the chat")
	}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		if err := s.liveWorkspace(ctx, tx, workspaceID); err != nil {
			return err
		}
		// Move is a re-parenting of synced rows: the helper stamps and logs each.
		if err := tx.Move(ctx, "chats", id, workspaceID); err != nil {
			return err
		}
		// Deleted messages stay behind as tombstones (there is nothing of them to move).
		ids, err := sqlkit.Strings(ctx, tx, `SELECT id FROM messages WHERE chat_id = ? AND deleted_at IS NULL`, id)
		if err != nil {
			return err
		}
		for _, mid := range ids {
			if err := tx.Move(ctx, "messages", mid, workspaceID); err != nil {
				return err
			}
		}
		// The chat's own documents go with it, so it keeps seeing them and
		// the old workspace does not.
		if s.docs == nil {
			return nil
		}
		return s.docs.MoveChatDocuments(ctx, tx, id, workspaceID)
	})
	if err != nil {
		return Chat{}, fmt.Errorf("move chat: %w", err)
	}
	s.changed(c.WorkspaceID, "chats")
	s.changed(workspaceID, "chats")
	return s.GetChat(ctx, id)
}
