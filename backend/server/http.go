package server

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"

	"bookbag/backend/syncproto"
)

// call is one request on its way through a handler: who asked, and for
// which workspace with which role once the policy has been checked.
type call struct {
	w         http.ResponseWriter
	r         *http.Request
	addr      string // client address for rate limits and the audit log
	user      authUser
	sessionID string
	ws        string // the {ws} path value, set for workspace routes
	wsRole    string
}

type handlerFunc func(ctx context.Context, c *call) error

func (c *call) json(status int, v any) error {
	c.w.Header().Set("Content-Type", "application/json")
	c.w.Header().Set("Cache-Control", "no-store")
	c.w.WriteHeader(status)
	return json.NewEncoder(c.w).Encode(v)
}

func (c *call) ok(v any) error { return c.json(http.StatusOK, v) }

func (c *call) noContent() error {
	c.w.WriteHeader(http.StatusNoContent)
	return nil
}

// decode reads a JSON body (already capped by MaxBytesReader) into v.
func (c *call) decode(v any) error {
	dec := json.NewDecoder(c.r.Body)
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return errf(http.StatusRequestEntityTooLarge, syncproto.CodeTooLarge, "request body is larger than %d bytes", mbe.Limit)
		}
		if errors.Is(err, io.EOF) {
			return errInvalid("request body is empty")
		}
		return errInvalid("request body is not valid JSON for this call")
	}
	if dec.More() {
		return errInvalid("request body has trailing data")
	}
	return nil
}

func (s *Server) writeError(c *call, err error) {
	var ae *apiError
	if !errors.As(err, &ae) {
		if errors.Is(err, context.Canceled) || c.r.Context().Err() != nil {
			return // the client went away
		}
		s.log.Error("request failed", "method", c.r.Method, "path", c.r.URL.Path, "err", err)
		ae = errf(http.StatusInternalServerError, syncproto.CodeInternal, "internal error")
	}
	body := syncproto.ErrorBody{Error: syncproto.ErrorInfo{Code: ae.code, Message: ae.msg}}
	if ae.retryAfter > 0 {
		body.Error.RetryAfterMs = ae.retryAfter.Milliseconds()
		c.w.Header().Set("Retry-After", strconv.Itoa(int(ae.retryAfter.Seconds()+0.999)))
	}
	if ae.status == http.StatusUnauthorized {
		c.w.Header().Set("WWW-Authenticate", `Bearer realm="bookbag"`)
	}
	c.json(ae.status, body)
}

// clientAddr is the peer's IP, or with TrustProxy the first address in
// X-Forwarded-For (set by the office's reverse proxy).
func (s *Server) clientAddr(r *http.Request) string {
	if s.cfg.TrustProxy {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			first, _, _ := strings.Cut(xff, ",")
			if ip := net.ParseIP(strings.TrimSpace(first)); ip != nil {
				return ip.String()
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func queryInt(r *http.Request, name string, def int64) (int64, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, errInvalid("%s must be a non-negative integer", name)
	}
	return n, nil
}
