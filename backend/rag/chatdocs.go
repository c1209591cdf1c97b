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

// ForgetDeletedChats deletes the documents attached to chats deleted more
// than grace ago (their chunks, vectors and unused files go, as with
// Delete). A chat's documents serve no other chat, so nothing could reach
// them again; a chat deleted on another device arrives as a tombstone and
// is swept the same way. It returns how many documents went.
func (s *DocumentService) ForgetDeletedChats(ctx context.Context, grace time.Duration) (int, error) {
	cutoff := time.Now().Add(-grace).UnixMilli()
	rows, err := s.db.R.QueryContext(ctx, `SELECT d.id FROM documents d JOIN chats c ON c.id = d.chat_id
		WHERE d.deleted_at IS NULL AND c.deleted_at IS NOT NULL AND c.deleted_at <= ?`, cutoff)
	if err != nil {
		return 0, fmt.Errorf("find documents of deleted chats: %w", err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, fmt.Errorf("find documents of deleted chats: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("find documents of deleted chats: %w", err)
	}
	for i, id := range ids {
		if err := s.Delete(ctx, id); err != nil {
			return i, err
		}
	}
	return len(ids), nil
}

// sweepDeletedChats runs ForgetDeletedChats at start (undo does not outlive
// the app, so no grace) and then every half window until ctx ends.
func (s *DocumentService) sweepDeletedChats(ctx context.Context) {
	sweep := func(grace time.Duration) {
		if n, err := s.ForgetDeletedChats(ctx, grace); err != nil && ctx.Err() == nil {
			s.log.Warn("forget documents of deleted chats", "err", err)
		} else if n > 0 {
			s.log.Info("forgot documents of deleted chats", "documents", n)
		}
	}
	sweep(0)
	t := time.NewTicker(chatGoneAfter / 2)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			sweep(chatGoneAfter)
		}
	}
}
