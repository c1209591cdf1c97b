package rag

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"bookbag/backend/apperr"
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
func (s *DocumentService) Retrieve(ctx context.Context, workspaceID, chatID, query string) ([]Source, error) {
	return s.RetrieveIn(ctx, workspaceID, Scope{Chat: chatID}, query)
}

// RetrieveIn is Retrieve within a scope: a chat in a workspace whose
// documents are off still answers from the documents attached to it.
func (s *DocumentService) RetrieveIn(ctx context.Context, workspaceID string, sc Scope, query string) ([]Source, error) {
	st, err := s.settings.RetrievalSettings(ctx, workspaceID)
	if err != nil {
		return nil, err
	}
	st = st.normalized()
	if sc.ChatOnly {
		// Nothing of the chat's own to search: no query (and no embedding
		// call) for a chat without attached documents.
		if sc.Chat == "" {
			return []Source{}, nil
		}
		var n int
		err := s.db.R.QueryRowContext(ctx, `SELECT count(*) FROM documents WHERE chat_id = ? AND workspace_id = ?
			AND deleted_at IS NULL AND status = 'completed'`, sc.Chat, workspaceID).Scan(&n)
		if err != nil {
			return nil, fmt.Errorf("find the chat's documents: %w", err)
		}
		if n == 0 {
			return []Source{}, nil
		}
	}
	res, err := s.rank(ctx, workspaceID, sc, query, st, st.TopK, st.MinScore)
	if err != nil {
		return nil, err
	}
	return res.Hits, nil
}

// Search is the Documents page search box: the ranked chunks with scores,
// and whether vectors took part.
func (s *DocumentService) Search(ctx context.Context, req SearchRequest) (SearchResult, error) {
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
	res, err := s.rank(ctx, req.WorkspaceID, Scope{Chat: req.ChatID}, req.Query, st, min(limit, candidates), minScore)
	if err != nil {
		return SearchResult{}, err
	}
	res.TookMs = time.Since(start).Milliseconds()
	return res, nil
}

// rank runs BM25 and, when the workspace has an embedding model, vector
// search, and fuses them.
func (s *DocumentService) rank(ctx context.Context, ws string, sc Scope, query string, st Settings, limit int, minScore float64) (SearchResult, error) {
	res := SearchResult{Mode: ModeKeyword, Hits: []Source{}}
	if strings.TrimSpace(query) == "" {
		return res, apperr.New(apperr.Invalid, "type something to search for")
	}
	// Keyword and vector search run side by side: a hybrid query costs
	// the slower of the two, not their sum.
	var (
		vec    []vecHit
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
	lists := [][]int64{idsOf(kw)}
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
		ids := make([]int64, len(vec))
		for i, h := range vec {
			ids[i] = h.id
		}
		lists = append(lists, ids)
	}
	fused := fuse(lists, rrfK)
	bm := map[int64]float64{}
	rel := map[int64]float64{}
	for _, h := range kw {
		bm[h.id] = h.score
		rel[h.id] = h.rel
	}
	cos := map[int64]float64{}
	for _, h := range vec {
		cos[h.id] = h.sim
		rel[h.id] = max(rel[h.id], h.sim)
	}
	var top []fusedHit
	for _, f := range fused {
		if minScore > 0 && rel[f.id] < minScore {
			continue
		}
		top = append(top, f)
		if len(top) == limit {
			break
		}
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

type kwHit struct {
	id    int64
	score float64
	rel   float64 // keywordRelevance
}

func idsOf(h []kwHit) []int64 {
	ids := make([]int64, len(h))
	for i, x := range h {
		ids[i] = x.id
	}
	return ids
}

// queryWords splits a query the way the FTS tokenizer (unicode61) does, in
// order and lower-cased.
func queryWords(q string) []string {
	return strings.FieldsFunc(strings.ToLower(q), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r) && !unicode.IsMark(r)
	})
}

// queryToken is one word of a query and whether it counts as content.
type queryToken struct {
	word    string
	content bool
}

// queryTokens splits a query into words (as queryWords) and marks the
// content words: those that are not stop words, and also stop words that
// are part of an identifier written with dots, underscores, slashes or
// colons ("once.Do", "sync.Once", "net/http", "io::Read"), where every
// part names something. Abbreviations of single letters ("e.g.") are not
// identifiers.
func queryTokens(q string) []queryToken {
	var out []queryToken
	for _, raw := range strings.Fields(q) {
		words := queryWords(raw)
		ident := len(words) > 1 && isIdentifier(raw, words)
		for _, w := range words {
			out = append(out, queryToken{word: w, content: ident || !stopWords[w]})
		}
	}
	return out
}

func isIdentifier(raw string, words []string) bool {
	long := false
	for _, w := range words {
		if utf8.RuneCountInString(w) > 1 {
			long = true
		}
	}
	if !long {
		return false
	}
	// A connector between two word characters, not at either end of the
	// token (which is sentence punctuation).
	t := strings.TrimFunc(raw, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
	return strings.ContainsAny(t, "._/:")
}

// queryTerms are the query's content words without duplicates; a query of
// stop words only ("what is it") keeps them.
func queryTerms(q string) []string {
	var terms []string
	seen := map[string]bool{}
	toks := queryTokens(q)
	for _, t := range toks {
		if !t.content || seen[t.word] {
			continue
		}
		seen[t.word] = true
		terms = append(terms, t.word)
	}
	if len(terms) == 0 {
		for _, t := range toks {
			if !seen[t.word] {
				seen[t.word] = true
				terms = append(terms, t.word)
			}
		}
	}
	if len(terms) > 32 {
		terms = terms[:32]
	}
	return terms
}

// queryPhrases are the spans between neighbouring content words of the
// query, stop words between them included ("loop variables", "go 1 22",
// "incompatible with secondary"): a chunk that has them in that order is
// likelier to be about what was asked than one with the words scattered
// (the sequential dependence idea of term-proximity ranking). Spans longer
// than four words are left out.
func queryPhrases(q string) []string {
	toks := queryTokens(q)
	var phrases []string
	seen := map[string]bool{}
	prev := -1
	for i, t := range toks {
		if !t.content {
			continue
		}
		if prev >= 0 && i-prev <= 3 {
			words := make([]string, 0, i-prev+1)
			for _, u := range toks[prev : i+1] {
				words = append(words, u.word)
			}
			p := strings.Join(words, " ")
			if !seen[p] {
				seen[p] = true
				phrases = append(phrases, p)
			}
		}
		prev = i
	}
	if len(phrases) > 32 {
		phrases = phrases[:32]
	}
	return phrases
}

// vectorSearch embeds the query with the workspace's model and asks the
// in-memory index.
func (s *DocumentService) vectorSearch(ctx context.Context, ws string, sc Scope, query, ref string) ([]vecHit, error) {
	if s.embedders == nil {
		return nil, apperr.New(apperr.Unavailable, "no embedding provider is configured")
	}
	emb, err := s.embedders.Embedder(ctx, ref)
	if err != nil {
		return nil, err
	}
	vecs, err := emb.Embed(ctx, []string{query})
	if err != nil {
		return nil, apperr.Wrap(err, apperr.Unavailable, "embedding model %s failed: %v", ref, err)
	}
	if err := checkVectors(vecs, 1, RefDimensions(ref)); err != nil {
		return nil, apperr.Wrap(err, apperr.Unavailable, "%v", err)
	}
	return s.vectors.query(ctx, ws, ref, sc, vecs[0], candidates)
}

type fusedHit struct {
	id    int64
	score float64
}

// fuse combines ranked lists by reciprocal rank: score = sum of 1/(k+rank),
// normalised so that first place in every list scores 1. Ties keep the
// order of the first list (BM25), then id, so results are deterministic.
func fuse(lists [][]int64, k int) []fusedHit {
	score := map[int64]float64{}
	first := map[int64]int{}
	order := 0
	for _, l := range lists {
		for r, id := range l {
			score[id] += 1 / float64(k+r+1)
			if _, ok := first[id]; !ok {
				first[id] = order
				order++
			}
		}
	}
	max := float64(len(lists)) / float64(k+1)
	out := make([]fusedHit, 0, len(score))
	for id, sc := range score {
		out = append(out, fusedHit{id: id, score: sc / max})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].score != out[j].score {
			return out[i].score > out[j].score
		}
		return first[out[i].id] < first[out[j].id]
	})
	return out
}

func sortVecHits(h []vecHit) {
	sort.Slice(h, func(i, j int) bool {
		if h[i].sim != h[j].sim {
			return h[i].sim > h[j].sim
		}
		return h[i].id < h[j].id
	})
}

// hydrate loads the chunks of hits, keeping their order.
func (s *DocumentService) hydrate(ctx context.Context, hits []fusedHit) ([]Source, error) {
	if len(hits) == 0 {
		return []Source{}, nil
	}
	args := make([]any, len(hits))
	marks := make([]string, len(hits))
	for i, h := range hits {
		args[i] = h.id
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
		if src, ok := byID[h.id]; ok {
			src.Score = h.score
			out = append(out, src)
		}
	}
	return out, nil
}
