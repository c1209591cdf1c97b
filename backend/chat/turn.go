package chat

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"unicode"

	"bookbag/backend/apperr"
	"bookbag/backend/store"
)

// A turn is one answer to generate: its chat, the workspace settings it
// runs under and the model it asks, each resolved once when the turn begins
// and used by the whole run.
type turn struct {
	chat     Chat
	ws       WorkspaceDefaults
	ref      string
	model    Model
	modelErr error // resolving the model failed: the run reports it, the user's message is kept
}

// beginTurn resolves what an answer in chat needs: the workspace's settings
// and the model (the chat's, else the workspace's or the app's default).
// A model that cannot be resolved (a provider removed, no key) does not stop
// the turn: the message is stored and the answer fails with the reason.
func (s *Service) beginTurn(ctx context.Context, chatID string) (turn, error) {
	c, err := s.GetChat(ctx, chatID)
	if err != nil {
		return turn{}, err
	}
	ws, err := s.resolver.Workspace(ctx, c.WorkspaceID)
	if err != nil {
		return turn{}, err
	}
	ref, err := s.chooseModel(ctx, c, ws)
	if err != nil {
		return turn{}, err
	}
	t := turn{chat: c, ws: ws, ref: ref}
	t.model, t.modelErr = s.resolver.Model(ctx, ref)
	if t.modelErr == nil && s.usage != nil {
		// Over budget: like a model that cannot be reached, the message is
		// kept and the answer says why.
		t.modelErr = s.usage.Allow(ctx, c.WorkspaceID, ref)
	}
	return t, nil
}

// chooseModel picks the model ref for a run: the chat's, the workspace's
// default, then the app's default; in a workspace that allows only some
// models, the choice must be one of them.
func (s *Service) chooseModel(ctx context.Context, c Chat, ws WorkspaceDefaults) (string, error) {
	allowed := func(ref string) bool {
		if len(ws.AllowedModelRefs) == 0 {
			return true
		}
		for _, a := range ws.AllowedModelRefs {
			if a == ref {
				return true
			}
		}
		return false
	}
	if c.ModelRef != "" {
		if !allowed(c.ModelRef) {
			return "", apperr.New(apperr.Invalid, "%s is not one of the models this workspace allows: choose another for this chat", c.ModelRef)
		}
		return c.ModelRef, nil
	}
	if ws.DefaultModelRef != "" && allowed(ws.DefaultModelRef) {
		return ws.DefaultModelRef, nil
	}
	ref, err := s.resolver.DefaultModelRef(ctx)
	if err != nil {
		return "", err
	}
	if ref != "" && allowed(ref) {
		return ref, nil
	}
	if len(ws.AllowedModelRefs) > 0 {
		return ws.AllowedModelRefs[0], nil
	}
	return "", apperr.New(apperr.Invalid, "choose a model for this chat first (add a provider on the Models page if there is none)")
}

// checkContent trims a message's trailing space and checks it is there and
// not too long.
func checkContent(content string, attachments int) (string, error) {
	content = strings.TrimRightFunc(content, unicode.IsSpace)
	if strings.TrimSpace(content) == "" && attachments == 0 {
		return "", apperr.New(apperr.Invalid, "write a message first")
	}
	if len(content) > maxMessageChars {
		return "", apperr.New(apperr.Invalid, "the message is too long (%d characters; at most %d)", len(content), maxMessageChars)
	}
	return content, nil
}

// Send stores the user's message and an empty answer, returns both at once and
// generates the answer in the background. A chat whose last answer is still
// being written takes no new question until it ends or is stopped.
func (s *Service) Send(ctx context.Context, in SendInput) (SendResult, error) {
	content, err := checkContent(in.Content, len(in.Attachments))
	if err != nil {
		return SendResult{}, err
	}
	t, err := s.beginTurn(ctx, in.ChatID)
	if err != nil {
		return SendResult{}, err
	}
	atts, err := s.storeAttachments(ctx, in.Attachments)
	if err != nil {
		return SendResult{}, err
	}
	if len(atts) > 0 {
		if t.modelErr != nil {
			return SendResult{}, t.modelErr
		}
		if !t.model.Vision {
			return SendResult{}, apperr.New(apperr.Invalid, "%s cannot see images: choose a model with vision, or remove the images", t.model.Name)
		}
	}
	c := t.chat
	var user, asst Message
	autoTitle := c.Title == ""
	s.turnMu.Lock()
	defer s.turnMu.Unlock()
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		// Re-read the leaf inside the transaction: a send right after
		// another follows its answer.
		var leaf string
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(active_leaf_id, '') FROM chats WHERE id = ?`, c.ID).Scan(&leaf); err != nil {
			return err
		}
		if err := s.checkNotWriting(ctx, tx, leaf); err != nil {
			return err
		}
		user, asst, err = s.insertTurn(ctx, tx, c, leaf, content, atts, t.ref)
		if err != nil {
			return err
		}
		v := store.Values{"active_leaf_id": asst.ID}
		if autoTitle {
			v["title"] = fallbackTitle(content)
		}
		return tx.Update(ctx, "chats", c.ID, v)
	})
	if err != nil {
		return SendResult{}, fmt.Errorf("send message: %w", err)
	}
	s.changed(c.WorkspaceID, "chats")
	s.start(t, asst, autoTitle)
	return SendResult{User: user, Assistant: asst}, nil
}

// checkNotWriting refuses a question under an answer still being written:
// its own answer would be made without that one. The saved status decides
// once the run has one (a run ends a moment after its final save), the run
// while it streams (turnMu registers it with its answer's insert).
func (s *Service) checkNotWriting(ctx context.Context, tx *store.Tx, leaf string) error {
	if leaf == "" || s.runFor(leaf) == nil {
		return nil
	}
	var status string
	if err := tx.QueryRowContext(ctx, `SELECT status FROM messages WHERE id = ?`, leaf).Scan(&status); err != nil {
		return err
	}
	if status != StatusStreaming {
		return nil
	}
	return apperr.New(apperr.Conflict, "an answer is still being written in this chat: wait for it or stop it first")
}

// insertTurn inserts a user message under parent and an empty, streaming
// assistant message under it.
func (s *Service) insertTurn(ctx context.Context, tx *store.Tx, c Chat, parent, content string, atts []Attachment, ref string) (Message, Message, error) {
	userID := store.NewID()
	attJSON, _ := json.Marshal(atts)
	var parentVal any
	if parent != "" {
		parentVal = parent
	}
	if err := tx.Insert(ctx, "messages", userID, c.WorkspaceID, store.Values{"chat_id": c.ID, "parent_id": parentVal,
		"role": "user", "content": content, "attachments": string(attJSON), "status": StatusComplete}); err != nil {
		return Message{}, Message{}, err
	}
	user, err := s.getMessage(ctx, tx, userID)
	if err != nil {
		return Message{}, Message{}, err
	}
	asst, err := s.insertAnswer(ctx, tx, c, userID, ref)
	return user, asst, err
}

// insertAnswer inserts an empty, streaming answer under a user message and
// makes it the chat's active leaf.
func (s *Service) insertAnswer(ctx context.Context, tx *store.Tx, c Chat, parent, ref string) (Message, error) {
	id := store.NewID()
	if err := tx.Insert(ctx, "messages", id, c.WorkspaceID, store.Values{"chat_id": c.ID, "parent_id": parent,
		"role": "assistant", "model_ref": ref, "status": StatusStreaming}); err != nil {
		return Message{}, err
	}
	return s.getMessage(ctx, tx, id)
}

// Regenerate makes a new answer beside an existing one (the old one stays as
// an alternative) and generates it. Retry after an error is the same.
func (s *Service) Regenerate(ctx context.Context, assistantID string) (Message, error) {
	old, err := s.GetMessage(ctx, assistantID)
	if err != nil {
		return Message{}, err
	}
	if old.Role != "assistant" || old.ParentID == "" {
		return Message{}, apperr.New(apperr.Invalid, "only an answer can be regenerated")
	}
	if s.runFor(assistantID) != nil {
		return Message{}, apperr.New(apperr.Conflict, "that answer is still being generated")
	}
	t, err := s.beginTurn(ctx, old.ChatID)
	if err != nil {
		return Message{}, err
	}
	// The new answer starts again from the question: the old answer's tool
	// calls and results stay with it.
	question, err := s.questionOf(ctx, old)
	if err != nil {
		return Message{}, err
	}
	var asst Message
	s.turnMu.Lock()
	defer s.turnMu.Unlock()
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		if asst, err = s.insertAnswer(ctx, tx, t.chat, question.ID, t.ref); err != nil {
			return err
		}
		return tx.Update(ctx, "chats", t.chat.ID, store.Values{"active_leaf_id": asst.ID})
	})
	if err != nil {
		return Message{}, fmt.Errorf("regenerate: %w", err)
	}
	s.changed(t.chat.WorkspaceID, "chats")
	// The first question of a chat still titled by its first words (its
	// answer failed, or so did its title): this answer makes the title.
	autoTitle := question.ParentID == "" && t.chat.Title == fallbackTitle(question.Content)
	s.start(t, asst, autoTitle)
	return asst, nil
}

// EditAndResend makes an edited copy of a user message beside the original
// (a new branch) and answers it.
func (s *Service) EditAndResend(ctx context.Context, userMessageID, content string) (SendResult, error) {
	old, err := s.GetMessage(ctx, userMessageID)
	if err != nil {
		return SendResult{}, err
	}
	if old.Role != "user" {
		return SendResult{}, apperr.New(apperr.Invalid, "only your own messages can be edited")
	}
	if content, err = checkContent(content, len(old.Attachments)); err != nil {
		return SendResult{}, err
	}
	t, err := s.beginTurn(ctx, old.ChatID)
	if err != nil {
		return SendResult{}, err
	}
	var user, asst Message
	s.turnMu.Lock()
	defer s.turnMu.Unlock()
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		user, asst, err = s.insertTurn(ctx, tx, t.chat, old.ParentID, content, old.Attachments, t.ref)
		if err != nil {
			return err
		}
		return tx.Update(ctx, "chats", t.chat.ID, store.Values{"active_leaf_id": asst.ID})
	})
	if err != nil {
		return SendResult{}, fmt.Errorf("edit message: %w", err)
	}
	s.changed(t.chat.WorkspaceID, "chats")
	s.start(t, asst, false)
	return SendResult{User: user, Assistant: asst}, nil
}

// questionOf is the user message an answer answers: its parent, past the
// tool calls and results between them.
func (s *Service) questionOf(ctx context.Context, answer Message) (Message, error) {
	id := answer.ParentID
	for range 10_000 {
		m, err := s.GetMessage(ctx, id)
		if err != nil {
			return Message{}, err
		}
		if m.Role == "user" || m.ParentID == "" {
			return m, nil
		}
		id = m.ParentID
	}
	return Message{}, apperr.New(apperr.Internal, "the answer's question was not found")
}
