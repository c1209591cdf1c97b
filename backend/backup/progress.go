package backup

import (
	"sync"
	"time"

	"bookbag/backend/events"
)

// progressEvery is the shortest gap between two progress events: enough for
// a smooth bar, few enough not to flood the webview on fast disks.
const progressEvery = 100 * time.Millisecond

// progress emits backup:progress for one operation, throttled; the first
// report of each stage and the last one always go out.
type progress struct {
	mu    sync.Mutex
	em    events.Emitter
	op    string
	stage string
	done  int64
	total int64
	t     events.Throttle
}

func newProgress(em events.Emitter, op string, total int64) *progress {
	if em == nil {
		em = events.Discard{}
	}
	return &progress{em: em, op: op, total: total, t: events.Throttle{Every: progressEvery}}
}

// setStage switches to a named stage and reports it at once.
func (p *progress) setStage(stage string) {
	p.mu.Lock()
	p.stage = stage
	p.mu.Unlock()
	p.emit(true)
}

// add counts n more bytes done.
func (p *progress) add(n int64) {
	p.mu.Lock()
	p.done += n
	p.mu.Unlock()
	p.emit(false)
}

func (p *progress) setTotal(total int64) {
	p.mu.Lock()
	p.total = total
	p.mu.Unlock()
}

func (p *progress) finish(stage string) {
	p.mu.Lock()
	p.stage = stage
	p.mu.Unlock()
	p.emit(true)
}

func (p *progress) emit(force bool) {
	p.mu.Lock()
	if !p.t.Due(force) {
		p.mu.Unlock()
		return
	}
	payload := events.BackupProgressPayload{Op: p.op, Stage: p.stage, Done: p.done, Total: p.total}
	p.mu.Unlock()
	p.em.Emit(events.BackupProgress, payload)
}

// countingWriter reports bytes written to a progress.
type countingWriter struct{ p *progress }

func (c countingWriter) Write(b []byte) (int, error) { c.p.add(int64(len(b))); return len(b), nil }
