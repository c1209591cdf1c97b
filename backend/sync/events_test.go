package sync

import (
	"errors"
	"io"
	"net/http"
	"strings"
	gosync "sync"
	"testing"

	"bookbag/backend/store"
)

// routeTransport lets a test change what some endpoints answer and counts
// requests by the last segment of their path.
type routeTransport struct {
	base   http.RoundTripper
	mu     gosync.Mutex
	counts map[string]int
	// answer, when it returns a response or an error, replaces the server's.
	answer func(r *http.Request) (*http.Response, error)
}

func (rt *routeTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	seg := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
	rt.mu.Lock()
	if rt.counts == nil {
		rt.counts = map[string]int{}
	}
	rt.counts[seg]++
	rt.mu.Unlock()
	if rt.answer != nil {
		if resp, err := rt.answer(r); resp != nil || err != nil {
			return resp, err
		}
	}
	return rt.base.RoundTrip(r)
}

func (rt *routeTransport) count(seg string) int {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	return rt.counts[seg]
}

// holdWaits makes long polls never answer (until cancelled): news can only
// come by the event stream.
func holdWaits(r *http.Request) (*http.Response, error) {
	if strings.HasSuffix(r.URL.Path, "/wait") {
		<-r.Context().Done()
		return nil, r.Context().Err()
	}
	return nil, nil
}

// A background desk hears of a member's change through the event stream:
// its long polls are held and never answer, so nothing else could tell it.
func TestChangesArriveByEventStream(t *testing.T) {
	tr := &routeTransport{base: http.DefaultTransport, answer: holdWaits}
	o := newOffice(t, deskOpts{}, deskOpts{background: true, transport: tr})
	o.shareAndJoin(t)
	for i, name := range []string{"first", "second"} {
		id := o.a.insert("prompt_templates", o.ws, store.Values{"name": name, "body": "pushed"})
		o.a.sync(o.ws)
		o.b.waitFor("template "+name, func() bool { return o.b.count(`SELECT count(*) FROM prompt_templates WHERE id = ?`, id) == 1 })
		if n := tr.count("events"); n != 1 {
			t.Fatalf("change %d: %d event streams opened, want one kept open", i, n)
		}
	}
}

// A server without the event stream (404) gets long polls, and is not
// asked for the stream again at every wait.
func TestOldServerGetsLongPolls(t *testing.T) {
	tr := &routeTransport{base: http.DefaultTransport, answer: func(r *http.Request) (*http.Response, error) {
		if strings.HasSuffix(r.URL.Path, "/events") {
			return &http.Response{StatusCode: 404, Request: r, Header: http.Header{"Content-Type": {"application/json"}},
				Body: io.NopCloser(strings.NewReader(`{"error":{"code":"not_found","message":"no such endpoint"}}`))}, nil
		}
		return nil, nil
	}}
	o := newOffice(t, deskOpts{}, deskOpts{background: true, transport: tr})
	o.shareAndJoin(t)
	for _, name := range []string{"first", "second", "third"} {
		id := o.a.insert("prompt_templates", o.ws, store.Values{"name": name, "body": "pushed"})
		o.a.sync(o.ws)
		o.b.waitFor("template "+name, func() bool { return o.b.count(`SELECT count(*) FROM prompt_templates WHERE id = ?`, id) == 1 })
	}
	if n := tr.count("events"); n != 1 {
		t.Fatalf("asked an old server for the stream %d times", n)
	}
	if tr.count("wait") == 0 {
		t.Fatal("no long poll")
	}
}

// A stream that keeps breaking (a proxy cutting it) is given up for a
// while after a few tries; long polls carry the news.
func TestFailingStreamFallsBackToLongPolls(t *testing.T) {
	tr := &routeTransport{base: http.DefaultTransport, answer: func(r *http.Request) (*http.Response, error) {
		if strings.HasSuffix(r.URL.Path, "/events") {
			return nil, errors.New("connection reset (test)")
		}
		return nil, nil
	}}
	o := newOffice(t, deskOpts{}, deskOpts{background: true, transport: tr})
	o.shareAndJoin(t)
	o.b.waitFor("the stream given up", func() bool { return tr.count("events") >= eventsFailures })
	for _, name := range []string{"first", "second"} {
		id := o.a.insert("prompt_templates", o.ws, store.Values{"name": name, "body": "pushed"})
		o.a.sync(o.ws)
		o.b.waitFor("template "+name, func() bool { return o.b.count(`SELECT count(*) FROM prompt_templates WHERE id = ?`, id) == 1 })
	}
	if n := tr.count("events"); n != eventsFailures {
		t.Fatalf("%d stream attempts, want %d before the pause", n, eventsFailures)
	}
}
