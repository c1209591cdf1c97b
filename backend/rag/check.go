package rag

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/rag/rank"
)

// A search check asks a workspace's own index look-ups made from its own
// passages (five words of one sentence, shuffled) and counts how often the
// passage comes back in the top five: by keywords alone, by the embedding
// model alone, and by the fusion chats use. An embedding model that is poor
// at finding passages drags the fusion below keywords alone, which nothing
// else shows (docs/perf/rag.md measured it with USE lite: look-ups 0.98 →
// 0.73 recall@5). Look-ups use the documents' own words, so a model that
// passes can still add little on questions asked in other words; a model
// that fails here fails those too.
const (
	checkSamples = 40
	checkTop     = 5
	checkWords   = 5
)

// Verdicts of a SearchCheck.
const (
	CheckOK      = "ok"      // the fusion finds about as many as keywords alone, or more
	CheckWeak    = "weak"    // the embedding model makes search worse
	CheckKeyword = "keyword" // no embedding model takes part
)

// SearchCheck is the result of CheckSearch.
type SearchCheck struct {
	WorkspaceID string `json:"workspaceId"`
	Model       string `json:"model"`     // the embedding model checked; "" when search is keyword only
	Questions   int    `json:"questions"` // look-ups asked
	Keyword     int    `json:"keyword"`   // found in the top 5 by keywords alone
	Vector      int    `json:"vector"`    // by the embedding model alone
	Hybrid      int    `json:"hybrid"`    // by the fused search chats use
	Verdict     string `json:"verdict"`   // ok | weak | keyword
	Message     string `json:"message"`
	TookMs      int64  `json:"tookMs"`
}

// lookup is one look-up: the words asked, the sentence they came from, and
// whether each chunk a search returned holds it (filled by holding).
type lookup struct {
	chunk    int64 // the chunk it was made from
	query    string
	sentence string
	found    map[int64]bool
}

// checkRun is one running search check; CancelSearchCheck cancels it and
// only its own run removes it (a newer check may have replaced it).
type checkRun struct{ cancel context.CancelFunc }

// CheckSearch runs the search check on a workspace's own documents. It
// takes one embedding call for all the look-ups; CancelSearchCheck (or ctx)
// stops it, and a new check on the same workspace stops the one before.
func (s *Service) CheckSearch(ctx context.Context, workspaceID string) (SearchCheck, error) {
	start := time.Now()
	out := SearchCheck{WorkspaceID: workspaceID}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	run := &checkRun{cancel: cancel}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return out, apperr.New(apperr.Unavailable, "the app is shutting down")
	}
	if prev := s.checks[workspaceID]; prev != nil {
		prev.cancel()
	}
	s.checks[workspaceID] = run
	s.wg.Add(1) // Close waits for it, as for the worker
	s.mu.Unlock()
	defer s.wg.Done()
	defer func() {
		s.mu.Lock()
		if s.checks[workspaceID] == run {
			delete(s.checks, workspaceID)
		}
		s.mu.Unlock()
	}()
	// An error after Stop is the stop, whichever step it reached.
	fail := func(err error) (SearchCheck, error) {
		if ctx.Err() != nil {
			return out, stopped(ctx)
		}
		return out, err
	}

	st, err := s.settings.RetrievalSettings(ctx, workspaceID)
	if err != nil {
		return fail(err)
	}
	st = st.normalized()
	why := "this workspace has no embedding model"
	if st.EmbeddingModel != "" {
		if s.embedders == nil {
			why = "no embedding provider is configured"
		} else if _, err := s.embedders.Embedder(ctx, st.EmbeddingModel); err != nil {
			why = apperr.MessageOf(err)
		} else {
			out.Model = st.EmbeddingModel
		}
	}
	looks, err := s.lookups(ctx, workspaceID, out.Model)
	if err != nil {
		return fail(err)
	}
	out.Questions = len(looks)
	var vecs [][]float32
	if out.Model != "" {
		texts := make([]string, len(looks))
		for i, l := range looks {
			texts[i] = l.query
		}
		if vecs, err = s.embedQueries(ctx, workspaceID, out.Model, texts); err != nil {
			return fail(err)
		}
	}
	for i, l := range looks {
		kw, err := s.bm25(ctx, workspaceID, Scope{}, l.query, candidates)
		if err != nil {
			return fail(err)
		}
		// The three top 5s as chats would see them: fused by the same
		// reciprocal rank and cut by the same minimum relevance.
		keyword, _ := fuseHits(kw, nil, false, st.MinScore, checkTop)
		var vector, hybrid []rank.Fused
		if vecs != nil {
			vh, err := s.vectors.query(ctx, workspaceID, out.Model, Scope{}, vecs[i], candidates)
			if err != nil {
				return fail(err)
			}
			vector, _ = fuseHits(nil, vh, true, st.MinScore, checkTop)
			hybrid, _ = fuseHits(kw, vh, true, st.MinScore, checkTop)
		}
		if err := s.holding(ctx, l, keyword, vector, hybrid); err != nil {
			return fail(err)
		}
		out.Keyword += foundIn(keyword, l.found)
		out.Vector += foundIn(vector, l.found)
		out.Hybrid += foundIn(hybrid, l.found)
	}
	if vecs == nil {
		out.Hybrid = out.Keyword // keyword only: what chats use is the keyword list
	}
	out.Verdict, out.Message = verdict(out, why)
	out.TookMs = time.Since(start).Milliseconds()
	return out, nil
}

// CancelSearchCheck stops a workspace's running search check, if any.
func (s *Service) CancelSearchCheck(workspaceID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if run := s.checks[workspaceID]; run != nil {
		run.cancel()
	}
}

func stopped(ctx context.Context) error {
	return apperr.Wrap(ctx.Err(), apperr.Canceled, "the search check was stopped")
}

// foundIn says (1 or 0) whether a top 5 holds the look-up's sentence.
func foundIn(top []rank.Fused, found map[int64]bool) int {
	for _, f := range top {
		if found[f.ID] {
			return 1
		}
	}
	return 0
}

// holding notes which chunks of the top 5s, not seen yet, hold the
// look-up's sentence: the chunk it came from, its neighbour where they
// overlap, and any other copy of the passage (a second version of a
// document) all count as found.
func (s *Service) holding(ctx context.Context, l lookup, tops ...[]rank.Fused) error {
	var ask []any
	for _, top := range tops {
		for _, f := range top {
			if _, seen := l.found[f.ID]; !seen {
				l.found[f.ID] = false
				ask = append(ask, f.ID)
			}
		}
	}
	if len(ask) == 0 {
		return nil
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, text FROM chunks WHERE id IN (?`+strings.Repeat(", ?", len(ask)-1)+`)`, ask...)
	if err != nil {
		return fmt.Errorf("read found chunks: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var text string
		if err := rows.Scan(&id, &text); err != nil {
			return fmt.Errorf("read found chunks: %w", err)
		}
		l.found[id] = strings.Contains(strings.Join(strings.Fields(text), " "), l.sentence)
	}
	return rows.Err()
}

// verdict words the result. The fusion counts as weaker than keywords
// when it finds at least two look-ups and a tenth fewer: less is the
// noise of which sentences were drawn.
func verdict(c SearchCheck, why string) (string, string) {
	of := func(n int) string { return fmt.Sprintf("%d of %d", n, c.Questions) }
	if c.Model == "" {
		return CheckKeyword, fmt.Sprintf("Keyword search found %s look-ups in its top %d; %s, so no meaning-based search took part.",
			of(c.Keyword), checkTop, why)
	}
	margin := max(2, (c.Questions+9)/10)
	if c.Hybrid <= c.Keyword-margin {
		return CheckWeak, fmt.Sprintf("Hybrid search found %s look-ups in its top %d, keywords alone %s (the embedding model alone %s): "+
			"%s makes search worse on these documents. A model made for retrieval (such as nomic-embed-text) usually does better; "+
			"with the embedding model set to none, search uses keywords only.",
			of(c.Hybrid), checkTop, of(c.Keyword), of(c.Vector), modelLabel(c.Model))
	}
	return CheckOK, fmt.Sprintf("Hybrid search found %s look-ups in its top %d (keywords alone %s, the embedding model alone %s). "+
		"Look-ups use the documents' own words, so this shows the model finds passages, not that it helps with questions asked in other words.",
		of(c.Hybrid), checkTop, of(c.Keyword), of(c.Vector))
}

// modelLabel is a model ref without its provider and dimensions
// ("ollama:nomic-embed-text@768" → "nomic-embed-text").
func modelLabel(ref string) string {
	if _, m, ok := strings.Cut(ref, ":"); ok {
		ref = m
	}
	if i := strings.LastIndex(ref, "@"); i > 0 {
		ref = ref[:i]
	}
	return ref
}

// lookups draws up to checkSamples chunks spread evenly over the
// workspace's own completed documents' chunks in id order (with model set,
// only chunks embedded with it: the others cannot be found by vectors yet)
// and makes a look-up from each that has a sentence to make one from.
func (s *Service) lookups(ctx context.Context, workspaceID, model string) ([]lookup, error) {
	ids, err := s.checkChunks(ctx, workspaceID, model)
	if err != nil {
		return nil, err
	}
	if len(ids) == 0 && model != "" {
		// Passages not embedded yet, or no passages at all: say which.
		if all, err := s.checkChunks(ctx, workspaceID, ""); err != nil {
			return nil, err
		} else if len(all) > 0 {
			return nil, apperr.New(apperr.Invalid, "no passage is embedded with %s yet: wait for the embedding to finish", modelLabel(model))
		}
	}
	if len(ids) == 0 {
		return nil, apperr.New(apperr.Invalid, "this workspace has no indexed documents of its own: the check asks for their passages")
	}
	// Stride k covers ids[k*n/N : (k+1)*n/N]; its first chunk with a usable
	// sentence gives its look-up, so every part of the workspace has one.
	n, parts := len(ids), min(checkSamples, len(ids))
	var out []lookup
	for k := 0; k < parts; k++ {
		for i := k * n / parts; i < (k+1)*n/parts; i++ {
			l, ok, err := s.lookupFrom(ctx, ids[i])
			if err != nil {
				return nil, err
			}
			if ok {
				out = append(out, l)
				break
			}
		}
	}
	if len(out) == 0 {
		return nil, apperr.New(apperr.Invalid, "the documents have no sentence long enough to make a look-up from")
	}
	return out, nil
}

// checkChunks lists the ids of the workspace's own completed documents'
// chunks (not chats' attachments), those embedded with model when it is set.
func (s *Service) checkChunks(ctx context.Context, workspaceID, model string) ([]int64, error) {
	q := `SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id
		WHERE c.workspace_id = ? AND d.chat_id IS NULL AND d.deleted_at IS NULL AND d.status = 'completed'`
	args := []any{workspaceID}
	if model != "" {
		q += ` AND c.embedding_ref = ?`
		args = append(args, model)
	}
	rows, err := s.db.R.QueryContext(ctx, q+` ORDER BY c.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("list chunks: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("list chunks: %w", err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list chunks: %w", err)
	}
	return ids, nil
}

// lookupFrom makes a look-up from one chunk: its sentence nearest the
// middle (the ends may be in the neighbours' overlap too) with enough
// content words, five of which, shuffled by the chunk's id, are the query.
func (s *Service) lookupFrom(ctx context.Context, id int64) (lookup, bool, error) {
	var text string
	if err := s.db.R.QueryRowContext(ctx, `SELECT text FROM chunks WHERE id = ?`, id).Scan(&text); err != nil {
		return lookup{}, false, fmt.Errorf("read chunk: %w", err)
	}
	sentence, words := pickSentence(text)
	if sentence == "" {
		return lookup{}, false, nil
	}
	r := rand.New(rand.NewPCG(uint64(id), 0x5eed))
	r.Shuffle(len(words), func(i, j int) { words[i], words[j] = words[j], words[i] })
	return lookup{chunk: id, query: strings.Join(words[:checkWords], " "), sentence: sentence, found: map[int64]bool{id: true}}, true, nil
}

// pickSentence returns the chunk's sentence (or line: it splits at line
// ends too, for CSV rows and lists, which have no full stops, and so takes
// a line of hard-wrapped text) of 40 to 300 characters, with at least checkWords
// distinct content words, nearest the middle of the chunk, whitespace
// collapsed; and those words.
func pickSentence(text string) (string, []string) {
	mid := len(text) / 2
	best, bestDist := "", -1
	var bestWords []string
	start := 0
	for i := 0; i <= len(text); i++ {
		end := i == len(text)
		if !end {
			c := text[i]
			end = c == '\n' || ((c == '.' || c == '!' || c == '?') && (i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '\n'))
		}
		if !end {
			continue
		}
		sent := strings.Join(strings.Fields(text[start:min(i+1, len(text))]), " ")
		center := (start + i) / 2
		start = i + 1
		if len(sent) < 40 || len(sent) > 300 {
			continue
		}
		words := contentWords(sent)
		if len(words) < checkWords {
			continue
		}
		d := center - mid
		if d < 0 {
			d = -d
		}
		if bestDist < 0 || d < bestDist {
			best, bestDist, bestWords = sent, d, words
		}
	}
	return best, bestWords
}

// contentWords are a sentence's distinct words of three letters or more
// that are not stop words, as the index splits them.
func contentWords(sent string) []string {
	seen := map[string]bool{}
	var out []string
	for _, w := range rank.Words(sent) {
		if len([]rune(w)) < 3 || rank.IsStopWord(w) || seen[w] {
			continue
		}
		seen[w] = true
		out = append(out, w)
	}
	return out
}
