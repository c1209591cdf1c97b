package workspace

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"bookbag/backend/store"
)

// PurgeExpired finishes the deletes whose undo window has passed: a
// workspace that was never shared is removed completely, each in one
// transaction (a crash leaves it whole, never half-deleted); a shared one
// stays a tombstone and its rows become tombstones too. It returns how many
// workspaces it finished. The app calls it at start and a timer after each delete.
func (s *Service) PurgeExpired(ctx context.Context) (int, error) {
	cutoff := s.db.Now() - s.window.Milliseconds()
	rows, err := s.db.R.QueryContext(ctx, `SELECT id FROM workspaces WHERE deleted_at IS NOT NULL AND deleted_at <= ?`, cutoff)
	if err != nil {
		return 0, fmt.Errorf("find deleted workspaces: %w", err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, fmt.Errorf("find deleted workspaces: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
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

// querier is a transaction or a pool.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// neverShared reports whether nothing of the workspace ever left this device:
// no change of it was pushed to a server (change_log.pushed_at), the sync
// client's tables know no link or synced row of it, and Deps.Shared (when
// set) does not say otherwise. Only such a workspace may
// be purged; anything another device may hold stays a tombstone so that the
// delete travels.
func (s *Service) neverShared(ctx context.Context, q querier, workspaceID string) (bool, error) {
	var pushed int
	if err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM change_log
		WHERE workspace_id = ? AND pushed_at IS NOT NULL)`, workspaceID).Scan(&pushed); err != nil {
		return false, fmt.Errorf("check pushed changes: %w", err)
	}
	if pushed == 1 {
		return false, nil
	}
	// The sync client's tables (migration 0005): a link, or rows last pushed
	// or pulled, mean a server has the workspace. Checked by name so this
	// works before and after that migration.
	for _, table := range []string{"sync_links", "sync_base"} {
		var has, linked int
		if err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?)`, table).Scan(&has); err != nil {
			return false, fmt.Errorf("check sync tables: %w", err)
		}
		if has == 0 {
			continue
		}
		if err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM `+table+` WHERE workspace_id = ?)`, workspaceID).Scan(&linked); err != nil {
			return false, fmt.Errorf("check sync link: %w", err)
		}
		if linked == 1 {
			return false, nil
		}
	}
	if s.shared != nil {
		linked, err := s.shared(ctx, workspaceID)
		if err != nil {
			return false, fmt.Errorf("check sync link: %w", err)
		}
		return !linked, nil
	}
	return true, nil
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
		never, err := s.neverShared(ctx, tx, id)
		if err != nil {
			return err
		}
		if never {
			files, err = s.purge(ctx, tx, id)
			did = err == nil
			return err
		}
		var n int
		files, n, err = tombstoneRows(ctx, tx, id)
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

// purge hard-deletes a never-shared workspace and everything in it. Chat
// documents whose chat lives here go too, whatever workspace they are filed
// under. It returns the files (content hashes) its documents and images used.
func (s *Service) purge(ctx context.Context, tx *store.Tx, id string) ([]string, error) {
	const ofChats = `SELECT id FROM chats WHERE workspace_id = ?1`
	const ofDocs = `SELECT id FROM documents WHERE workspace_id = ?1 OR chat_id IN (` + ofChats + `)`
	var files []string
	steps := []struct {
		name, q string
		collect func(*sql.Rows) error
	}{
		// Chunks first (their FTS rows go with them, by trigger), then what refers to chats, then chats.
		{"chunks", `DELETE FROM chunks WHERE workspace_id = ?1 OR document_id IN (` + ofDocs + `)`, nil},
		{"documents", `DELETE FROM documents WHERE workspace_id = ?1 OR chat_id IN (` + ofChats + `) RETURNING sha256, embeddings_sha256`,
			func(r *sql.Rows) error {
				var sum, vecs string
				if err := r.Scan(&sum, &vecs); err != nil {
					return err
				}
				for _, s := range []string{sum, vecs} {
					if s != "" {
						files = append(files, s)
					}
				}
				return nil
			}},
		{"messages", `DELETE FROM messages WHERE workspace_id = ?1 OR chat_id IN (` + ofChats + `) RETURNING attachments`,
			func(r *sql.Rows) error {
				var att string
				if err := r.Scan(&att); err != nil {
					return err
				}
				files = append(files, attachmentFiles(att)...)
				return nil
			}},
		{"chats", `DELETE FROM chats WHERE workspace_id = ?1`, nil},
		{"model_assignments", `DELETE FROM model_assignments WHERE workspace_id = ?1`, nil},
		{"prompt_templates", `DELETE FROM prompt_templates WHERE workspace_id = ?1`, nil},
		{"param_profiles", `DELETE FROM param_profiles WHERE workspace_id = ?1`, nil},
		{"workspace_settings", `DELETE FROM workspace_settings WHERE workspace_id = ?1`, nil},
		// Nothing was pushed: the log's entries would only send a workspace that no longer exists.
		{"change_log", `DELETE FROM change_log WHERE workspace_id = ?1`, nil},
		{"workspaces", `DELETE FROM workspaces WHERE id = ?1`, nil},
	}
	for _, st := range steps {
		if err := s.step(st.name); err != nil {
			return nil, err
		}
		if st.collect == nil {
			if _, err := tx.ExecContext(ctx, st.q, id); err != nil {
				return nil, fmt.Errorf("purge %s: %w", st.name, err)
			}
			continue
		}
		rows, err := tx.QueryContext(ctx, st.q, id)
		if err != nil {
			return nil, fmt.Errorf("purge %s: %w", st.name, err)
		}
		for rows.Next() {
			if err := st.collect(rows); err != nil {
				rows.Close()
				return nil, fmt.Errorf("purge %s: %w", st.name, err)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("purge %s: %w", st.name, err)
		}
	}
	return files, s.step("commit")
}

// tombstoneRows turns every live row of a shared, deleted workspace into a
// tombstone (content cleared, change logged so the delete travels) and drops
// its derived data (chunks, FTS rows). The workspace row is already one.
func tombstoneRows(ctx context.Context, tx *store.Tx, id string) (files []string, n int, err error) {
	var chunks int64
	res, err := tx.ExecContext(ctx, `DELETE FROM chunks WHERE workspace_id = ?`, id)
	if err != nil {
		return nil, 0, fmt.Errorf("drop chunks: %w", err)
	}
	chunks, _ = res.RowsAffected()
	n = int(chunks)
	for _, table := range []string{"messages", "documents", "chats", "model_assignments", "prompt_templates", "param_profiles", "workspace_settings"} {
		extra := ""
		switch table {
		case "messages":
			extra = ", attachments"
		case "documents":
			extra = ", sha256 || ' ' || embeddings_sha256"
		}
		rows, err := tx.QueryContext(ctx, `SELECT id`+extra+` FROM `+table+` WHERE workspace_id = ? AND deleted_at IS NULL`, id)
		if err != nil {
			return nil, 0, fmt.Errorf("tombstone %s: %w", table, err)
		}
		var ids []string
		for rows.Next() {
			var rid, more string
			dst := []any{&rid}
			if extra != "" {
				dst = append(dst, &more)
			}
			if err := rows.Scan(dst...); err != nil {
				rows.Close()
				return nil, 0, fmt.Errorf("tombstone %s: %w", table, err)
			}
			ids = append(ids, rid)
			if table == "messages" {
				files = append(files, attachmentFiles(more)...)
			} else {
				files = append(files, strings.Fields(more)...) // a document's file and its shared embeddings
			}
		}
		rows.Close()
		for _, rid := range ids {
			if err := tx.Delete(ctx, table, rid); err != nil {
				return nil, 0, err
			}
			n++
		}
	}
	return files, n, nil
}

// attachmentFiles reads the content hashes out of a message's attachments.
func attachmentFiles(raw string) []string {
	var atts []struct {
		SHA256 string `json:"sha256"`
	}
	if json.Unmarshal([]byte(raw), &atts) != nil {
		return nil
	}
	var out []string
	for _, a := range atts {
		if a.SHA256 != "" {
			out = append(out, a.SHA256)
		}
	}
	return out
}

// removeUnusedFiles deletes stored files that no live document and no
// message refers to any more (the file store does not count references).
// It runs after the commit: a crash in between leaves an unused file, never
// a row without its file.
func (s *Service) removeUnusedFiles(ctx context.Context, sums []string) {
	if s.blobs == nil {
		return
	}
	seen := map[string]bool{}
	for _, sum := range sums {
		if seen[sum] {
			continue
		}
		seen[sum] = true
		if used, err := store.FileInUse(ctx, s.db.R, sum); err != nil || used {
			continue
		}
		if err := s.blobs.Delete(sum); err != nil {
			s.log.Warn("delete unused file", "sha256", sum, "err", err)
		}
	}
}
