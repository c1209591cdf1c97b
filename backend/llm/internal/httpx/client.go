package httpx

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"sync"
	"time"

	"bookbag/backend/llm"
)

// Options configure NewClient.
type Options struct {
	Timeouts llm.Timeouts
	// Header is added to every request that does not already set the key
	// (e.g. Authorization for a key-protected Ollama).
	Header http.Header
}

// NewClient returns a client whose transport wraps base's (or a fresh
// transport with a connect timeout when base is nil). base is not modified.
func NewClient(base *http.Client, opts Options) *http.Client {
	var next http.RoundTripper
	c := &http.Client{}
	if base != nil {
		*c = *base
		next = base.Transport
	}
	if next == nil {
		next = newTransport(opts.Timeouts.Connect)
	}
	c.Transport = &transport{next: next, t: opts.Timeouts, header: opts.Header}
	return c
}

func newTransport(connect time.Duration) http.RoundTripper {
	t := http.DefaultTransport.(*http.Transport).Clone()
	d := &net.Dialer{Timeout: connect, KeepAlive: 30 * time.Second}
	t.DialContext = d.DialContext
	if connect > 0 {
		t.TLSHandshakeTimeout = connect
	}
	return t
}

type transport struct {
	next   http.RoundTripper
	t      llm.Timeouts
	header http.Header
}

func (rt *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithCancelCause(req.Context())
	var r2 *http.Request
	if len(rt.header) > 0 {
		r2 = req.Clone(ctx)
		for k, vs := range rt.header {
			if r2.Header.Get(k) == "" {
				r2.Header[k] = vs
			}
		}
	} else {
		r2 = req.WithContext(ctx)
	}
	var first *time.Timer
	if d := rt.t.FirstByte; d > 0 {
		first = time.AfterFunc(d, func() { cancel(&llm.TimeoutError{Phase: llm.PhaseFirstByte, After: d}) })
	}
	resp, err := rt.next.RoundTrip(r2)
	if err != nil {
		if first != nil {
			first.Stop()
		}
		err = causeOr(ctx, err)
		cancel(nil)
		return nil, err
	}
	info := infoFrom(req.Context())
	if info != nil {
		info.set(resp.StatusCode, resp.Header)
	}
	resp.Body = &body{rc: resp.Body, ctx: ctx, cancel: cancel, first: first, stallAfter: rt.t.Stall, info: info}
	return resp, nil
}

// causeOr returns our timeout when it is why ctx ended, else err: the
// transport only knows "context canceled", which would read as a user stop.
func causeOr(ctx context.Context, err error) error {
	var te *llm.TimeoutError
	if c := context.Cause(ctx); c != nil && errors.As(c, &te) {
		return te
	}
	return err
}

// body arms the stall timer after the first byte and re-arms it on every
// read that returns data.
type body struct {
	rc         io.ReadCloser
	ctx        context.Context
	cancel     context.CancelCauseFunc
	stallAfter time.Duration
	info       *Info

	mu    sync.Mutex
	first *time.Timer // until the first read returns
	stall *time.Timer
	began bool
}

func (b *body) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	b.mu.Lock()
	if !b.began {
		b.began = true
		if b.first != nil {
			b.first.Stop()
		}
		if d := b.stallAfter; d > 0 {
			b.stall = time.AfterFunc(d, func() { b.cancel(&llm.TimeoutError{Phase: llm.PhaseStall, After: d}) })
		}
	} else if n > 0 && b.stall != nil {
		b.stall.Reset(b.stallAfter)
	}
	b.mu.Unlock()
	if err != nil && err != io.EOF {
		err = causeOr(b.ctx, err)
		if b.info != nil {
			b.info.setBodyErr(err)
		}
	}
	return n, err
}

func (b *body) Close() error {
	b.mu.Lock()
	if b.first != nil {
		b.first.Stop()
	}
	if b.stall != nil {
		b.stall.Stop()
	}
	b.mu.Unlock()
	err := b.rc.Close()
	b.cancel(nil)
	return err
}
