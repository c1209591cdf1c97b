package rank

import (
	"container/heap"
	"runtime"
	"sort"
	"sync"
)

// VecRef is one stored vector: its chunk's id, the chat the chunk's
// document is attached to ("" for a workspace document), and the unit
// vector itself (shared with the store that holds it, not a copy).
type VecRef struct {
	ID   int64
	Chat string
	V    []float32
}

// VecHit is a chunk found by vector search and its cosine similarity.
type VecHit struct {
	ID  int64
	Sim float64
}

// Scan is the exhaustive nearest-neighbour search over a collection's
// vectors: the n refs nearest q (a unit vector) among those whose chat
// sees accepts, best first (SortVecHits).
//
// chromem's QueryEmbedding does the same work but sends every document
// through a channel, takes a mutex per document and sums each dot product
// in one dependent chain; at 100k x 768 that measured 3x slower than this,
// far past the 50 ms goal (docs/perf/rag.md). This loop splits the vectors
// across the CPUs, keeps a private top-n heap per worker and sums the dot
// product in four independent chains (measured faster than eight, and than
// an int8 first pass, in Go's scalar code). chromem stays the in-memory
// store (it owns the vectors; refs point at the same slices).
func Scan(refs []VecRef, q []float32, sees func(chat string) bool, n int) []VecHit {
	workers := runtime.GOMAXPROCS(0)
	if len(refs) < 4096 {
		workers = 1
	}
	per := (len(refs) + workers - 1) / workers
	results := make([]topN, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		lo, hi := w*per, min((w+1)*per, len(refs))
		if lo >= hi {
			continue
		}
		wg.Add(1)
		go func(t *topN, part []VecRef) {
			defer wg.Done()
			t.n = n
			for i := range part {
				r := &part[i]
				if !sees(r.Chat) {
					continue
				}
				t.offer(VecHit{ID: r.ID, Sim: float64(dot(q, r.V))})
			}
		}(&results[w], refs[lo:hi])
	}
	wg.Wait()
	var all []VecHit
	for _, t := range results {
		all = append(all, t.h...)
	}
	SortVecHits(all)
	if len(all) > n {
		all = all[:n]
	}
	return all
}

// dot of two unit vectors is their cosine similarity.
func dot(a, b []float32) float32 {
	if len(a) != len(b) {
		return -2
	}
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return s0 + s1 + s2 + s3
}

// topN keeps the n best hits in a min-heap (worst on top).
type topN struct {
	n int
	h hitHeap
}

func (t *topN) offer(h VecHit) {
	if len(t.h) < t.n {
		heap.Push(&t.h, h)
		return
	}
	if worse(t.h[0], h) {
		t.h[0] = h
		heap.Fix(&t.h, 0)
	}
}

// worse reports whether a ranks below b (lower similarity, then higher id).
func worse(a, b VecHit) bool {
	if a.Sim != b.Sim {
		return a.Sim < b.Sim
	}
	return a.ID > b.ID
}

type hitHeap []VecHit

func (h hitHeap) Len() int           { return len(h) }
func (h hitHeap) Less(i, j int) bool { return worse(h[i], h[j]) }
func (h hitHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *hitHeap) Push(x any)        { *h = append(*h, x.(VecHit)) }
func (h *hitHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// SortVecHits orders hits best first: higher similarity, then lower id, so
// that equal vectors rank the same way every time.
func SortVecHits(h []VecHit) {
	sort.Slice(h, func(i, j int) bool {
		if h[i].Sim != h[j].Sim {
			return h[i].Sim > h[j].Sim
		}
		return h[i].ID < h[j].ID
	})
}
