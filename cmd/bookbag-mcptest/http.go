package main

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// serveHTTP serves streamable HTTP at /mcp or legacy SSE at /sse until ctx
// ends, refusing requests without the token or the required header.
func (s *server) serveHTTP(ctx context.Context, o options, stdout, stderr io.Writer) error {
	getServer := func(*http.Request) *mcp.Server { return s.mcp }
	var h http.Handler
	path := "/mcp"
	if o.transport == "sse" {
		h, path = mcp.NewSSEHandler(getServer, nil), "/sse"
	} else {
		h = mcp.NewStreamableHTTPHandler(getServer, nil)
	}
	h, err := guard(h, o.token, o.header)
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle(path, h) // only there: a client with a wrong path gets 404
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return err
	}
	url := "http://" + ln.Addr().String() + path
	fmt.Fprintf(stdout, "BOOKBAG_MCPTEST_URL=%s\n", url)
	fmt.Fprintf(stderr, "BOOKBAG_MCPTEST_URL=%s\n", url)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(shut)
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// guard refuses requests without "Authorization: Bearer token" (when a
// token is set) or without the required header.
func guard(h http.Handler, token, header string) (http.Handler, error) {
	var name, value string
	if header != "" {
		n, v, ok := strings.Cut(header, ":")
		if !ok {
			return nil, fmt.Errorf(`-require-header wants "Name: value", got %q`, header)
		}
		name, value = strings.TrimSpace(n), strings.TrimSpace(v)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if token != "" {
			got := r.Header.Get("Authorization")
			if subtle.ConstantTimeCompare([]byte(got), []byte("Bearer "+token)) != 1 {
				w.Header().Set("WWW-Authenticate", `Bearer realm="bookbag-mcptest"`)
				http.Error(w, "missing or wrong bearer token", http.StatusUnauthorized)
				return
			}
		}
		if name != "" && r.Header.Get(name) != value {
			http.Error(w, "missing header "+name, http.StatusForbidden)
			return
		}
		h.ServeHTTP(w, r)
	}), nil
}
