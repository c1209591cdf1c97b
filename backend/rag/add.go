package rag

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"

	"bookbag/backend/apperr"
	"bookbag/backend/blob"
	"bookbag/backend/rag/extract"
	"bookbag/backend/store"
)

// maxFolderFiles bounds one folder drop; maxSkippedNames bounds the list of
// files it skipped (they are still counted).
const (
	maxFolderFiles  = 10000
	maxSkippedNames = 200
)

// AddPaths adds files by path (file picker, drag and drop) to a workspace, or
// to one chat when chatID is set. Each file gets a document: queued when its
// type is supported, or at once in status error with the reason when not.
// A folder adds every supported file under it (recursively; hidden files
// and folders are skipped); its files of other types are listed in Skipped
// rather than turned into error documents: a folder holds many files that
// were never meant as documents. The same content already in the same
// place is not added twice; when that document failed or was canceled, it
// is queued again instead, under the name it is added with now. The add
// reports its progress and CancelAdd stops it (addjob.go).
func (s *Service) AddPaths(ctx context.Context, workspaceID, chatID string, paths []string) (AddReport, error) {
	out := newAddReport()
	if err := s.checkTarget(ctx, workspaceID, chatID); err != nil {
		return out, err
	}
	j, done := s.startAdd(ctx, workspaceID, chatID)
	defer done()
	var files []string
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			out.fail(p, err)
			continue
		}
		if !fi.IsDir() {
			files = append(files, p)
			continue
		}
		found, err := listFolder(j.ctx, p, &out)
		if err != nil && j.stopped(ctx) {
			out.Stopped = true // nothing was copied yet
			return out, nil
		}
		if err != nil {
			return out, err
		}
		files = append(files, found...)
	}
	err := s.addAll(ctx, j, files, &out)
	s.changed(workspaceID)
	return out, err
}

// listFolder returns the supported files under dir, sorted, and notes the
// others in out as skipped, by path under the folder.
func listFolder(ctx context.Context, dir string, out *AddReport) ([]string, error) {
	var files []string
	base := filepath.Base(dir)
	tooMany := errors.New("too many documents")
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if ctx.Err() != nil {
			return ctx.Err() // stopped
		}
		if err != nil {
			return nil // an unreadable subfolder costs that subfolder only
		}
		name := d.Name()
		if p != dir && strings.HasPrefix(name, ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || !d.Type().IsRegular() {
			return nil
		}
		if !extract.Supported(name) {
			if out.SkippedCount++; len(out.Skipped) < maxSkippedNames {
				rel, _ := filepath.Rel(dir, p)
				out.Skipped = append(out.Skipped, filepath.ToSlash(filepath.Join(base, rel)))
			}
			return nil
		}
		if len(files) >= maxFolderFiles {
			return tooMany
		}
		files = append(files, p)
		return nil
	})
	if errors.Is(err, tooMany) {
		return nil, apperr.Wrap(err, apperr.Invalid, "cannot add the folder %s: it holds more than %d documents; add its subfolders one at a time",
			base, maxFolderFiles)
	}
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	return files, nil
}

func newAddReport() AddReport {
	return AddReport{Added: []AddResult{}, Skipped: []string{}, Failed: []AddFailure{}}
}

// unreadable says whether err is about the file at p itself (gone, no
// permission, locked by another program, a read error): that costs the
// file, not the rest of the batch. A failure to store it (the data dir)
// still stops the add.
func unreadable(err error, p string) bool {
	var pe *fs.PathError
	return errors.As(err, &pe) && pe.Path == p
}

// fail records a file that could not be read.
func (r *AddReport) fail(p string, err error) {
	reason := "cannot read the file"
	var pe *fs.PathError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		reason = "file not found"
	case errors.Is(err, fs.ErrPermission):
		reason += ": permission denied"
	case errors.As(err, &pe):
		reason += ": " + pe.Err.Error()
	}
	r.Failed = append(r.Failed, AddFailure{Name: filepath.Base(p), Reason: reason})
}

// AddBytes adds one file given as bytes (browser upload, paste).
func (s *Service) AddBytes(ctx context.Context, workspaceID, chatID, name string, data []byte) (AddResult, error) {
	if err := s.checkTarget(ctx, workspaceID, chatID); err != nil {
		return AddResult{}, err
	}
	name = filepath.Base(strings.TrimSpace(name))
	if name == "" || name == "." || name == string(filepath.Separator) {
		return AddResult{}, apperr.New(apperr.Invalid, "a file name is required")
	}
	res, err := s.addFile(ctx, workspaceID, chatID, name, func() (blob.Ref, error) {
		return s.blobs.PutBytes(ctx, data)
	}, int64(len(data)))
	if err == nil {
		s.changed(workspaceID)
	}
	return res, err
}

func (s *Service) checkTarget(ctx context.Context, workspaceID, chatID string) error {
	if workspaceID == "" {
		return apperr.New(apperr.Invalid, "a workspace is required")
	}
	if s.wss != nil {
		if live, err := s.wss.Live(ctx, s.db.R, workspaceID); err != nil {
			return err
		} else if !live {
			return apperr.New(apperr.NotFound, "workspace %s not found", workspaceID)
		}
	}
	if chatID == "" || s.chats == nil {
		return nil
	}
	if in, err := s.chats.ChatIn(ctx, s.db.R, chatID, workspaceID); err != nil {
		return err
	} else if !in {
		return apperr.New(apperr.NotFound, "chat %s not found in this workspace", chatID)
	}
	return nil
}

// addFile stores the content and creates the document row. Unsupported
// types are recorded as errors without storing their bytes.
func (s *Service) addFile(ctx context.Context, ws, chat, name string, put func() (blob.Ref, error), size int64) (AddResult, error) {
	mimeType := mime.TypeByExtension(strings.ToLower(filepath.Ext(name)))
	if !extract.Supported(name) && filepath.Ext(name) != "" {
		reason := extract.UnsupportedReason(strings.ToLower(filepath.Ext(name)))
		d, err := s.insertDocument(ctx, ws, chat, name, mimeType, size, "", StatusError, reason)
		return AddResult{Document: d}, err
	}
	ref, err := put()
	if err != nil {
		if apperr.Is(err, apperr.Invalid) {
			// Too large: the document says so instead of failing the batch.
			d, ierr := s.insertDocument(ctx, ws, chat, name, mimeType, size, "", StatusError, apperr.MessageOf(err))
			return AddResult{Document: d}, ierr
		}
		return AddResult{}, s.storeFailed(name, err)
	}
	if existing, err := s.findDuplicate(ctx, ws, chat, ref.SHA256); err != nil {
		return AddResult{}, err
	} else if existing != "" {
		d, err := s.Get(ctx, existing)
		if err == nil && d.Status == StatusError {
			// Adding a failed or canceled file again means "try again",
			// not "already here", and under the name it has now: the name
			// picks the format (a text file renamed .pdf), and the file
			// the user just added is the one they look for in the list.
			var also store.Values
			res := AddResult{}
			if d.Name != name {
				also = store.Values{"name": name, "mime": mimeType}
				res.RetriedFrom = d.Name
			}
			res.Document, err = s.reindex(ctx, existing, also)
			return res, err
		}
		return AddResult{Document: d, Duplicate: true}, err
	}
	d, err := s.insertDocument(ctx, ws, chat, name, mimeType, ref.Size, ref.SHA256, StatusPending, "")
	if err != nil {
		return AddResult{}, err
	}
	s.kick()
	return AddResult{Document: d}, nil
}

// storeFailed is why a file could not be copied into the data folder, in
// words: the path and the Go error go to the log with the error. A file
// that could not be read stays recognisable (unreadable) through it.
func (s *Service) storeFailed(name string, err error) error {
	s.log.Error("store document file", "name", name, "err", err)
	if errors.Is(err, syscall.ENOSPC) {
		return apperr.Wrap(err, apperr.Unavailable, "could not add %s: the disk is full", name)
	}
	return apperr.Wrap(err, apperr.Unavailable, "could not add %s: its copy could not be written to the data folder", name)
}

func (s *Service) findDuplicate(ctx context.Context, ws, chat, sum string) (string, error) {
	var id string
	err := s.db.R.QueryRowContext(ctx, `SELECT id FROM documents
		WHERE workspace_id = ? AND sha256 = ? AND COALESCE(chat_id, '') = ? AND deleted_at IS NULL
		ORDER BY created_at LIMIT 1`, ws, sum, chat).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("find duplicate: %w", err)
	}
	return id, nil
}

func (s *Service) insertDocument(ctx context.Context, ws, chat, name, mimeType string, size int64, sum, status, reason string) (Document, error) {
	id := store.NewID()
	var chatVal any
	if chat != "" {
		chatVal = chat
	}
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		return tx.Insert(ctx, "documents", id, ws, store.Values{
			"chat_id": chatVal, "name": name, "mime": mimeType, "size": size, "sha256": sum,
			"status": status, "error": reason,
		})
	})
	if err != nil {
		return Document{}, fmt.Errorf("add document: %w", err)
	}
	d, err := s.Get(ctx, id)
	if err == nil {
		s.status(d)
	}
	return d, err
}
