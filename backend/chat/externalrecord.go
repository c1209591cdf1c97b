package chat

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"bookbag/backend/store"
)

// ExternalTurn is one question and answer made outside the app (the local
// API), kept as a chat of the workspace when the user asks for that.
type ExternalTurn struct {
	ModelRef  string
	Question  string
	Answer    string
	TokensIn  int
	TokensOut int
	Estimated bool
	Sources   []Source // numbered [1], [2]… as the model got them
}

// SourceAPI marks chats that record answers given through the local API.
const SourceAPI = "api"

// RecordExternal stores a turn as a new chat (source "api") in the
// workspace: the question, and the answer with its model, tokens and
// citations, like a chat's own answer. It returns the chat's id.
func (s *Service) RecordExternal(ctx context.Context, workspaceID string, t ExternalTurn) (string, error) {
	title := strings.Join(strings.Fields(t.Question), " ")
	if r := []rune(title); len(r) > 60 {
		title = string(r[:60]) + "…"
	}
	cits := citations(t.Sources, t.Answer)
	citJSON, _ := json.Marshal(cits)
	chatID, questionID, answerID := store.NewID(), store.NewID(), store.NewID()
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.Insert(ctx, "chats", chatID, workspaceID, store.Values{"model_ref": t.ModelRef, "title": title,
			"source": SourceAPI}); err != nil {
			return err
		}
		if err := tx.Insert(ctx, "messages", questionID, workspaceID, store.Values{"chat_id": chatID, "role": "user",
			"kind": KindText, "content": t.Question, "status": StatusComplete}); err != nil {
			return err
		}
		if err := tx.Insert(ctx, "messages", answerID, workspaceID, store.Values{"chat_id": chatID, "parent_id": questionID,
			"role": "assistant", "kind": KindText, "content": t.Answer, "model_ref": t.ModelRef, "status": StatusComplete,
			"tokens_in": t.TokensIn, "tokens_out": t.TokensOut, "tokens_estimated": boolInt(t.Estimated),
			"finish_reason": "stop", "citations": string(citJSON)}); err != nil {
			return err
		}
		return tx.Update(ctx, "chats", chatID, store.Values{"active_leaf_id": answerID})
	})
	if err != nil {
		return "", fmt.Errorf("record api answer as a chat: %w", err)
	}
	s.changed(workspaceID, "chats", "messages")
	return chatID, nil
}
