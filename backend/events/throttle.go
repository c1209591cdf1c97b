package events

import "time"

// Throttle spaces a long job's progress events so a bar moves smoothly
// without an event per row or network read: Due reports whether one may go
// out now, at most one per Every, and always when forced (a stage's first
// report, the last). Not safe for concurrent use: a job reporting from
// several goroutines holds its own lock around it.
type Throttle struct {
	Every time.Duration
	last  time.Time
}

// Due reports whether a report goes out now, and if so counts it as sent.
func (t *Throttle) Due(force bool) bool {
	now := time.Now()
	if !force && now.Sub(t.last) < t.Every {
		return false
	}
	t.last = now
	return true
}
