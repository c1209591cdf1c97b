package main

import (
	"sort"
	"sync"
	"time"
)

// recorder collects per-operation latencies.
type recorder struct {
	mu   sync.Mutex
	ops  map[string][]time.Duration
	chg  map[string]int
	errs map[string]int
}

func newRecorder() *recorder {
	return &recorder{ops: map[string][]time.Duration{}, chg: map[string]int{}, errs: map[string]int{}}
}

func (r *recorder) add(op string, d time.Duration, changes int, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ops[op] = append(r.ops[op], d)
	r.chg[op] += changes
	if err != nil {
		r.errs[op]++
	}
}

type stats struct {
	name               string
	n, changes, errors int
	p50, p95, p99, max time.Duration
}

func (r *recorder) snapshot(op string) stats {
	r.mu.Lock()
	defer r.mu.Unlock()
	ds := append([]time.Duration(nil), r.ops[op]...)
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	s := stats{name: op, n: len(ds), changes: r.chg[op], errors: r.errs[op]}
	if len(ds) == 0 {
		return s
	}
	q := func(p float64) time.Duration { return ds[min(len(ds)-1, int(p*float64(len(ds))))] }
	s.p50, s.p95, s.p99, s.max = q(0.50), q(0.95), q(0.99), ds[len(ds)-1]
	return s
}
