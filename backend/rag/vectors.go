package rag

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"

	chromem "github.com/philippgille/chromem-go"

	"bookbag/backend/rag/rank"
	"bookbag/backend/store"
)

// vectorIndex keeps one in-memory chromem collection per (workspace,
// embedding model), filled from chunks.embedding the first time the
// workspace is queried (not at startup). chromem's persistent DB is not used
// (DESIGN.md): SQLite holds the durable copy.
type vectorIndex struct {
	db     *store.DB
	mu     sync.Mutex
	chroma *chromem.DB
	colls  map[string]*vcoll // by collKey
}

type vcoll struct {
	ready chan struct{} // closed when loaded
	err   error
	c     *chromem.Collection
	// refs mirrors the collection's vectors (the same slices chromem holds,
	// not copies) for rank.Scan, chromem's query being too slow at 100k x
	// 768. pos maps a chunk id to its index in refs.
	mu   sync.RWMutex
	refs []rank.VecRef
	pos  map[int64]int
}

// put records vectors in the mirror (caller holds no lock).
func (vc *vcoll) put(entries []vecEntry) {
	vc.mu.Lock()
	defer vc.mu.Unlock()
	for _, e := range entries {
		r := rank.VecRef{ID: e.id, Chat: e.chat, V: e.v}
		if i, ok := vc.pos[e.id]; ok {
			vc.refs[i] = r
			continue
		}
		vc.pos[e.id] = len(vc.refs)
		vc.refs = append(vc.refs, r)
	}
}

// drop removes ids from the mirror by swapping in the last entry.
func (vc *vcoll) drop(ids []int64) {
	vc.mu.Lock()
	defer vc.mu.Unlock()
	for _, id := range ids {
		i, ok := vc.pos[id]
		if !ok {
			continue
		}
		last := len(vc.refs) - 1
		vc.refs[i] = vc.refs[last]
		vc.pos[vc.refs[i].ID] = i
		vc.refs = vc.refs[:last]
		delete(vc.pos, id)
	}
}

func newVectorIndex(db *store.DB) *vectorIndex {
	return &vectorIndex{db: db, chroma: chromem.NewDB(), colls: map[string]*vcoll{}}
}

func collKey(ws, ref string) string { return ws + "\x00" + ref }

// noTextEmbedding is the collection's embedding function. chromem's nil
// default would call OpenAI; every vector here is precomputed.
func noTextEmbedding(context.Context, string) ([]float32, error) {
	return nil, errors.New("vectors are precomputed; text embedding is not available here")
}

// collection returns the loaded collection, loading it once.
func (x *vectorIndex) collection(ctx context.Context, ws, ref string) (*vcoll, error) {
	key := collKey(ws, ref)
	x.mu.Lock()
	vc, ok := x.colls[key]
	if !ok {
		vc = &vcoll{ready: make(chan struct{}), pos: map[int64]int{}}
		x.colls[key] = vc
		x.mu.Unlock()
		vc.err = x.load(ctx, vc, ws, ref)
		close(vc.ready)
		if vc.err != nil {
			x.mu.Lock()
			delete(x.colls, key)
			x.mu.Unlock()
		}
		return vc, vc.err
	}
	x.mu.Unlock()
	select {
	case <-vc.ready:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return vc, vc.err
}

func (x *vectorIndex) load(ctx context.Context, vc *vcoll, ws, ref string) error {
	name := fmt.Sprintf("%s|%s", ws, ref)
	// A previous failed load may have left the name behind.
	_ = x.chroma.DeleteCollection(name)
	c, err := x.chroma.CreateCollection(name, nil, noTextEmbedding)
	if err != nil {
		return fmt.Errorf("create vector collection: %w", err)
	}
	vc.c = c
	rows, err := x.db.R.QueryContext(ctx, `SELECT c.id, c.embedding, COALESCE(d.chat_id, '')
		FROM chunks c JOIN documents d ON d.id = c.document_id
		WHERE c.workspace_id = ? AND c.embedding_ref = ? AND c.embedding IS NOT NULL
		  AND d.deleted_at IS NULL AND d.status = 'completed'`, ws, ref)
	if err != nil {
		return fmt.Errorf("load vectors: %w", err)
	}
	defer rows.Close()
	var docs []chromem.Document
	var entries []vecEntry
	flush := func() error {
		if len(docs) == 0 {
			return nil
		}
		err := c.AddDocuments(ctx, docs, 1)
		vc.put(entries)
		docs, entries = docs[:0], entries[:0]
		return err
	}
	for rows.Next() {
		var id int64
		var blob []byte
		var chat string
		if err := rows.Scan(&id, &blob, &chat); err != nil {
			return fmt.Errorf("load vectors: %w", err)
		}
		v, err := decodeVector(blob)
		if err != nil || !normalize(v) {
			continue // a damaged vector costs that chunk its vector only
		}
		docs = append(docs, chromem.Document{ID: strconv.FormatInt(id, 10), Embedding: v, Metadata: map[string]string{"chat": chat}})
		entries = append(entries, vecEntry{id: id, v: v, chat: chat})
		if len(docs) == 4096 {
			if err := flush(); err != nil {
				return fmt.Errorf("load vectors: %w", err)
			}
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("load vectors: %w", err)
	}
	if err := flush(); err != nil {
		return fmt.Errorf("load vectors: %w", err)
	}
	return nil
}

// loaded returns the collection if it is already in memory.
func (x *vectorIndex) loaded(ws, ref string) *vcoll {
	x.mu.Lock()
	defer x.mu.Unlock()
	vc, ok := x.colls[collKey(ws, ref)]
	if !ok {
		return nil
	}
	select {
	case <-vc.ready:
		if vc.err == nil {
			return vc
		}
	default:
	}
	return nil
}

type vecEntry struct {
	id   int64
	v    []float32
	chat string
}

// add puts freshly embedded chunks into a loaded collection; an unloaded
// one will read them from SQLite when it loads.
func (x *vectorIndex) add(ctx context.Context, ws, ref string, entries []vecEntry) error {
	vc := x.loaded(ws, ref)
	if vc == nil || len(entries) == 0 {
		return nil
	}
	docs := make([]chromem.Document, 0, len(entries))
	for _, e := range entries {
		docs = append(docs, chromem.Document{ID: strconv.FormatInt(e.id, 10), Embedding: e.v, Metadata: map[string]string{"chat": e.chat}})
	}
	if err := vc.c.AddDocuments(ctx, docs, 1); err != nil {
		return err
	}
	vc.put(entries)
	return nil
}

// remove drops chunk ids from every loaded collection of the workspace.
// chromem deletes everything when called without ids and filters, so an
// empty list returns early.
func (x *vectorIndex) remove(ctx context.Context, ws string, ids []int64) {
	if len(ids) == 0 {
		return
	}
	strs := make([]string, len(ids))
	for i, id := range ids {
		strs[i] = strconv.FormatInt(id, 10)
	}
	x.mu.Lock()
	var targets []*vcoll
	for key, vc := range x.colls {
		if len(key) > len(ws) && key[:len(ws)] == ws && key[len(ws)] == 0 {
			targets = append(targets, vc)
		}
	}
	x.mu.Unlock()
	for _, vc := range targets {
		select {
		case <-vc.ready:
		default:
			continue
		}
		if vc.err != nil || vc.c == nil {
			continue
		}
		_ = vc.c.Delete(ctx, nil, nil, strs...)
		vc.drop(ids)
	}
}

// drop forgets a workspace's collections (after a model change).
func (x *vectorIndex) drop(ws string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	for key := range x.colls {
		if len(key) > len(ws) && key[:len(ws)] == ws && key[len(ws)] == 0 {
			name := ws + "|" + key[len(ws)+1:]
			_ = x.chroma.DeleteCollection(name)
			delete(x.colls, key)
		}
	}
}

// query returns the n nearest chunks in scope: workspace documents
// (chat "") and the scope's chat's own.
func (x *vectorIndex) query(ctx context.Context, ws, ref string, sc Scope, q []float32, n int) ([]rank.VecHit, error) {
	vc, err := x.collection(ctx, ws, ref)
	if err != nil {
		return nil, err
	}
	if n <= 0 {
		return nil, nil
	}
	vc.mu.RLock()
	defer vc.mu.RUnlock()
	if len(vc.refs) > 0 && len(q) != len(vc.refs[0].V) {
		return nil, fmt.Errorf("vector query: %d dimensions, the index has %d", len(q), len(vc.refs[0].V))
	}
	return rank.Scan(vc.refs, q, sc.sees, n), nil
}

// chromemQuery asks chromem itself (same answer as query, slower at scale;
// kept for the equivalence test and the benchmark). n is clamped to the
// collection's count: chromem refuses a larger n, and an empty collection.
func (x *vectorIndex) chromemQuery(ctx context.Context, ws, ref, chatID string, q []float32, n int) ([]rank.VecHit, error) {
	vc, err := x.collection(ctx, ws, ref)
	if err != nil {
		return nil, err
	}
	count := vc.c.Count()
	if count == 0 || n <= 0 {
		return nil, nil
	}
	n = min(n, count)
	results, err := vc.c.QueryEmbedding(ctx, q, n, map[string]string{"chat": ""}, nil)
	if err == nil && chatID != "" {
		var more []chromem.Result
		more, err = vc.c.QueryEmbedding(ctx, q, n, map[string]string{"chat": chatID}, nil)
		results = append(results, more...)
	}
	if err != nil {
		return nil, fmt.Errorf("vector query: %w", err)
	}
	hits := make([]rank.VecHit, 0, len(results))
	for _, r := range results {
		id, err := strconv.ParseInt(r.ID, 10, 64)
		if err != nil {
			continue
		}
		hits = append(hits, rank.VecHit{ID: id, Sim: float64(r.Similarity)})
	}
	rank.SortVecHits(hits)
	if len(hits) > n {
		hits = hits[:n]
	}
	return hits, nil
}

// addVectors makes freshly embedded chunks searchable. A Delete, Cancel or
// Reindex that removed some of them while they were embedded took their
// vectors out before they were put in here, so those no longer stored are
// taken out again: a ghost would hold a place in every top k.
func (s *Service) addVectors(ctx context.Context, ws, ref string, entries []vecEntry) error {
	if s.vectors.loaded(ws, ref) == nil || len(entries) == 0 {
		return nil // an unloaded collection reads SQLite when it loads
	}
	if err := s.vectors.add(ctx, ws, ref, entries); err != nil {
		return err
	}
	const batch = 500
	var gone []int64
	for start := 0; start < len(entries); start += batch {
		part := entries[start:min(start+batch, len(entries))]
		args := make([]any, len(part))
		for i, e := range part {
			args[i] = e.id
		}
		rows, err := s.db.R.QueryContext(ctx, `SELECT id FROM chunks WHERE id IN (`+strings.Repeat("?,", len(part)-1)+`?)`, args...)
		if err != nil {
			return fmt.Errorf("check embedded chunks: %w", err)
		}
		kept := map[int64]bool{}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return fmt.Errorf("check embedded chunks: %w", err)
			}
			kept[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("check embedded chunks: %w", err)
		}
		for _, e := range part {
			if !kept[e.id] {
				gone = append(gone, e.id)
			}
		}
	}
	s.vectors.remove(ctx, ws, gone)
	return nil
}
