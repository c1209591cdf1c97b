package rag

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/rag/rank"
)

// Retrieval constants of DESIGN.md: each retriever contributes its top 50,
// fused by reciprocal rank with k = 60.
const (
	candidates = 50
	rrfK       = 60
)

// Scope is what a search sees: the workspace's documents and the chat's
// own (Chat "" for none), or the chat's own only.
type Scope struct {
	Chat     string
	ChatOnly bool // the workspace's documents are off for this chat
}

// sees says whether a chunk of a document attached to docChat ("" for the
// workspace's) is in scope.
func (sc Scope) sees(docChat string) bool {
	if docChat == "" {
		return !sc.ChatOnly
	}
	return docChat == sc.Chat
}

// Retrieve returns the top-k chunks for a chat's question (the workspace's
// documents and the chat's own), numbered from 1 for citations, with the
// workspace's top-k and minimum score.
func (s *Service) Retrieve(ctx context.Context, workspaceID, chatID, query string) ([]Source, error) {
	return s.RetrieveIn(ctx, workspaceID, Scope{Chat: chatID}, query)
}

// RetrieveIn is Retrieve within a scope: a chat in a workspace whose
// documents are off still answers from the documents attached to it.
func (s *Service) RetrieveIn(ctx context.Context, workspaceID string, sc Scope, query string) ([]Source, error) {
	res, err := s.RetrieveRanked(ctx, workspaceID, sc, query, nil)
	return res.Sources, err
}

// chatHasDocuments says whether a chat has completed documents of its own.
func (s *Service) chatHasDocuments(ctx context.Context, workspaceID, chatID string) (bool, error) {
	if chatID == "" {
		return false, nil
	}
	var n int
	err := s.db.R.QueryRowContext(ctx, `SELECT count(*) FROM documents WHERE chat_id = ? AND workspace_id = ?
		AND deleted_at IS NULL AND status = 'completed'`, chatID, workspaceID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("find the chat's documents: %w", err)
	}
	return n > 0, nil
}

// Search is the Documents page search box: the ranked chunks with scores,
// and whether vectors took part.
func (s *Service) Search(ctx context.Context, req SearchRequest) (SearchResult, error) {
	start := time.Now()
	st, err := s.settings.RetrievalSettings(ctx, req.WorkspaceID)
	if err != nil {
		return SearchResult{}, err
	}
	st = st.normalized()
	limit, minScore := req.Limit, st.MinScore
	if limit <= 0 {
		limit = st.TopK
	} else {
		minScore = 0 // an explicit limit asks for that many, whatever their score
	}
	res, err := s.fusedSearch(ctx, req.WorkspaceID, Scope{Chat: req.ChatID}, req.Query, st, min(limit, candidates), minScore)
	if err != nil {
		return SearchResult{}, err
	}
	res.TookMs = time.Since(start).Milliseconds()
	return res, nil
}

// fusedSearch runs BM25 and, when the workspace has an embedding model,
// vector search, and fuses them.
func (s *Service) fusedSearch(ctx context.Context, ws string, sc Scope, query string, st Settings, limit int, minScore float64) (SearchResult, error) {
	res := SearchResult{Mode: ModeKeyword, Hits: []Source{}}
	if strings.TrimSpace(query) == "" {
		return res, apperr.New(apperr.Invalid, "type something to search for")
	}
	// Keyword and vector search run side by side: a hybrid query costs
	// the slower of the two, not their sum.
	var (
		vec    []rank.VecHit
		vecErr error
		wg     sync.WaitGroup
	)
	if st.EmbeddingModel != "" {
		wg.Add(1)
		go func() {
			defer wg.Done()
			vec, vecErr = s.vectorSearch(ctx, ws, sc, query, st.EmbeddingModel)
		}()
	}
	kw, err := s.bm25(ctx, ws, sc, query, candidates)
	wg.Wait()
	if err != nil {
		return res, err
	}
	switch {
	case st.EmbeddingModel == "":
		res.Note = "keyword search only: this workspace has no embedding model"
	case vecErr != nil:
		if ctx.Err() != nil {
			return res, ctx.Err()
		}
		res.Note = "keyword search only: " + apperr.MessageOf(vecErr)
		vec = nil
	default:
		res.Mode = ModeHybrid
	}
	top, rel := fuseHits(kw, vec, res.Mode == ModeHybrid, minScore, limit)
	bm := map[int64]float64{}
	for _, h := range kw {
		bm[h.ID] = h.Score
	}
	cos := map[int64]float64{}
	for _, h := range vec {
		cos[h.ID] = h.Sim
	}
	hits, err := s.hydrate(ctx, top)
	if err != nil {
		return res, err
	}
	for i := range hits {
		hits[i].Ordinal = i + 1
		hits[i].BM25 = bm[hits[i].ChunkID]
		hits[i].Vector = cos[hits[i].ChunkID]
		hits[i].Relevance = rel[hits[i].ChunkID]
	}
	res.Hits = hits
	return res, nil
}

// fuseHits fuses keyword hits and, when hybrid, vector hits by reciprocal
// rank (a hybrid search is two lists even when no passage has a vector yet),
// and keeps the first limit whose relevance (the better of a hit's two
// parts) reaches minScore; rel is every candidate's.
func fuseHits(kw []rank.Hit, vec []rank.VecHit, hybrid bool, minScore float64, limit int) (top []rank.Fused, rel map[int64]float64) {
	lists := [][]int64{idsOf(kw)}
	rel = map[int64]float64{}
	for _, h := range kw {
		rel[h.ID] = h.Relevance
	}
	if hybrid {
		ids := make([]int64, len(vec))
		for i, h := range vec {
			ids[i] = h.ID
			rel[h.ID] = max(rel[h.ID], h.Sim)
		}
		lists = append(lists, ids)
	}
	for _, f := range rank.Fuse(lists, rrfK) {
		if minScore > 0 && rel[f.ID] < minScore {
			continue
		}
		top = append(top, f)
		if len(top) == limit {
			break
		}
	}
	return top, rel
}

func idsOf(h []rank.Hit) []int64 {
	ids := make([]int64, len(h))
	for i, x := range h {
		ids[i] = x.ID
	}
	return ids
}

// vectorSearch embeds the query with the workspace's model and asks the
// in-memory index.
func (s *Service) vectorSearch(ctx context.Context, ws string, sc Scope, query, ref string) ([]rank.VecHit, error) {
	vecs, err := s.embedQueries(ctx, ws, ref, []string{query})
	if err != nil {
		return nil, err
	}
	return s.vectors.query(ctx, ws, ref, sc, vecs[0], candidates)
}

// embedQueries embeds search texts with the model ref in one call, records
// the call in usage and checks the vectors' count and size.
func (s *Service) embedQueries(ctx context.Context, ws, ref string, texts []string) ([][]float32, error) {
	if s.embedders == nil {
		return nil, apperr.New(apperr.Unavailable, "no embedding provider is configured")
	}
	if err := s.allowEmbedding(ctx, ws, ref); err != nil {
		return nil, err
	}
	emb, err := s.embedders.Embedder(ctx, ref)
	if err != nil {
		return nil, err
	}
	began := time.Now()
	vecs, err := emb.Embed(ctx, texts)
	if err != nil {
		return nil, apperr.Wrap(err, apperr.Unavailable, "embedding model %s failed: %v", ref, err)
	}
	s.recordEmbedding(ctx, ws, ref, texts, time.Since(began))
	if err := checkVectors(vecs, len(texts), RefDimensions(ref)); err != nil {
		return nil, apperr.Wrap(err, apperr.Unavailable, "%v", err)
	}
	return vecs, nil
}

// hydrate loads the chunks of hits, keeping their order.
func (s *Service) hydrate(ctx context.Context, hits []rank.Fused) ([]Source, error) {
	if len(hits) == 0 {
		return []Source{}, nil
	}
	args := make([]any, len(hits))
	marks := make([]string, len(hits))
	for i, h := range hits {
		args[i] = h.ID
		marks[i] = "?"
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT c.id, c.document_id, d.name, c.page, c.text, c.ordinal, c.start_offset, c.end_offset
		FROM chunks c JOIN documents d ON d.id = c.document_id WHERE c.id IN (`+strings.Join(marks, ",")+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("load chunks: %w", err)
	}
	defer rows.Close()
	byID := map[int64]Source{}
	for rows.Next() {
		var src Source
		if err := rows.Scan(&src.ChunkID, &src.DocumentID, &src.DocumentName, &src.Page, &src.Text, &src.ChunkOrdinal, &src.Start, &src.End); err != nil {
			return nil, fmt.Errorf("load chunks: %w", err)
		}
		byID[src.ChunkID] = src
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load chunks: %w", err)
	}
	out := make([]Source, 0, len(hits))
	for _, h := range hits {
		if src, ok := byID[h.ID]; ok {
			src.Score = h.Score
			out = append(out, src)
		}
	}
	return out, nil
}
