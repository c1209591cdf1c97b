package workspace

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"bookbag/backend/sqlkit"
	"bookbag/backend/store"
)

// PurgeExpired finishes the deletes whose undo window has passed: a
// workspace that was never shared is removed completely, each in one
// transaction (a crash leaves it whole, never half-deleted); a shared one
// stays a tombstone and its rows become tombstones too. It returns how many
// workspaces it finished. The app calls it at start and a timer after each delete.
func (s *Service) PurgeExpired(ctx context.Context) (int, error) {
	cutoff := s.db.Now() - s.window.Milliseconds()
	ids, err := sqlkit.Strings(ctx, s.db.R, `SELECT id FROM workspaces WHERE deleted_at IS NOT NULL AND deleted_at <= ?`, cutoff)
	if err != nil {
		return 0, fmt.Errorf("find deleted workspaces: %w", err)
	}
	done := 0
	var errs []error
	for _, id := range ids {
		did, err := s.finish(ctx, id, cutoff)
		if err != nil {
			errs = append(errs, fmt.Errorf("workspace %s: %w", id, err))
			continue
		}
		if did {
			done++
		}
	}
	return done, errors.Join(errs...)
}

// neverShared reports whether nothing of the workspace ever left this
// device (Deps.Shared, the sync client, says). Only such a workspace may be
// purged; anything another device may hold stays a tombstone so that the
// delete travels.
func (s *Service) neverShared(ctx context.Context, workspaceID string) (bool, error) {
	if s.shared == nil {
		return true, nil
	}
	shared, err := s.shared(ctx, workspaceID)
	if err != nil {
		return false, fmt.Errorf("check sync link: %w", err)
	}
	return !shared, nil
}

// finish purges or tombstones one deleted workspace; did is false when there
// was nothing left to do (restored meanwhile, or a shared one done before).
func (s *Service) finish(ctx context.Context, id string, cutoff int64) (did bool, err error) {
	var files []string
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		var deletedAt sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT deleted_at FROM workspaces WHERE id = ?`, id).Scan(&deletedAt)
		if errors.Is(err, sql.ErrNoRows) || err == nil && (!deletedAt.Valid || deletedAt.Int64 > cutoff) {
			return nil // purged or restored meanwhile
		}
		if err != nil {
			return err
		}
		never, err := s.neverShared(ctx, id)
		if err != nil {
			return err
		}
		if never {
			files, err = s.purge(ctx, tx, id)
			did = err == nil
			return err
		}
		var n int
		files, n, err = s.tombstone(ctx, tx, id)
		did = err == nil && n > 0
		return err
	})
	if err != nil {
		return false, err
	}
	s.mu.Lock()
	for k, e := range s.undo {
		if e.ws.ID == id {
			delete(s.undo, k)
		}
	}
	s.mu.Unlock()
	s.removeUnusedFiles(ctx, files)
	if s.index != nil {
		s.index.Forget(id)
	}
	if did {
		s.changed(id, "workspaces", "chats", "messages", "documents")
	}
	return did, nil
}

func (s *Service) step(name string) error {
	if s.purgeStep != nil {
		return s.purgeStep(name)
	}
	return nil
}

// purge hard-deletes a never-shared workspace and everything in it: each
// part's rows (documents, chats, profiles and templates, tools, the unpushed log),
// then its own. It returns the files they named.
func (s *Service) purge(ctx context.Context, tx *store.Tx, id string) ([]string, error) {
	var files []string
	for _, p := range s.parts {
		if err := s.step(p.Name()); err != nil {
			return nil, err
		}
		fs, err := p.Purge(ctx, tx, id)
		if err != nil {
			return nil, fmt.Errorf("purge %s: %w", p.Name(), err)
		}
		files = append(files, fs...)
	}
	for _, st := range []struct{ name, q string }{
		{"model_assignments", `DELETE FROM model_assignments WHERE workspace_id = ?`},
		{"workspace_settings", `DELETE FROM workspace_settings WHERE workspace_id = ?`},
		{"workspaces", `DELETE FROM workspaces WHERE id = ?`},
	} {
		if err := s.step(st.name); err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(ctx, st.q, id); err != nil {
			return nil, fmt.Errorf("purge %s: %w", st.name, err)
		}
	}
	return files, s.step("commit")
}

// tombstone turns every live row of a shared, deleted workspace into a
// tombstone (content cleared, change logged so the delete travels) and drops
// its derived data. The workspace row is already one.
func (s *Service) tombstone(ctx context.Context, tx *store.Tx, id string) (files []string, n int, err error) {
	for _, p := range s.parts {
		fs, k, err := p.Tombstone(ctx, tx, id)
		if err != nil {
			return nil, 0, fmt.Errorf("tombstone %s: %w", p.Name(), err)
		}
		files, n = append(files, fs...), n+k
	}
	for table, q := range map[string]string{
		"model_assignments":  `SELECT id FROM model_assignments WHERE workspace_id = ? AND deleted_at IS NULL`,
		"workspace_settings": `SELECT id FROM workspace_settings WHERE workspace_id = ? AND deleted_at IS NULL`,
	} {
		ids, err := sqlkit.Strings(ctx, tx, q, id)
		if err != nil {
			return nil, 0, fmt.Errorf("tombstone %s: %w", table, err)
		}
		for _, rid := range ids {
			if err := tx.Delete(ctx, table, rid); err != nil {
				return nil, 0, err
			}
			n++
		}
	}
	return files, n, nil
}

// removeUnusedFiles deletes stored files that no row of any domain names
// any more (the file store does not count references). It runs after the
// commit: a crash in between leaves an unused file, never a row without its
// file.
func (s *Service) removeUnusedFiles(ctx context.Context, sums []string) {
	if s.blobs == nil || s.inUse == nil {
		return
	}
	if err := s.blobs.RemoveUnused(ctx, sums, s.inUse); err != nil {
		s.log.Warn("delete unused files", "err", err)
	}
}
