package server

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
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
	limit     int64 // the largest body the route takes (decompressed too)
}

type handlerFunc func(ctx context.Context, c *call) error

// gzipMin is the smallest JSON answer worth compressing (pull pages are
// JSON rows that shrink several times; a short answer would grow).
const gzipMin = 1024

func (c *call) json(status int, v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode answer: %w", err)
	}
	body = append(body, '\n')
	h := c.w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	h.Add("Vary", "Accept-Encoding")
	if len(body) < gzipMin || !acceptsGzip(c.r) {
		c.w.WriteHeader(status)
		_, err = c.w.Write(body)
		return err
	}
	h.Set("Content-Encoding", "gzip")
	c.w.WriteHeader(status)
	zw, _ := gzip.NewWriterLevel(c.w, gzip.BestSpeed)
	if _, err := zw.Write(body); err != nil {
		return err
	}
	return zw.Close()
}

// acceptsGzip reports whether the client takes gzip answers (Go's HTTP
// client asks for them and decompresses by itself).
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(enc), "gzip") && strings.ReplaceAll(strings.TrimSpace(q), " ", "") != "q=0" {
			return true
		}
	}
	return false
}

func (c *call) ok(v any) error { return c.json(http.StatusOK, v) }

func (c *call) noContent() error {
	c.w.WriteHeader(http.StatusNoContent)
	return nil
}

// checkEncoding refuses a body in a coding the server does not read (415),
// instead of reading it as if it were plain: JSON bodies may be gzipped,
// files travel as they are.
func checkEncoding(r *http.Request, upload bool) error {
	enc := strings.ToLower(strings.TrimSpace(r.Header.Get("Content-Encoding")))
	if len(r.Header.Values("Content-Encoding")) > 1 {
		enc = "several codings"
	}
	switch {
	case enc == "" || enc == "identity":
		return nil
	case enc == "gzip" && !upload:
		return nil
	case upload:
		return errf(http.StatusUnsupportedMediaType, syncproto.CodeUnsupported, "files are sent as they are, without a Content-Encoding")
	}
	return errf(http.StatusUnsupportedMediaType, syncproto.CodeUnsupported, "Content-Encoding %q is not supported; send gzip or none", clip(enc, 40))
}

// decode reads a JSON body (already capped by MaxBytesReader) into v.
func (c *call) decode(v any) error {
	var body io.Reader = c.r.Body
	// Clients compress large JSON bodies (a push of 1,000 rows); the cap
	// applies to the decompressed size as well, so a small bomb is refused.
	if strings.EqualFold(strings.TrimSpace(c.r.Header.Get("Content-Encoding")), "gzip") { // checked by checkEncoding
		zr, err := gzip.NewReader(c.r.Body)
		if err != nil {
			return errInvalid("request body is not valid gzip")
		}
		defer zr.Close()
		body = http.MaxBytesReader(c.w, zr, c.limit)
	}
	dec := json.NewDecoder(body)
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
