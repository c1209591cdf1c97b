package llmtest

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
)

// Replay returns a RoundTripper that answers each method+path with the bytes
// h wrote for its first request there, without a network or the handler
// running again. Benchmarks use it to measure an adapter alone: from the
// fake server's bytes to the delta callback.
func Replay(h http.Handler) http.RoundTripper {
	return &replay{h: h, seen: map[string]*recorded{}}
}

type recorded struct {
	status int
	header http.Header
	body   []byte
}

type replay struct {
	h    http.Handler
	mu   sync.Mutex
	seen map[string]*recorded
}

func (rp *replay) RoundTrip(req *http.Request) (*http.Response, error) {
	key := req.Method + " " + req.URL.Path
	rp.mu.Lock()
	rec, ok := rp.seen[key]
	rp.mu.Unlock()
	if !ok {
		w := httptest.NewRecorder()
		rp.h.ServeHTTP(w, req)
		rec = &recorded{status: w.Code, header: w.Header().Clone(), body: w.Body.Bytes()}
		rp.mu.Lock()
		rp.seen[key] = rec
		rp.mu.Unlock()
	} else if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		req.Body.Close()
	}
	return &http.Response{
		StatusCode: rec.status, Status: http.StatusText(rec.status), Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: rec.header.Clone(), Body: io.NopCloser(bytes.NewReader(rec.body)), ContentLength: int64(len(rec.body)),
		Request: req,
	}, nil
}
