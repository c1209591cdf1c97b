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

// current keeps the last progress of the running operation, so a view
// opened while it runs (the user left Settings and came back) shows it
// and its Cancel at once, not only from the next event.
type current struct {
	mu   sync.Mutex
	last events.BackupProgressPayload
}

func (c *current) reset() {
	c.mu.Lock()
	c.last = events.BackupProgressPayload{}
	c.mu.Unlock()
}

// emitter passes events to em, keeping each progress report.
func (c *current) emitter(em func() events.Emitter) events.Emitter {
	return events.Func(func(name string, payload any) {
		if p, ok := payload.(events.BackupProgressPayload); ok {
			c.mu.Lock()
			c.last = p
			c.mu.Unlock()
		}
		em().Emit(name, payload)
	})
}

// Progress is the running operation's last progress report: Op "" when
// none runs, Stage "starting" before its first report.
func (s *Service) Progress() events.BackupProgressPayload {
	running := s.job.Running()
	if running == "" {
		return events.BackupProgressPayload{}
	}
	s.cur.mu.Lock()
	defer s.cur.mu.Unlock()
	if s.cur.last.Op == "" {
		op := running
		if op == "check" {
			op = "verify" // the job's name; its reports say verify
		}
		return events.BackupProgressPayload{Op: op, Stage: "starting"}
	}
	return s.cur.last
}

// newProgress reports op's progress to the app's events and to Progress.
func (s *Service) newProgress(op string, total int64) *progress {
	return newProgress(s.cur.emitter(func() events.Emitter { return s.deps.Events }), op, total)
}
