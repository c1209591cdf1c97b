package archive

import (
	"archive/zip"
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"bookbag/backend/apperr"
	"bookbag/backend/events"
	"bookbag/backend/store"
	"bookbag/backend/syncproto"
)

// ImportBytes imports an archive held in memory (the webview's file input).
func (s *Service) ImportBytes(ctx context.Context, data []byte) (Report, error) {
	return s.Import(ctx, bytes.NewReader(data), int64(len(data)))
}

// ImportFile imports the archive at path.
func (s *Service) ImportFile(ctx context.Context, path string) (Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return Report{}, apperr.Wrap(err, apperr.NotFound, "could not open the archive")
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return Report{}, apperr.Wrap(err, apperr.Unavailable, "could not read the archive")
	}
	return s.Import(ctx, f, fi.Size())
}

// Import validates the whole archive, then stores its files and applies its
// rows in one transaction. A refused archive changes nothing; so does a
// failed or cancelled import (files stored for it are removed again). It
// reports progress (events.ArchiveProgress) and stops when Cancel is
// called; one import or export runs at a time.
func (s *Service) Import(ctx context.Context, r io.ReaderAt, size int64) (Report, error) {
	var rep Report
	err := s.exclusive(ctx, "import cancelled; nothing was added", func(ctx context.Context) (err error) {
		rep, err = s.importArchive(ctx, r, size)
		return err
	})
	return rep, err
}

func (s *Service) importArchive(ctx context.Context, r io.ReaderAt, size int64) (Report, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		if looksLikeJSON(r) {
			return Report{}, refuse("it is a JSON file, not a workspace archive: chat files and ChatGPT exports are imported under Settings, Import chats")
		}
		return Report{}, refuse("it is not a ZIP file or it is damaged")
	}
	prog := s.newProgress(ctx, "import", "")
	c, err := validate(zr, s.limits, prog)
	if err != nil {
		return Report{}, err
	}
	m := c.manifest
	rep := Report{WorkspaceID: m.WorkspaceID, AppVersion: m.AppVersion, ExportedAt: m.ExportedAt,
		MissingModels: []string{}, MissingFiles: append([]string{}, m.MissingFiles...), Tables: []TableReport{}}
	if name, ok := c.workspace["name"].(string); ok {
		rep.WorkspaceName = name
	}

	// Files first, content-addressed: a file already here is not copied again.
	// One this import stored is taken back if the import fails, unless a row
	// came to name it meanwhile (the same file added to another workspace).
	var stored []string
	undoFiles := func() {
		if err := s.blobs.RemoveUnused(context.WithoutCancel(ctx), stored, s.inUse); err != nil {
			s.log.Warn("remove files of a failed import", "err", err)
		}
	}
	sums := make([]string, 0, len(c.files))
	for sum := range c.files {
		sums = append(sums, sum)
	}
	sort.Strings(sums)
	for _, sum := range sums {
		has, err := s.blobs.Has(sum)
		if err == nil {
			err = ctx.Err()
		}
		if err != nil {
			undoFiles()
			return Report{}, fmt.Errorf("import file: %w", err)
		}
		if has {
			rep.FilesPresent++
			continue
		}
		ref, err := s.putFile(ctx, c.files[sum])
		if err == nil && ref != sum {
			s.blobs.Delete(ref)
			err = refuse("it is damaged: files/%s changed while it was read", sum[:12])
		}
		if err != nil {
			undoFiles()
			return Report{}, err
		}
		stored = append(stored, sum)
		rep.FilesAdded++
	}

	prog.stage("applying", m.rowCount())
	err = s.db.Tx(ctx, func(tx *store.Tx) error { return s.apply(ctx, tx, c, &rep, prog) })
	if err != nil {
		undoFiles()
		if apperr.CodeOf(err) == apperr.Internal {
			return Report{}, apperr.Wrap(err, apperr.Internal, "the import failed and changed nothing")
		}
		return Report{}, err
	}
	s.after(m.WorkspaceID)
	s.emit.Emit(events.DataChanged, events.DataChangedPayload{WorkspaceID: m.WorkspaceID,
		Tables: append(syncproto.Tables(), "chunks")})

	sort.Strings(c.refs)
	for _, ref := range c.refs {
		ok := false
		if s.models != nil {
			var err error
			if ok, err = s.models.HasModel(ctx, ref); err != nil {
				s.log.Warn("check model", "ref", ref, "err", err)
			}
		}
		if !ok {
			rep.MissingModels = append(rep.MissingModels, ref)
		}
	}
	return rep, nil
}

func (s *Service) putFile(ctx context.Context, f *zip.File) (string, error) {
	rc, err := f.Open()
	if err != nil {
		return "", refuse("it is damaged: %s cannot be read (%v)", f.Name, err)
	}
	defer rc.Close()
	ref, err := s.blobs.Put(ctx, rc)
	if err != nil {
		return "", fmt.Errorf("store %s: %w", f.Name, err)
	}
	return ref.SHA256, nil
}

// apply writes the validated rows (last writer wins by HLC, every applied row
// logged for a later sync), then the chunks of documents that have none here.
func (s *Service) apply(ctx context.Context, tx *store.Tx, c *content, rep *Report, prog *progress) error {
	ws := c.manifest.WorkspaceID
	var localDefault string
	err := tx.QueryRowContext(ctx, `SELECT id FROM workspaces WHERE is_default = 1 AND deleted_at IS NULL LIMIT 1`).Scan(&localDefault)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	var localStamp string
	var deletedAt sql.NullInt64
	err = tx.QueryRowContext(ctx, `SELECT hlc, deleted_at FROM workspaces WHERE id = ?`, ws).Scan(&localStamp, &deletedAt)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	rep.Created = errors.Is(err, sql.ErrNoRows)
	if deletedAt.Valid && localStamp >= c.workspace["hlc"].(string) {
		// The delete wins over every row of the archive: they would all be
		// hidden, or skipped as already here.
		return refuse("“%s” was deleted on this computer after the archive was made, so nothing of it can come back this way; "+
			"undo the delete if it is still offered (a workspace never shared can be imported again once its delete is final, half a minute after it)", rep.WorkspaceName)
	}
	wsApplied := false
	for _, table := range syncproto.Tables() {
		tr := TableReport{Table: table}
		// Read again from the archive, a line at a time; its hash is checked
		// again at the end, and a file changed since fails the transaction.
		_, err := scanRows(table, c.rows[table], ws, func(row map[string]any) error {
			if err := prog.add(1); err != nil {
				return err
			}
			id := row["id"].(string)
			stamp := row["hlc"].(string)
			if table == "workspaces" && localDefault != "" && localDefault != id {
				// One default per device: another machine's "Personal" arrives as an ordinary workspace.
				row["is_default"] = int64(0)
			}
			if table == "workspace_settings" {
				var other string
				err := tx.QueryRowContext(ctx, `SELECT id FROM workspace_settings WHERE workspace_id = ? AND id != ?`, ws, id).Scan(&other)
				if err == nil {
					tr.Skipped++ // this device made its own settings row for the workspace; it stays
					return nil
				}
				if !errors.Is(err, sql.ErrNoRows) {
					return err
				}
			}
			var local string
			err := tx.QueryRowContext(ctx, `SELECT hlc FROM `+table+` WHERE id = ?`, id).Scan(&local)
			exists := err == nil
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			if exists && local >= stamp {
				tr.Skipped++ // the same change, or a newer one made here
				return nil
			}
			if table == "messages" && row["status"] == "streaming" {
				// Exported half written: no run streams it here, so it is
				// interrupted, as an answer left by a crash is at startup.
				row["status"], row["error"] = "interrupted", "The answer was still being written when the workspace was exported"
			}
			if _, err := tx.Apply(ctx, table, row, true); err != nil {
				return fmt.Errorf("import %s %s: %w", table, id, err)
			}
			if exists {
				tr.Updated++
			} else {
				tr.Added++
			}
			return nil
		})
		if err != nil {
			return err
		}
		if table == "workspaces" {
			wsApplied = tr.Added+tr.Updated > 0
		}
		rep.Tables = append(rep.Tables, tr)
		rep.Added += tr.Added
		rep.Updated += tr.Updated
		rep.Skipped += tr.Skipped
	}
	if err := ownName(ctx, tx, ws, wsApplied, rep); err != nil {
		return err
	}
	return s.applyChunks(ctx, tx, c, rep)
}

// maxName is the longest workspace name, in characters (workspace.ValidateName).
const maxName = 80

// ownName gives the imported workspace a name no other live workspace here
// has (in any case), as creating or renaming one requires: two of one name
// cannot be told apart, and neither could be edited without a rename. Only
// a workspace row this import wrote is renamed, through the row API (a
// change made here), so importing the same archive again keeps the name.
// The report names the workspace as it is called here.
func ownName(ctx context.Context, tx *store.Tx, ws string, applied bool, rep *Report) error {
	var name string
	var deleted sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT name, deleted_at FROM workspaces WHERE id = ?`, ws).Scan(&name, &deleted); err != nil {
		return fmt.Errorf("read imported workspace: %w", err)
	}
	rep.WorkspaceName = name
	if !applied || deleted.Valid {
		return nil
	}
	free := name
	for n := 2; ; n++ {
		var taken int
		err := tx.QueryRowContext(ctx, `SELECT count(*) FROM workspaces WHERE deleted_at IS NULL AND id != ?
			AND name = ? COLLATE NOCASE`, ws, free).Scan(&taken)
		if err != nil {
			return fmt.Errorf("check workspace name: %w", err)
		}
		if taken == 0 {
			break
		}
		free = numbered(name, n)
	}
	if free == name {
		return nil
	}
	if err := tx.Update(ctx, "workspaces", ws, store.Values{"name": free}); err != nil {
		return fmt.Errorf("rename imported workspace: %w", err)
	}
	rep.WorkspaceName, rep.RenamedFrom = free, name
	return nil
}

// numbered is name with " (n)" after it, shortened to stay a valid name.
func numbered(name string, n int) string {
	suffix := fmt.Sprintf(" (%d)", n)
	r := []rune(name)
	if keep := maxName - len([]rune(suffix)); len(r) > keep {
		r = r[:keep]
	}
	return strings.TrimSpace(string(r)) + suffix
}

// applyChunks takes over the archive's chunks for live documents that have
// none here and are the archive's version of the row; live completed
// documents left without chunks are queued for indexing here.
func (s *Service) applyChunks(ctx context.Context, tx *store.Tx, c *content, rep *Report) error {
	if s.chunks == nil {
		return nil
	}
	stamps := make(map[string]string, len(c.docs))
	for _, d := range c.docs {
		stamps[d.id] = d.hlc
	}
	// The archive's chunks, a document at a time, read again from the archive.
	taken := map[string]bool{}
	if c.chunks != nil {
		err := scanChunks(*c.chunks, func(id string, chunks []Chunk) error {
			st, err := s.chunks.DocumentState(ctx, tx, id)
			if err != nil {
				return fmt.Errorf("import chunks: %w", err)
			}
			if st.Deleted || st.Chunks > 0 || st.Status != "completed" || st.HLC != stamps[id] {
				return nil
			}
			if err := s.chunks.AddChunks(ctx, tx, id, st.WorkspaceID, chunks); err != nil {
				return fmt.Errorf("import chunks: %w", err)
			}
			taken[id] = true
			rep.Chunks += len(chunks)
			return nil
		})
		if err != nil {
			return err
		}
	}
	// Live completed documents still without chunks are indexed here.
	for _, doc := range c.docs {
		if taken[doc.id] {
			continue
		}
		st, err := s.chunks.DocumentState(ctx, tx, doc.id)
		if err != nil {
			return fmt.Errorf("import chunks: %w", err)
		}
		if st.Deleted || st.Chunks > 0 || st.Status != "completed" || st.SHA256 == "" {
			continue
		}
		if ok, _ := s.blobs.Has(st.SHA256); !ok {
			continue // nothing to index from; the document keeps its status
		}
		if err := s.chunks.QueueLocally(ctx, tx, doc.id); err != nil {
			return err
		}
		rep.Reindex++
	}
	return nil
}

// looksLikeJSON reports whether a file starts as JSON does (a chat file or a
// ChatGPT conversations.json chosen here by mistake).
func looksLikeJSON(r io.ReaderAt) bool {
	b := make([]byte, 64)
	n, _ := r.ReadAt(b, 0)
	t := bytes.TrimLeft(bytes.TrimPrefix(b[:n], []byte("\xef\xbb\xbf")), " \t\r\n")
	return len(t) > 0 && (t[0] == '{' || t[0] == '[')
}
