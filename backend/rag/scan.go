package rag

import (
	"container/heap"
	"runtime"
	"sync"
)

// scan is the exhaustive nearest-neighbour search over a collection's
// vectors. chromem's QueryEmbedding does the same work but sends every
// document through a channel, takes a mutex per document and sums each dot
// product in one dependent chain; at 100k x 768 that measured 3x slower
// than this, far past the 50 ms goal (docs/perf/rag.md). This loop splits
// the vectors across the CPUs, keeps a private top-n heap per worker and
// sums the dot product in four independent chains (measured faster than
// eight, and than an int8 first pass, in Go's scalar code). chromem stays
// the in-memory store (it owns the vectors; refs point at the same slices).
func scan(refs []vecRef, q []float32, sc Scope, n int) []vecHit {
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
		go func(t *topN, part []vecRef) {
			defer wg.Done()
			t.n = n
			for i := range part {
				r := &part[i]
				if !sc.sees(r.chat) {
					continue
				}
				t.offer(vecHit{id: r.id, sim: float64(dot(q, r.v))})
			}
		}(&results[w], refs[lo:hi])
	}
	wg.Wait()
	var all []vecHit
	for _, t := range results {
		all = append(all, t.h...)
	}
	sortVecHits(all)
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

func (t *topN) offer(h vecHit) {
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
func worse(a, b vecHit) bool {
	if a.sim != b.sim {
		return a.sim < b.sim
	}
	return a.id > b.id
}

type hitHeap []vecHit

func (h hitHeap) Len() int           { return len(h) }
func (h hitHeap) Less(i, j int) bool { return worse(h[i], h[j]) }
func (h hitHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *hitHeap) Push(x any)        { *h = append(*h, x.(vecHit)) }
func (h *hitHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
