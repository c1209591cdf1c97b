package rag

import (
	"context"
	"fmt"
	"time"
)

// chatGoneAfter is how long a deleted chat's documents outlive it: the
// chat's undo window (chat.undoWindow) and a little more, so that undoing
// the delete finds them still indexed.
const chatGoneAfter = 35 * time.Second

// ForgetDeletedChats deletes the documents attached to chats that have
// been deleted for longer than grace as this device has seen it (their
// chunks, vectors and unused files go, as with Delete). A chat's documents
// serve no other chat, so nothing could reach them again. The grace runs
// from when this device first saw the tombstone, not from its deleted_at:
// a chat deleted on another device may be undone there, and that device's
// clock is not this one's. It returns how many documents went.
func (s *Service) ForgetDeletedChats(ctx context.Context, grace time.Duration) (int, error) {
	if s.chats == nil {
		return 0, nil
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, chat_id FROM documents WHERE deleted_at IS NULL AND chat_id IS NOT NULL AND chat_id != ''`)
	if err != nil {
		return 0, fmt.Errorf("find chat documents: %w", err)
	}
	docs := map[string][]string{}
	for rows.Next() {
		var id, chat string
		if err := rows.Scan(&id, &chat); err != nil {
			rows.Close()
			return 0, fmt.Errorf("find chat documents: %w", err)
		}
		docs[chat] = append(docs[chat], id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("find chat documents: %w", err)
	}
	chats := make([]string, 0, len(docs))
	for c := range docs {
		chats = append(chats, c)
	}
	gone, err := s.chats.DeletedChats(ctx, s.db.R, chats)
	if err != nil {
		return 0, fmt.Errorf("find documents of deleted chats: %w", err)
	}
	byChat := make(map[string][]string, len(gone))
	for _, c := range gone {
		byChat[c] = docs[c]
	}
	var due []string
	s.mu.Lock()
	now := s.now()
	seen := make(map[string]time.Time, len(byChat)) // chats undone meanwhile drop out
	for chat, ids := range byChat {
		first, ok := s.goneSeen[chat]
		if !ok {
			first = now
		}
		seen[chat] = first
		if now.Sub(first) >= grace {
			due = append(due, ids...)
		}
	}
	s.goneSeen = seen
	s.mu.Unlock()
	for i, id := range due {
		if err := s.Delete(ctx, id); err != nil {
			return i, err
		}
	}
	return len(due), nil
}

// sweepDeletedChats runs ForgetDeletedChats every half window until ctx
// ends, the first time at start.
func (s *Service) sweepDeletedChats(ctx context.Context) {
	sweep := func() {
		if n, err := s.ForgetDeletedChats(ctx, chatGoneAfter); err != nil && ctx.Err() == nil {
			s.log.Warn("forget documents of deleted chats", "err", err)
		} else if n > 0 {
			s.log.Info("forgot documents of deleted chats", "documents", n)
		}
	}
	sweep()
	t := time.NewTicker(chatGoneAfter / 2)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			sweep()
		}
	}
}
