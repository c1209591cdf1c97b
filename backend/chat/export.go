package chat

import (
	"context"
	"encoding/json"
	"fmt"
)

// ExportJSON returns a chat as a BookBag chat file (exportformat.go): the chat
// and every live message of every branch, parents first.
func (s *Service) ExportJSON(ctx context.Context, chatID string) ([]byte, error) {
	c, t, msgs, err := s.loadWholeChat(ctx, chatID)
	if err != nil {
		return nil, err
	}
	f := chatFile{Format: FileFormat, Version: FileVersion, ExportedAt: s.db.Now(), Chat: toFileChat(c),
		Messages: make([]fileMessage, 0, len(msgs))}
	for _, id := range t.preorder() {
		m, ok := msgs[id]
		if !ok {
			continue
		}
		if _, ok := t.byID[m.ParentID]; !ok {
			m.ParentID = "" // an orphan is a root in the file, as on screen
		}
		f.Messages = append(f.Messages, toFileMessage(m))
	}
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode chat: %w", err)
	}
	return b, nil
}

// ExportMarkdown returns the branch shown of a chat as a readable Markdown
// document (markdown.go).
func (s *Service) ExportMarkdown(ctx context.Context, chatID string) (string, error) {
	c, t, msgs, err := s.loadWholeChat(ctx, chatID)
	if err != nil {
		return "", err
	}
	path := t.path(c.ActiveLeafID)
	branch := make([]Message, 0, len(path))
	for _, id := range path {
		if m, ok := msgs[id]; ok {
			branch = append(branch, m)
		}
	}
	return renderMarkdown(c, branch), nil
}

// loadWholeChat reads a live chat, the shape of its tree and every live message.
func (s *Service) loadWholeChat(ctx context.Context, chatID string) (Chat, tree, map[string]Message, error) {
	c, err := s.GetChat(ctx, chatID)
	if err != nil {
		return Chat{}, tree{}, nil, err
	}
	t, err := loadTree(ctx, s.db.R, chatID)
	if err != nil {
		return Chat{}, tree{}, nil, err
	}
	ids := make([]string, 0, len(t.byID))
	for id := range t.byID {
		ids = append(ids, id)
	}
	list, err := s.loadMessages(ctx, ids)
	if err != nil {
		return Chat{}, tree{}, nil, err
	}
	msgs := make(map[string]Message, len(list))
	for _, m := range list {
		msgs[m.ID] = m
	}
	return c, t, msgs, nil
}
