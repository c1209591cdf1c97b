package httpx

import (
	"context"
	"net/http"
	"sync"
	"time"
)

// Info is what the transport saw of the last response of a tracked call.
type Info struct {
	mu      sync.Mutex
	status  int
	header  http.Header
	bodyErr error
}

type infoKey struct{}

// Track returns a context whose requests record their response into the
// returned Info. Use it around library calls that hide the response.
func Track(ctx context.Context) (context.Context, *Info) {
	info := &Info{}
	return context.WithValue(ctx, infoKey{}, info), info
}

func infoFrom(ctx context.Context) *Info {
	info, _ := ctx.Value(infoKey{}).(*Info)
	return info
}

func (i *Info) set(status int, h http.Header) {
	i.mu.Lock()
	i.status, i.header = status, h
	i.mu.Unlock()
}

func (i *Info) setBodyErr(err error) {
	i.mu.Lock()
	if i.bodyErr == nil {
		i.bodyErr = err
	}
	i.mu.Unlock()
}

// Status is the HTTP status of the last response, or 0.
func (i *Info) Status() int {
	i.mu.Lock()
	defer i.mu.Unlock()
	return i.status
}

// RetryAfter is the back-off the last response asked for, or 0.
func (i *Info) RetryAfter() time.Duration {
	i.mu.Lock()
	defer i.mu.Unlock()
	return RetryAfter(i.header, time.Now())
}

// BodyErr is the first read error (other than EOF) of a response body:
// libraries that scan NDJSON (ollama/api) end quietly on a read error, and
// this is how the adapter learns the stream was cut or timed out.
func (i *Info) BodyErr() error {
	i.mu.Lock()
	defer i.mu.Unlock()
	return i.bodyErr
}
