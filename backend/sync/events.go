package sync

import (
	"context"
	"time"

	"bookbag/backend/syncproto"
)

// The server tells a linked device that its workspace changed through a
// stream of server-sent events; long polls (/wait) are the fallback while
// no stream is open. An old server without the stream answers 404 or 405:
// the link then long-polls and asks again after eventsRecheck. A stream
// that fails eventsFailures times in a row before its first event (a proxy
// that buffers or cuts it) is left alone for eventsPause.
const (
	eventsRecheck  = 30 * time.Minute
	eventsFailures = 3
	eventsPause    = 5 * time.Minute
)

// listen keeps the workspace's event stream open while ctx lives.
func (l *link) listen(ctx context.Context) {
	var backoff time.Duration
	failures := 0
	for ctx.Err() == nil {
		opened := false
		err := l.client.Events(ctx, l.ws, l.s.d.EventsIdle, func(ev syncproto.ChangeEvent) {
			if !opened {
				opened = true
				l.streaming.Store(true)
			}
			l.heard(ctx, ev.Head)
		})
		if opened {
			l.streaming.Store(false)
			l.notify() // the waiting loop long-polls until the stream is back
		}
		if ctx.Err() != nil {
			return
		}
		var d time.Duration
		switch {
		case syncproto.NoEndpoint(err):
			l.s.log.Info("server has no event stream; long-polling", "workspace", l.ws)
			d, backoff, failures = eventsRecheck, 0, 0
		case opened:
			d, backoff, failures = l.s.d.MinBackoff, 0, 0 // it worked: reconnect soon
		case classify(err) == CodeSignedOut:
			d = l.s.d.MaxBackoff // not the stream's fault: try again once signed in
		default:
			failures++
			backoff = nextBackoff(backoff, l.s.d.MinBackoff, l.s.d.MaxBackoff)
			d = backoff
			if failures >= eventsFailures {
				l.s.log.Info("event stream keeps failing; long-polling", "workspace", l.ws, "err", err)
				d, failures = eventsPause, 0
			}
		}
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// heard notes a head the server announced and wakes the loop when it is
// past the cursor.
func (l *link) heard(ctx context.Context, head int64) {
	cursor, err := l.cursor(ctx)
	if err != nil || head <= cursor {
		return
	}
	l.mu.Lock()
	l.head = max(l.head, head)
	l.mu.Unlock()
	l.notify()
}

func (l *link) notify() {
	select {
	case l.news <- struct{}{}:
	default:
	}
}
