package server

import (
	"sync"
	"time"
)

// limiter allows max events per key in a sliding window. It lives in one
// process (attempts per address, a brake on floods): with N processes behind
// a load balancer that limit is up to N times higher. Failed logins per
// account, the brake on password guessing, are counted in the database
// (accountLimiter).
type limiter struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	hits   map[string][]time.Time
	sweep  time.Time
}

func newLimiter(max int, window time.Duration) *limiter {
	return &limiter{max: max, window: window, hits: map[string][]time.Time{}}
}

// take counts an attempt whatever its outcome, unless key is blocked. The
// check and the count are one step under the lock, so parallel requests
// cannot all pass the check before any of them is counted.
func (l *limiter) take(key string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	hs := l.prune(key, now)
	if len(hs) >= l.max {
		return true, hs[0].Add(l.window).Sub(now)
	}
	l.hits[key] = append(hs, now)
	if now.Sub(l.sweep) > l.window {
		// Drop idle keys now and then so memory follows active keys only.
		for k := range l.hits {
			if len(l.prune(k, now)) == 0 {
				delete(l.hits, k)
			}
		}
		l.sweep = now
	}
	return false, 0
}

func (l *limiter) reset(key string) {
	l.mu.Lock()
	delete(l.hits, key)
	l.mu.Unlock()
}

func (l *limiter) prune(key string, now time.Time) []time.Time {
	hs := l.hits[key]
	i := 0
	for i < len(hs) && now.Sub(hs[i]) >= l.window {
		i++
	}
	hs = hs[i:]
	if len(hs) == 0 {
		delete(l.hits, key)
		return nil
	}
	l.hits[key] = hs
	return hs
}
