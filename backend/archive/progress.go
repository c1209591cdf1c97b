package archive

import (
	"context"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/events"
)

// progressEvery is the shortest gap between two progress events: a smooth
// bar without flooding the webview with one event a row.
const progressEvery = 100 * time.Millisecond

// progress emits archive:progress for one import or export, throttled; the
// first report of each stage always goes out. add returns the context's
// error, so the loops that count also stop when the job is cancelled.
type progress struct {
	ctx  context.Context
	emit events.Emitter
	t    events.Throttle
	p    events.ArchiveProgressPayload
}

func (s *Service) newProgress(ctx context.Context, op, workspaceID string) *progress {
	return &progress{ctx: ctx, emit: s.emit, t: events.Throttle{Every: s.every}, p: events.ArchiveProgressPayload{WorkspaceID: workspaceID, Op: op}}
}

// stage starts a named stage of total steps (0: not known) and reports it.
func (p *progress) stage(name string, total int64) {
	p.p.Stage, p.p.Done, p.p.Total = name, 0, total
	p.send(true)
}

// add counts n more steps done.
func (p *progress) add(n int64) error {
	p.p.Done += n
	p.send(false)
	return p.ctx.Err()
}

func (p *progress) send(force bool) {
	if p.t.Due(force) {
		p.emit.Emit(events.ArchiveProgress, p.p)
	}
}

// exclusive runs one import or export at a time, cancellable by Cancel; a
// cancelled one returns apperr.Canceled saying canceled.
func (s *Service) exclusive(ctx context.Context, canceled string, run func(context.Context) error) error {
	ctx, end, _, ok := s.job.Begin(ctx, "archive")
	if !ok {
		return apperr.New(apperr.Conflict, "another workspace import or export is running; wait for it or cancel it")
	}
	defer end()
	err := run(ctx)
	if err != nil && ctx.Err() != nil {
		return apperr.Wrap(err, apperr.Canceled, "%s", canceled)
	}
	return err
}

// Cancel stops the running import or export, if any; a cancelled import
// changes nothing and a cancelled export leaves no file. It reports whether
// one was running.
func (s *Service) Cancel() bool { return s.job.Cancel() }
