package llmtest

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// Raw is a server that answers one path with whatever bytes were set last,
// for fuzzing an adapter's reading of a stream through a real HTTP answer
// (the fakes above only ever send well-formed protocol). Other paths are
// 404.
type Raw struct {
	URL  string
	mu   sync.Mutex
	body []byte
}

// StartRaw starts a Raw answering requests whose path ends in path with
// Content-Type contentType; it stops when the test ends.
func StartRaw(tb testing.TB, path, contentType string) *Raw {
	r := &Raw{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if !strings.HasSuffix(req.URL.Path, path) {
			http.NotFound(w, req)
			return
		}
		r.mu.Lock()
		b := r.body
		r.mu.Unlock()
		w.Header().Set("Content-Type", contentType)
		_, _ = w.Write(b)
	}))
	tb.Cleanup(srv.Close)
	r.URL = srv.URL
	return r
}

// Set makes b the next answers' body.
func (r *Raw) Set(b []byte) {
	r.mu.Lock()
	r.body = b
	r.mu.Unlock()
}
