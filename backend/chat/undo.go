package chat

import (
	"context"
	"fmt"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/store"
)

// undoWindow is how long a deleted chat can be brought back.
const undoWindow = 30 * time.Second

// undoEntry keeps what a tombstone cleared, in memory, for the undo window.
type undoEntry struct {
	chat     Chat
	messages []Message
	expires  time.Time
}

// DeleteChat turns a chat and its messages into tombstones (content cleared,
// search entries gone at once). It returns a token for UndoDelete, valid for
// the undo window while the app runs.
func (s *Service) DeleteChat(ctx context.Context, id string) (string, error) {
	c, err := s.GetChat(ctx, id)
	if err != nil {
		return "", err
	}
	for _, r := range s.runsOfChat(id) {
		r.cancel()
		<-r.done
	}
	t, err := loadTree(ctx, s.db.R, id)
	if err != nil {
		return "", err
	}
	ids := make([]string, 0, len(t.byID))
	for mid := range t.byID {
		ids = append(ids, mid)
	}
	msgs, err := s.loadMessages(ctx, ids)
	if err != nil {
		return "", err
	}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		for _, m := range msgs {
			if err := tx.Delete(ctx, "messages", m.ID); err != nil {
				return err
			}
		}
		return tx.Delete(ctx, "chats", id)
	})
	if err != nil {
		return "", fmt.Errorf("delete chat: %w", err)
	}
	token := store.NewID()
	s.mu.Lock()
	now := time.Now()
	for k, e := range s.undo {
		if now.After(e.expires) {
			delete(s.undo, k)
		}
	}
	s.undo[token] = undoEntry{chat: c, messages: msgs, expires: now.Add(undoWindow)}
	s.mu.Unlock()
	s.changed(c.WorkspaceID, "chats")
	return token, nil
}

// UndoDelete restores a chat deleted within the undo window.
func (s *Service) UndoDelete(ctx context.Context, token string) (Chat, error) {
	s.mu.Lock()
	e, ok := s.undo[token]
	delete(s.undo, token)
	s.mu.Unlock()
	if !ok || time.Now().After(e.expires) {
		return Chat{}, apperr.New(apperr.NotFound, "it is too late to undo that")
	}
	c := e.chat
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		params := mustJSON(c.Params)
		if err := tx.Restore(ctx, "chats", c.ID, store.Values{"title": c.Title, "system_prompt": c.SystemPrompt, "params": params}); err != nil {
			return err
		}
		for _, m := range e.messages {
			if err := tx.Restore(ctx, "messages", m.ID, store.Values{"content": m.Content, "thinking": m.Thinking,
				"citations": mustJSON(m.Citations), "attachments": mustJSON(m.Attachments), "error": m.Error}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return Chat{}, fmt.Errorf("undo delete: %w", err)
	}
	s.changed(c.WorkspaceID, "chats")
	return s.GetChat(ctx, c.ID)
}

func (s *Service) runsOfChat(chatID string) []*run {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*run
	for _, r := range s.runs {
		if r.chatID == chatID {
			out = append(out, r)
		}
	}
	return out
}
