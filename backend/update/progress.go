package update

import (
	"io"
	"time"

	"bookbag/backend/events"
)

// progressEvery is the shortest gap between two progress events: a smooth
// bar without an event for every network read.
const progressEvery = 100 * time.Millisecond

// progress emits update:progress for a download, throttled; the first
// report goes out at once. Only the copying goroutine uses it.
type progress struct {
	em events.Emitter
	t  events.Throttle
	p  events.UpdateProgressPayload
}

func (s *Service) newProgress(total int64) *progress {
	p := &progress{em: s.d.Events, t: events.Throttle{Every: progressEvery}, p: events.UpdateProgressPayload{Stage: "download", Total: total}}
	p.send(true)
	return p
}

func (p *progress) add(n int64) {
	p.p.Done += n
	p.send(false)
}

func (p *progress) send(force bool) {
	if p.t.Due(force) {
		p.em.Emit(events.UpdateProgress, p.p)
	}
}

// watchedReader counts what the download receives and, on every byte that
// arrives, puts off the idle timer that gives up on a stalled server.
type watchedReader struct {
	r     io.Reader
	idle  *time.Timer
	after time.Duration
	p     *progress
}

func (w *watchedReader) Read(b []byte) (int, error) {
	n, err := w.r.Read(b)
	if n > 0 {
		w.idle.Reset(w.after)
		w.p.add(int64(n))
	}
	return n, err
}
