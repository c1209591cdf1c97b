package rag

import (
	"context"
	"fmt"
	"strings"

	"bookbag/backend/apperr"
	"bookbag/backend/sqlkit"
)

// Reembed brings a workspace's vectors in line with its embedding model
// after the model changed: chunks embedded with another model (or none) are
// embedded again in the background, with document:progress per document
// (stage "embedding"). A model set to none just drops the loaded vectors.
// It returns at once; calling it again restarts the pass.
func (s *Service) Reembed(ctx context.Context, workspaceID string) (IndexStatus, error) {
	st, err := s.settings.RetrievalSettings(ctx, workspaceID)
	if err != nil {
		return IndexStatus{}, err
	}
	s.vectors.drop(workspaceID)
	s.markMu.Lock()
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		s.markMu.Unlock()
		return s.Status(ctx, workspaceID)
	}
	if prev, ok := s.reembeds[workspaceID]; ok {
		prev.cancel()
	}
	var bg context.Context
	var cancel context.CancelFunc
	var mine *reembedJob
	if st.EmbeddingModel != "" {
		bg, cancel = context.WithCancel(context.WithoutCancel(ctx))
		mine = &reembedJob{cancel: cancel}
		s.reembeds[workspaceID] = mine
		s.wg.Add(1)
	} else {
		delete(s.reembeds, workspaceID)
	}
	s.mu.Unlock()
	// The pass is written down until it ends or the user stops it, so that
	// quitting mid-pass resumes it at the next start (resumeReembeds).
	s.setReembedMark(workspaceID, st.EmbeddingModel)
	s.markMu.Unlock()
	if st.EmbeddingModel != "" {
		go func() {
			defer s.wg.Done()
			defer cancel()
			if err := s.reembedWorkspace(bg, workspaceID, st.EmbeddingModel); err != nil && bg.Err() == nil {
				s.log.Warn("re-embed workspace", "workspace", workspaceID, "err", err)
			}
			// The resume marker is cleared before the pass leaves s.reembeds,
			// so that nobody sees the pass finished with its marker still
			// written (Status reads s.reembeds).
			s.markMu.Lock()
			s.mu.Lock()
			j, ok := s.reembeds[workspaceID]
			done := ok && j == mine && !j.shutdown
			s.mu.Unlock()
			if done {
				s.setReembedMark(workspaceID, "")
				s.mu.Lock()
				if s.reembeds[workspaceID] == mine {
					delete(s.reembeds, workspaceID)
				}
				s.mu.Unlock()
			}
			s.markMu.Unlock()
			if done {
				s.changed(workspaceID)
			}
		}()
	}
	return s.Status(ctx, workspaceID)
}

// CancelReembed stops the workspace's re-embedding pass. Chunks embedded
// so far keep their vectors; Reembed later embeds only the rest.
func (s *Service) CancelReembed(ctx context.Context, workspaceID string) (IndexStatus, error) {
	s.markMu.Lock()
	s.mu.Lock()
	if j, ok := s.reembeds[workspaceID]; ok {
		j.cancel()
		delete(s.reembeds, workspaceID)
	}
	s.mu.Unlock()
	s.setReembedMark(workspaceID, "")
	s.markMu.Unlock()
	return s.Status(ctx, workspaceID)
}

// shutdown marks a job stopped by Close, which leaves its pass to resume.
type reembedJob struct {
	cancel   context.CancelFunc
	shutdown bool
}

func reembedKey(workspaceID string) string { return "rag.reembed." + workspaceID }

// setReembedMark writes (model) or clears ("") the resume marker; callers
// hold markMu.
func (s *Service) setReembedMark(workspaceID, model string) {
	if err := s.db.SetSetting(context.Background(), reembedKey(workspaceID), model); err != nil {
		s.log.Warn("mark re-embed pass", "workspace", workspaceID, "err", err)
	}
}

// resumeReembeds restarts the passes the last run left unfinished.
func (s *Service) resumeReembeds(ctx context.Context) {
	marks, err := s.db.SettingsWithPrefix(ctx, reembedKey(""))
	if err != nil {
		s.log.Warn("find unfinished re-embed passes", "err", err)
		return
	}
	for key, model := range marks {
		if model == "" {
			continue
		}
		ws := strings.TrimPrefix(key, reembedKey(""))
		if _, err := s.Reembed(ctx, ws); err != nil {
			s.log.Warn("resume re-embed pass", "workspace", ws, "err", err)
			s.markMu.Lock()
			s.setReembedMark(ws, "")
			s.markMu.Unlock()
		}
	}
}

func (s *Service) reembedWorkspace(ctx context.Context, ws, ref string) error {
	docs, err := sqlkit.Strings(ctx, s.db.R, `SELECT d.id FROM documents d WHERE d.workspace_id = ? AND d.deleted_at IS NULL
		AND d.status = 'completed' AND EXISTS (SELECT 1 FROM chunks c WHERE c.document_id = d.id AND c.embedding_ref != ?)
		ORDER BY d.created_at, d.id`, ws, ref)
	if err != nil {
		return fmt.Errorf("find chunks to embed: %w", err)
	}
	for _, id := range docs {
		d, err := s.Get(ctx, id)
		if err != nil {
			continue
		}
		ids, texts, err := s.chunksToEmbed(ctx, id, ref)
		if err != nil {
			return err
		}
		kept, ids, texts, err := s.reuseEmbeddings(ctx, d, ref, ids, texts, s.sharedVectors(ctx, id, ref))
		if err != nil {
			return err
		}
		var vecs []vecEntry
		var embedErr error
		if len(texts) > 0 {
			vecs, embedErr = s.embedChunks(ctx, d, ref, ids, texts)
			if ctx.Err() != nil {
				return ctx.Err()
			}
		}
		if err := s.addVectors(ctx, ws, ref, append(kept, vecs...)); err != nil {
			return err
		}
		if embedErr != nil {
			// One document this device cannot embed (no provider for the
			// model, a failing call) costs that document only: the others
			// may still take vectors members published.
			s.log.Warn("re-embed document", "doc", id, "err", embedErr)
			continue
		}
		if err := s.publishEmbeddings(ctx, id, ref, false); err != nil {
			s.log.Warn("share embeddings", "doc", id, "err", err)
		}
	}
	return nil
}

func (s *Service) chunksToEmbed(ctx context.Context, docID, ref string) ([]int64, []string, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, text FROM chunks WHERE document_id = ? AND embedding_ref != ? ORDER BY ordinal`, docID, ref)
	if err != nil {
		return nil, nil, fmt.Errorf("read chunks: %w", err)
	}
	defer rows.Close()
	var ids []int64
	var texts []string
	for rows.Next() {
		var id int64
		var t string
		if err := rows.Scan(&id, &t); err != nil {
			return nil, nil, err
		}
		ids = append(ids, id)
		texts = append(texts, t)
	}
	return ids, texts, rows.Err()
}

// Status summarises the workspace's index: keyword or hybrid, and how many
// chunks carry vectors of the current model.
func (s *Service) Status(ctx context.Context, workspaceID string) (IndexStatus, error) {
	if workspaceID == "" {
		return IndexStatus{}, apperr.New(apperr.Invalid, "a workspace is required")
	}
	st, err := s.settings.RetrievalSettings(ctx, workspaceID)
	if err != nil {
		return IndexStatus{}, err
	}
	out := IndexStatus{WorkspaceID: workspaceID, Mode: ModeKeyword, EmbeddingModel: st.EmbeddingModel}
	s.mu.Lock()
	_, out.Reembedding = s.reembeds[workspaceID]
	if e, ok := s.embedErrs[workspaceID]; ok && e.ref == st.EmbeddingModel {
		out.EmbedError = e.reason // another model's failure says nothing of this one
	}
	s.mu.Unlock()
	switch {
	case st.EmbeddingModel == "":
	case s.embedders == nil:
		out.Unavailable = "no embedding provider is configured"
	default:
		// The same resolution a search makes: a model whose provider was
		// removed or has no key searches by keywords, and says so here.
		if _, err := s.embedders.Embedder(ctx, st.EmbeddingModel); err != nil {
			out.Unavailable = apperr.MessageOf(err)
		} else {
			out.Mode = ModeHybrid
		}
	}
	err = s.db.R.QueryRowContext(ctx, `SELECT COALESCE(SUM(chat_id IS NULL), 0), COALESCE(SUM(chat_id IS NOT NULL), 0),
		COALESCE(SUM(status IN ('pending', 'processing')), 0), COALESCE(SUM(chat_id IS NULL AND status = 'error' AND sha256 <> ''), 0),
		COALESCE(SUM(chat_id IS NULL AND status = 'error' AND sha256 = ''), 0)
		FROM documents WHERE workspace_id = ? AND deleted_at IS NULL`, workspaceID).Scan(&out.Documents, &out.InChats, &out.Pending, &out.Failed, &out.Refused)
	if err != nil {
		return out, fmt.Errorf("count documents: %w", err)
	}
	err = s.db.R.QueryRowContext(ctx, `SELECT count(*), COALESCE(SUM(embedding_ref = ?), 0) FROM chunks WHERE workspace_id = ?`,
		st.EmbeddingModel, workspaceID).Scan(&out.Chunks, &out.Embedded)
	if err != nil {
		return out, fmt.Errorf("count chunks: %w", err)
	}
	if st.EmbeddingModel == "" {
		out.Embedded = 0
	}
	return out, nil
}
