package workspace

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/store"
)

// undoEntry keeps what the workspace tombstone cleared, in memory, for the
// undo window.
type undoEntry struct {
	ws      Workspace
	expires int64 // Unix ms, on the store clock
}

// nameTaken reports whether another live workspace has this name (case-insensitive).
func nameTaken(ctx context.Context, tx *store.Tx, name, except string) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM workspaces WHERE deleted_at IS NULL AND id != ?
		AND name = ? COLLATE NOCASE`, except, name).Scan(&n); err != nil {
		return fmt.Errorf("check workspace name: %w", err)
	}
	if n > 0 {
		return apperr.New(apperr.Conflict, "a workspace named “%s” already exists", name)
	}
	return nil
}

// Create makes a workspace with the default settings.
func (s *Service) Create(ctx context.Context, in Input) (Workspace, error) {
	in, err := in.Validate()
	if err != nil {
		return Workspace{}, err
	}
	id := store.NewID()
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		if err := nameTaken(ctx, tx, in.Name, ""); err != nil {
			return err
		}
		if err := tx.Insert(ctx, "workspaces", id, id, store.Values{"name": in.Name, "icon": in.Icon, "color": in.Color}); err != nil {
			return err
		}
		st := DefaultSettings(id)
		st.EmbeddingModelRef = s.defaultEmbedding(ctx)
		return insertSettings(ctx, tx, st)
	})
	if err != nil {
		return Workspace{}, fmt.Errorf("create workspace: %w", err)
	}
	s.changed(id, "workspaces")
	return s.Get(ctx, id)
}

// Update renames a workspace and sets its icon and colour.
func (s *Service) Update(ctx context.Context, id string, in Input) (Workspace, error) {
	in, err := in.Validate()
	if err != nil {
		return Workspace{}, err
	}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		// Only a new name is checked: two workspaces may already share one
		// (an undone delete, sync), and each must still take a new icon or colour.
		var current string
		err := tx.QueryRowContext(ctx, `SELECT name FROM workspaces WHERE id = ? AND deleted_at IS NULL`, id).Scan(&current)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.New(apperr.NotFound, "workspace not found")
		}
		if err != nil {
			return err
		}
		if in.Name != current {
			if err := nameTaken(ctx, tx, in.Name, id); err != nil {
				return err
			}
		}
		return tx.Update(ctx, "workspaces", id, store.Values{"name": in.Name, "icon": in.Icon, "color": in.Color})
	})
	if err != nil {
		return Workspace{}, fmt.Errorf("update workspace: %w", err)
	}
	s.changed(id, "workspaces")
	return s.Get(ctx, id)
}

// SetArchived hides a workspace from the switcher (archived) or shows it
// again. Its chats and documents stay as they are. The default workspace
// cannot be archived: it is where the app falls back to.
func (s *Service) SetArchived(ctx context.Context, id string, archived bool) (Workspace, error) {
	w, err := s.Get(ctx, id)
	if err != nil {
		return Workspace{}, err
	}
	if w.IsDefault && archived {
		return Workspace{}, apperr.New(apperr.Invalid, "the default workspace cannot be archived")
	}
	if (w.ArchivedAt != 0) == archived {
		return w, nil
	}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		var at any
		if archived {
			at = tx.Now()
		}
		return tx.Update(ctx, "workspaces", id, store.Values{"archived_at": at})
	})
	if err != nil {
		return Workspace{}, fmt.Errorf("archive workspace: %w", err)
	}
	s.changed(id, "workspaces")
	return s.Get(ctx, id)
}

// Delete turns a workspace into a tombstone: it leaves every list at once.
// Its chats, documents and settings stay untouched for the undo window;
// then PurgeExpired removes a never-shared workspace completely and leaves a
// shared one a tombstone. It returns a token for UndoDelete. The default
// workspace cannot be deleted.
func (s *Service) Delete(ctx context.Context, id string) (string, error) {
	w, err := s.Get(ctx, id)
	if err != nil {
		return "", err
	}
	if w.IsDefault {
		return "", apperr.New(apperr.Invalid, "the default workspace “%s” cannot be deleted", w.Name)
	}
	// A member's delete would be refused by the server and the workspace
	// would come back at the next sync: say so now, and what to do instead.
	if s.role != nil {
		if r := s.role(id); r != "" && r != "admin" {
			return "", apperr.New(apperr.Invalid, "“%s” is shared and only its admins can delete it for everyone; "+
				"to remove it from this computer, unlink it in its Sharing tab", w.Name)
		}
	}
	err = s.db.Tx(ctx, func(tx *store.Tx) error { return tx.Delete(ctx, "workspaces", id) })
	if err != nil {
		return "", fmt.Errorf("delete workspace: %w", err)
	}
	if s.runs != nil {
		if n := s.runs.StopWorkspace(id); n > 0 {
			s.log.Info("stopped the answers of a deleted workspace", "workspace", id, "answers", n)
		}
	}
	token := store.NewID()
	now := s.db.Now()
	s.mu.Lock()
	for k, e := range s.undo {
		if now > e.expires {
			delete(s.undo, k)
		}
	}
	s.undo[token] = undoEntry{ws: w, expires: now + s.window.Milliseconds()}
	s.schedulePurgeLocked()
	s.mu.Unlock()
	s.changed(id, "workspaces")
	return token, nil
}

// schedulePurgeLocked runs PurgeExpired once the undo window has passed.
func (s *Service) schedulePurgeLocked() {
	if s.closed {
		return
	}
	var t *time.Timer
	t = time.AfterFunc(s.window+time.Second, func() {
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			return
		}
		delete(s.timers, t)
		s.wg.Add(1)
		s.mu.Unlock()
		defer s.wg.Done()
		if _, err := s.PurgeExpired(context.Background()); err != nil {
			s.log.Warn("purge deleted workspaces", "err", err)
		}
	})
	s.timers[t] = struct{}{}
}

// UndoDelete restores a workspace deleted within the undo window.
func (s *Service) UndoDelete(ctx context.Context, token string) (Workspace, error) {
	s.mu.Lock()
	e, ok := s.undo[token]
	delete(s.undo, token)
	s.mu.Unlock()
	if !ok || s.db.Now() > e.expires {
		return Workspace{}, apperr.New(apperr.NotFound, "it is too late to undo that")
	}
	w := e.ws
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		return tx.Restore(ctx, "workspaces", w.ID, store.Values{"name": w.Name, "icon": w.Icon, "color": w.Color})
	})
	if apperr.Is(err, apperr.NotFound) {
		return Workspace{}, apperr.New(apperr.NotFound, "it is too late to undo that")
	}
	if err != nil {
		return Workspace{}, fmt.Errorf("undo delete workspace: %w", err)
	}
	s.changed(w.ID, "workspaces")
	return s.Get(ctx, w.ID)
}

// SetLastUsed remembers the open workspace so that it reopens on start.
func (s *Service) SetLastUsed(ctx context.Context, id string) error {
	if _, err := s.Get(ctx, id); err != nil {
		return err
	}
	if s.last == nil {
		return nil
	}
	return s.last.SetLastWorkspace(ctx, id)
}

// exists reports whether a live workspace has this id (inside a transaction).
func exists(ctx context.Context, tx *store.Tx, id string) error {
	var one int
	err := tx.QueryRowContext(ctx, `SELECT 1 FROM workspaces WHERE id = ? AND deleted_at IS NULL`, id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.New(apperr.NotFound, "workspace not found")
	}
	return err
}

// defaultEmbedding is the embedding model a new workspace starts with.
func (s *Service) defaultEmbedding(ctx context.Context) string {
	if s.embed == nil {
		return ""
	}
	return s.embed(ctx)
}

// AdoptDefaultEmbedding gives every workspace without an embedding model the
// app's new default (and so starts their re-embedding): choosing an embedding
// model once makes retrieval hybrid everywhere it was keyword-only.
func (s *Service) AdoptDefaultEmbedding(ctx context.Context, ref string) (int, error) {
	if ref == "" {
		return 0, nil
	}
	list, err := s.List(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, w := range list {
		st, err := s.Settings(ctx, w.ID)
		if err != nil || st.EmbeddingModelRef != "" {
			continue
		}
		st.EmbeddingModelRef = ref
		if _, err := s.UpdateSettings(ctx, st); err != nil {
			return n, fmt.Errorf("set embedding model of %s: %w", w.Name, err)
		}
		n++
	}
	return n, nil
}
