package rag

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"

	chromem "github.com/philippgille/chromem-go"

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
	// chatDocs counts vectors of chat-attached documents: without any, a
	// workspace-wide query needs no metadata filter.
	mu       sync.Mutex
	chatVecs int
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
		vc = &vcoll{ready: make(chan struct{})}
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
	flush := func() error {
		if len(docs) == 0 {
			return nil
		}
		err := c.AddDocuments(ctx, docs, 1)
		docs = docs[:0]
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
		if chat != "" {
			vc.chatVecs++
		}
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
	chat := 0
	for _, e := range entries {
		docs = append(docs, chromem.Document{ID: strconv.FormatInt(e.id, 10), Embedding: e.v, Metadata: map[string]string{"chat": e.chat}})
		if e.chat != "" {
			chat++
		}
	}
	vc.mu.Lock()
	vc.chatVecs += chat
	vc.mu.Unlock()
	return vc.c.AddDocuments(ctx, docs, 1)
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

type vecHit struct {
	id  int64
	sim float64
}

// query returns the n nearest chunks visible from chatID: workspace
// documents (chat "") and that chat's own. n is clamped to the collection's
// count (chromem refuses a larger n, and an empty collection).
func (x *vectorIndex) query(ctx context.Context, ws, ref, chatID string, q []float32, n int) ([]vecHit, error) {
	vc, err := x.collection(ctx, ws, ref)
	if err != nil {
		return nil, err
	}
	count := vc.c.Count()
	if count == 0 || n <= 0 {
		return nil, nil
	}
	n = min(n, count)
	vc.mu.Lock()
	chatVecs := vc.chatVecs
	vc.mu.Unlock()
	var results []chromem.Result
	if chatVecs == 0 {
		results, err = vc.c.QueryEmbedding(ctx, q, n, nil, nil)
	} else {
		results, err = vc.c.QueryEmbedding(ctx, q, n, map[string]string{"chat": ""}, nil)
		if err == nil && chatID != "" {
			var more []chromem.Result
			more, err = vc.c.QueryEmbedding(ctx, q, n, map[string]string{"chat": chatID}, nil)
			results = append(results, more...)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("vector query: %w", err)
	}
	hits := make([]vecHit, 0, len(results))
	for _, r := range results {
		id, err := strconv.ParseInt(r.ID, 10, 64)
		if err != nil {
			continue
		}
		hits = append(hits, vecHit{id: id, sim: float64(r.Similarity)})
	}
	sortVecHits(hits)
	if len(hits) > n {
		hits = hits[:n]
	}
	return hits, nil
}
