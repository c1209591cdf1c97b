package rag

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"syscall"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/rag/extract"
	"bookbag/backend/rag/split"
	"bookbag/backend/store"
)

// worker processes the persisted queue one document at a time (PDF children
// and embedding calls are heavy enough on a 2-core machine).
func (s *Service) worker(ctx context.Context) {
	for {
		id, err := s.next(ctx)
		if err != nil && ctx.Err() == nil {
			s.log.Error("read ingest queue", "err", err)
		}
		if id == "" {
			select {
			case <-ctx.Done():
				return
			case <-s.wake:
			case <-time.After(30 * time.Second): // belt and braces for a missed wake
			}
			continue
		}
		s.process(ctx, id)
		if ctx.Err() != nil {
			return
		}
	}
}

// next returns the oldest document waiting for work.
func (s *Service) next(ctx context.Context) (string, error) {
	var id string
	err := s.db.R.QueryRowContext(ctx, `SELECT id FROM documents
		WHERE status IN ('pending', 'processing') AND deleted_at IS NULL
		ORDER BY created_at, id LIMIT 1`).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return id, err
}

// process ingests one document and always leaves it completed or error,
// unless the app is shutting down (then it stays processing and resumes).
func (s *Service) process(parent context.Context, id string) {
	ctx, cancel := context.WithCancel(parent)
	j := &job{cancel: cancel}
	s.mu.Lock()
	s.running[id] = j
	s.mu.Unlock()
	defer func() {
		cancel()
		s.mu.Lock()
		delete(s.running, id)
		s.mu.Unlock()
	}()

	d, err := s.Get(ctx, id)
	if err != nil {
		return // deleted meanwhile
	}
	claim := store.Values{"status": StatusProcessing, "error": ""}
	if err := s.advance(parent, d, claim, StatusPending, StatusProcessing); err != nil {
		if !errors.Is(err, errNotProcessing) {
			s.log.Error("mark processing", "doc", id, "err", err)
		}
		return
	}
	res, err := s.ingest(ctx, d)
	s.mu.Lock()
	userCanceled := j.canceled
	s.mu.Unlock()
	switch {
	case userCanceled:
		return // Cancel/Delete/Reindex already wrote the outcome
	case parent.Err() != nil:
		return // shutdown: stays processing, resumes next start
	case errors.Is(err, errNotProcessing):
		return // a Reindex got in first: its own run will do the work
	case err != nil:
		s.fail(parent, d, s.failReason(d, err))
		return
	}
	vals := store.Values{"status": StatusCompleted, "error": "", "chunk_count": res.chunks,
		"page_count": res.pages, "format": res.format, "warning": res.warning}
	settle := s.nameSharedVectors(parent, id, res, vals) // sync (syncbundle.go)
	err = s.advance(parent, d, vals, StatusProcessing)
	settle(err == nil)
	if err != nil {
		if !errors.Is(err, errNotProcessing) {
			s.log.Error("mark completed", "doc", id, "err", err)
		}
		return
	}
	// The vectors become visible with the document.
	if len(res.vectors) > 0 {
		if err := s.addVectors(parent, d.WorkspaceID, res.embedRef, res.vectors); err != nil {
			s.log.Warn("add vectors", "doc", id, "err", err)
		}
	}
	// The workspace's embedding model changed while this document was
	// being indexed: the pass the change started could not see it then.
	if st, err := s.settings.RetrievalSettings(parent, d.WorkspaceID); err == nil && st.EmbeddingModel != "" && st.EmbeddingModel != res.model {
		if _, err := s.Reembed(parent, d.WorkspaceID); err != nil {
			s.log.Warn("re-embed after a model change", "doc", id, "err", err)
		}
	}
}

// failReason is what a failed document's row says: the reason the
// extractor, the store or the provider wrote for a person, or, for any
// other error, a sentence without its Go error chain and the data folder's
// paths (the log keeps those).
func (s *Service) failReason(d Document, err error) string {
	if r, ok := ownReason(err); ok {
		return r
	}
	s.log.Error("ingest document", "doc", d.ID, "name", d.Name, "err", err)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return storedFileMissing
	case errors.Is(err, fs.ErrPermission):
		return "the stored copy of the file cannot be read (permission denied)"
	case errors.Is(err, syscall.ENOSPC):
		return "the disk is full"
	}
	return "could not be indexed because of an internal error (the log has the details); retry may work"
}

// storedFileMissing: the data folder lost the document's copy (removed by
// hand, or a synced document whose file never came). Adding the file again
// stores it and queues this document again (addFile).
const storedFileMissing = "the stored copy of the file is missing: add the file again"

func (s *Service) fail(ctx context.Context, d Document, reason string) {
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		if err := checkProcessing(ctx, tx, d.ID); err != nil {
			return err
		}
		if _, err := deleteChunks(ctx, tx, d.ID); err != nil {
			return err
		}
		return tx.Update(ctx, "documents", d.ID, store.Values{"status": StatusError, "error": reason, "chunk_count": 0})
	})
	s.fts.invalidate()
	if errors.Is(err, errNotProcessing) {
		return
	}
	if err != nil {
		s.log.Error("mark error", "doc", d.ID, "err", err)
		return
	}
	d.Status, d.Error, d.Chunks = StatusError, reason, 0
	s.status(d)
}

// errNotProcessing: a cancel, delete or re-index got to the document
// between the job's last check and its write, and its outcome stands.
var errNotProcessing = errors.New("document is no longer being processed")

// checkProcessing, inside a write transaction, makes a job's write wait
// its turn behind a Cancel, Delete or Reindex (SQLite has one writer) and
// then find out whether one happened: a canceled document must not end
// "completed", nor keep chunks written after its cancel removed them.
func checkProcessing(ctx context.Context, tx *store.Tx, id string) error {
	return checkStatus(ctx, tx, id, StatusProcessing)
}

// checkStatus is checkProcessing for a document in any of want.
func checkStatus(ctx context.Context, tx *store.Tx, id string, want ...string) error {
	var status string
	var live bool
	err := tx.QueryRowContext(ctx, `SELECT status, deleted_at IS NULL FROM documents WHERE id = ?`, id).Scan(&status, &live)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && (!live || !slices.Contains(want, status))) {
		return errNotProcessing
	}
	if err != nil {
		return fmt.Errorf("read document status: %w", err)
	}
	return nil
}

// advance writes a job's status change (vals) if the document is still
// live and in one of the statuses from, then reports it. Claiming a queued
// document (from pending or processing) and writing its outcome (from
// processing) both go through here: the worker can pick a document a
// Cancel is still writing the outcome of, and a job can finish after a
// Cancel, Delete or Reindex got in; either way that outcome stands.
func (s *Service) advance(ctx context.Context, d Document, vals store.Values, from ...string) error {
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		if err := checkStatus(ctx, tx, d.ID, from...); err != nil {
			return err
		}
		return tx.Update(ctx, "documents", d.ID, vals)
	})
	if err != nil {
		return err
	}
	if nd, err := s.Get(ctx, d.ID); err == nil {
		s.status(nd)
	}
	return nil
}

type ingestResult struct {
	chunks, pages int
	format        string
	warning       string
	model         string // the embedding model the workspace had when the ingest began
	embedRef      string
	vectors       []vecEntry
}

// ingest extracts, splits, stores and embeds one document.
func (s *Service) ingest(ctx context.Context, d Document) (ingestResult, error) {
	var res ingestResult
	st, err := s.settings.RetrievalSettings(ctx, d.WorkspaceID)
	if err != nil {
		return res, err
	}
	st = st.normalized()
	res.model = st.EmbeddingModel
	s.progress(d.WorkspaceID, d.ID, StageExtracting, 0, 1)
	path, err := s.blobs.Path(d.SHA256)
	if err != nil {
		return res, err
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return res, apperr.Wrap(err, apperr.NotFound, storedFileMissing)
	}
	doc, err := s.extractor.File(ctx, d.Name, path)
	if err != nil {
		return res, err
	}
	s.progress(d.WorkspaceID, d.ID, StageExtracting, 1, 1)
	s.progress(d.WorkspaceID, d.ID, StageChunking, 0, 1)
	heads := docHeadings(doc)
	chunks := split.Split(doc.Text, split.Options{Size: st.ChunkSize, Overlap: st.ChunkOverlap})
	s.progress(d.WorkspaceID, d.ID, StageChunking, 1, 1)
	if len(chunks) == 0 {
		return res, apperr.New(apperr.Invalid, "no text in file")
	}
	// A document indexed again (Reindex, or a new version of the indexing
	// rules) keeps the vectors of chunks whose text has not changed.
	var stored map[textKey][]byte
	if st.EmbeddingModel != "" {
		if stored, err = s.storedEmbeddings(ctx, d.ID, st.EmbeddingModel); err != nil {
			return res, err
		}
		s.addSharedVectors(ctx, d.ID, st.EmbeddingModel, stored) // sync (syncbundle.go)
	}
	ids, err := s.writeChunks(ctx, d, doc, heads, chunks)
	if err != nil {
		return res, err
	}
	res.chunks, res.pages, res.format = len(chunks), len(doc.Pages), doc.Format
	warnings := doc.Warnings
	if st.EmbeddingModel != "" {
		texts := make([]string, len(chunks))
		for i, c := range chunks {
			texts[i] = c.Text
		}
		kept, ids, texts, err := s.reuseEmbeddings(ctx, d, st.EmbeddingModel, ids, texts, stored)
		if err != nil {
			return res, err
		}
		var vecs []vecEntry
		if len(texts) > 0 {
			vecs, err = s.embedChunks(ctx, d, st.EmbeddingModel, ids, texts)
		}
		if err != nil {
			if ctx.Err() != nil {
				return res, ctx.Err()
			}
			// Keyword search still works; a later Reembed fills the gap.
			warnings = append(warnings, "embeddings unavailable ("+apperr.MessageOf(err)+"); keyword search only for this document")
		} else {
			res.embedRef, res.vectors = st.EmbeddingModel, append(kept, vecs...)
		}
	}
	res.warning = strings.Join(warnings, "; ")
	return res, nil
}

// writeChunks replaces the document's chunks in one transaction.
func (s *Service) writeChunks(ctx context.Context, d Document, doc extract.Document, heads []heading, chunks []split.Chunk) ([]int64, error) {
	ids := make([]int64, 0, len(chunks))
	title := docTitle(d.Name, doc)
	var old []int64
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		if err := checkProcessing(ctx, tx, d.ID); err != nil {
			return err
		}
		var err error
		if old, err = deleteChunks(ctx, tx, d.ID); err != nil {
			return err
		}
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO chunks (document_id, workspace_id, ordinal, page, start_offset, end_offset, text, context)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`)
		if err != nil {
			return fmt.Errorf("prepare chunk insert: %w", err)
		}
		defer stmt.Close()
		for i, c := range chunks {
			if i%256 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
				s.progress(d.WorkspaceID, d.ID, StageIndexing, i, len(chunks))
			}
			var id int64
			if err := stmt.QueryRowContext(ctx, d.ID, d.WorkspaceID, i, doc.PageAt(c.Start), c.RuneStart, c.RuneEnd, c.Text, chunkContext(title, heads, c)).Scan(&id); err != nil {
				return fmt.Errorf("insert chunk: %w", err)
			}
			ids = append(ids, id)
		}
		return nil
	})
	s.fts.invalidate()
	if err != nil {
		return nil, err
	}
	s.vectors.remove(ctx, d.WorkspaceID, old)
	s.progress(d.WorkspaceID, d.ID, StageIndexing, len(chunks), len(chunks))
	return ids, nil
}

// storedEmbeddings returns the vectors a document's current chunks have
// for model ref, by chunk text.
func (s *Service) storedEmbeddings(ctx context.Context, docID, ref string) (map[textKey][]byte, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT text, embedding FROM chunks
		WHERE document_id = ? AND embedding_ref = ? AND embedding IS NOT NULL`, docID, ref)
	if err != nil {
		return nil, fmt.Errorf("read stored embeddings: %w", err)
	}
	defer rows.Close()
	out := map[textKey][]byte{}
	for rows.Next() {
		var text string
		var v []byte
		if err := rows.Scan(&text, &v); err != nil {
			return nil, fmt.Errorf("read stored embeddings: %w", err)
		}
		out[keyOf(text)] = v
	}
	return out, rows.Err()
}

// reuseEmbeddings gives the new chunks whose text had a vector for ref
// before (stored) that vector again, and returns them with the ids and
// texts still to embed.
func (s *Service) reuseEmbeddings(ctx context.Context, d Document, ref string, ids []int64, texts []string, stored map[textKey][]byte) ([]vecEntry, []int64, []string, error) {
	if len(stored) == 0 {
		return nil, ids, texts, nil
	}
	dims := RefDimensions(ref)
	var kept []vecEntry
	var restIDs []int64
	var restTexts []string
	for i, t := range texts {
		b, ok := stored[keyOf(t)]
		var v []float32
		if ok {
			var err error
			v, err = decodeVector(b)
			ok = err == nil && len(v) > 0 && (dims == 0 || len(v) == dims)
		}
		if !ok {
			restIDs, restTexts = append(restIDs, ids[i]), append(restTexts, t)
			continue
		}
		kept = append(kept, vecEntry{id: ids[i], v: v, chat: d.ChatID})
	}
	if len(kept) == 0 {
		return nil, ids, texts, nil
	}
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		for _, e := range kept {
			if _, err := tx.ExecContext(ctx, `UPDATE chunks SET embedding = ?, embedding_ref = ? WHERE id = ?`,
				encodeVector(e.v), ref, e.id); err != nil {
				return fmt.Errorf("store embedding: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, nil, err
	}
	return kept, restIDs, restTexts, nil
}

// embedChunks embeds texts in batches and stores each batch's vectors.
func (s *Service) embedChunks(ctx context.Context, d Document, ref string, ids []int64, texts []string) (_ []vecEntry, err error) {
	defer func() { s.noteEmbedding(ctx, d.WorkspaceID, ref, err) }()
	if s.embedders == nil {
		return nil, apperr.New(apperr.Unavailable, "no embedding provider is configured")
	}
	if err := s.allowEmbedding(ctx, d.WorkspaceID, ref); err != nil {
		return nil, err
	}
	emb, err := s.embedders.Embedder(ctx, ref)
	if err != nil {
		return nil, err
	}
	dims := RefDimensions(ref)
	out := make([]vecEntry, 0, len(ids))
	for start := 0; start < len(texts); start += embedBatch {
		end := min(start+embedBatch, len(texts))
		s.progress(d.WorkspaceID, d.ID, StageEmbedding, start, len(texts))
		vecs, took, err := s.embedRetrying(ctx, d, emb, texts[start:end], start, len(texts))
		if err != nil {
			return nil, apperr.Wrap(err, apperr.Unavailable, "embedding failed: %v", err)
		}
		s.recordEmbedding(ctx, d.WorkspaceID, ref, texts[start:end], took)
		if err := checkVectors(vecs, end-start, dims); err != nil {
			return nil, apperr.Wrap(err, apperr.Unavailable, "%v", err)
		}
		err = s.db.Tx(ctx, func(tx *store.Tx) error {
			for i, v := range vecs {
				if _, err := tx.ExecContext(ctx, `UPDATE chunks SET embedding = ?, embedding_ref = ? WHERE id = ?`,
					encodeVector(v), ref, ids[start+i]); err != nil {
					return fmt.Errorf("store embedding: %w", err)
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		for i, v := range vecs {
			out = append(out, vecEntry{id: ids[start+i], v: v, chat: d.ChatID})
		}
	}
	s.progress(d.WorkspaceID, d.ID, StageEmbedding, len(texts), len(texts))
	return out, nil
}

// embedErr is why embedding with model ref failed.
type embedErr struct{ ref, reason string }

// noteEmbedding keeps why a workspace's embedding with ref failed (err), or
// forgets it once embedding works again; a stop is neither.
func (s *Service) noteEmbedding(ctx context.Context, ws, ref string, err error) {
	if err != nil && ctx.Err() != nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err == nil {
		delete(s.embedErrs, ws)
	} else {
		s.embedErrs[ws] = embedErr{ref: ref, reason: apperr.MessageOf(err)}
	}
}
