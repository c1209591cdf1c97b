package syncproto

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Client speaks the sync API of one BookBag server. It keeps the session's
// tokens, refreshes the access token before it expires (one refresh at a time:
// a refresh token works once, and a second concurrent use would revoke the
// session) and tells OnTokens about every new pair so the caller can keep the
// refresh token in the keychain. Safe for concurrent use.
type Client struct {
	base string
	http *http.Client
	now  func() time.Time

	mu       sync.Mutex // guards tokens
	tokens   Tokens
	onTokens func(Tokens)

	refreshMu sync.Mutex // serializes refreshes
}

// NewClient returns a client for the server at baseURL (scheme, host and
// optional path prefix). A nil hc uses a client with a 60 s overall timeout,
// longer than the longest wait.
func NewClient(baseURL string, hc *http.Client) *Client {
	if hc == nil {
		hc = &http.Client{Timeout: 90 * time.Second}
	}
	return &Client{base: strings.TrimRight(baseURL, "/"), http: hc, now: time.Now}
}

// BaseURL returns the server address the client talks to.
func (c *Client) BaseURL() string { return c.base }

// SetTokens installs tokens, e.g. a refresh token read from the keychain
// (with an empty access token the next call refreshes first).
func (c *Client) SetTokens(t Tokens) {
	c.mu.Lock()
	c.tokens = t
	c.mu.Unlock()
}

// Tokens returns the current tokens.
func (c *Client) Tokens() Tokens {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.tokens
}

// OnTokens registers f to be called after every login and refresh, and with
// empty tokens when the session ends (logout, revoked, refresh refused).
func (c *Client) OnTokens(f func(Tokens)) {
	c.mu.Lock()
	c.onTokens = f
	c.mu.Unlock()
}

func (c *Client) storeTokens(t Tokens) {
	c.mu.Lock()
	c.tokens = t
	f := c.onTokens
	c.mu.Unlock()
	if f != nil {
		f(t)
	}
}

// request is one API call.
type request struct {
	method string
	path   string
	query  url.Values
	body   any       // JSON-encoded when set
	raw    io.Reader // sent as is when set (uploads)
	size   int64     // length of raw
	auth   bool      // needs an access token
	out    any       // JSON-decoded answer, when set
	stream bool      // an answer without end: no overall timeout
}

// do runs r, refreshing the access token first when it is missing or about
// to expire, and once more after a 401 if the body can be resent (JSON, or
// raw bytes from a seekable reader).
func (c *Client) do(ctx context.Context, r request) error {
	resp, err := c.send(ctx, r)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	return decodeResponse(resp, r.out)
}

// send returns a 2xx response with its body open, or an error.
func (c *Client) send(ctx context.Context, r request) (*http.Response, error) {
	var payload []byte
	gzipped := false
	if r.body != nil {
		b, err := json.Marshal(r.body)
		if err != nil {
			return nil, fmt.Errorf("encode request: %w", err)
		}
		payload = b
		// JSON rows shrink several times: a large push goes compressed (the
		// server takes Content-Encoding: gzip; answers come back gzipped
		// the same way, which Go's client undoes by itself).
		if len(b) >= gzipMin {
			var z bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&z, gzip.BestSpeed)
			zw.Write(b)
			zw.Close()
			payload, gzipped = z.Bytes(), true
		}
	}
	// A body read from a seekable source (an upload from a stored file)
	// can be sent again after a 401, from where it started.
	resendable, start := r.raw == nil, int64(0)
	if sk, ok := r.raw.(io.Seeker); ok {
		if off, err := sk.Seek(0, io.SeekCurrent); err == nil {
			resendable, start = true, off
		}
	}
	retried := false
	for {
		var token string
		if r.auth {
			t, err := c.accessToken(ctx)
			if err != nil {
				return nil, err
			}
			token = t
		}
		resp, err := c.roundTrip(ctx, r, payload, gzipped, token)
		if err != nil {
			return nil, err
		}
		if resp.StatusCode == http.StatusUnauthorized && r.auth && !retried && resendable {
			resp.Body.Close()
			retried = true
			if err := c.refresh(ctx, token); err != nil {
				return nil, err
			}
			if r.raw != nil {
				if _, err := r.raw.(io.Seeker).Seek(start, io.SeekStart); err != nil {
					return nil, fmt.Errorf("rewind upload: %w", err)
				}
			}
			continue
		}
		if resp.StatusCode >= 300 {
			defer resp.Body.Close()
			return nil, readError(resp)
		}
		return resp, nil
	}
}

// gzipMin is the smallest JSON body worth compressing.
const gzipMin = 1024

func (c *Client) roundTrip(ctx context.Context, r request, payload []byte, gzipped bool, token string) (*http.Response, error) {
	u := c.base + r.path
	if len(r.query) > 0 {
		u += "?" + r.query.Encode()
	}
	var body io.Reader
	switch {
	case r.raw != nil:
		body = io.NopCloser(r.raw) // the caller closes it (and may send it again)
	case payload != nil:
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, u, body)
	if err != nil {
		return nil, fmt.Errorf("build request: %w", err)
	}
	if r.raw != nil {
		req.ContentLength = r.size
		req.Header.Set("Content-Type", "application/octet-stream")
	} else if payload != nil {
		req.Header.Set("Content-Type", "application/json")
		if gzipped {
			req.Header.Set("Content-Encoding", "gzip")
		}
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	hc := c.http
	if r.stream && hc.Timeout > 0 {
		// The timeout covers reading the body too; a stream ends by its
		// context (and its idle watchdog) instead.
		cp := *hc
		cp.Timeout = 0
		hc = &cp
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", r.method, r.path, err)
	}
	return resp, nil
}

func decodeResponse(resp *http.Response, out any) error {
	if out == nil || resp.StatusCode == http.StatusNoContent {
		io.Copy(io.Discard, resp.Body)
		return nil
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("decode response: %w", err)
	}
	return nil
}

func readError(resp *http.Response) error {
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	var eb ErrorBody
	e := &APIError{Status: resp.StatusCode}
	if json.Unmarshal(b, &eb) == nil && eb.Error.Code != "" {
		e.Code, e.Message = eb.Error.Code, eb.Error.Message
		e.RetryAfter = time.Duration(eb.Error.RetryAfterMs) * time.Millisecond
	} else {
		e.Code, e.Message = CodeUnavailable, statusText(resp.StatusCode)
		if resp.StatusCode < 500 {
			e.Code = CodeInvalid
		}
	}
	if s := resp.Header.Get("Retry-After"); s != "" && e.RetryAfter == 0 {
		if n, err := strconv.Atoi(s); err == nil {
			e.RetryAfter = time.Duration(n) * time.Second
		}
	}
	return e
}

// accessToken returns a usable access token, refreshing when the current
// one expires within 30 s.
func (c *Client) accessToken(ctx context.Context) (string, error) {
	t := c.Tokens()
	if t.AccessToken != "" && c.now().Add(30*time.Second).UnixMilli() < t.AccessExpiresAt {
		return t.AccessToken, nil
	}
	if err := c.refresh(ctx, t.AccessToken); err != nil {
		return "", err
	}
	return c.Tokens().AccessToken, nil
}

// errSignedOut is returned when the client has no session to refresh.
func errSignedOut() error {
	return &APIError{Status: http.StatusUnauthorized, Code: CodeUnauthorized, Message: "not signed in"}
}

// refreshTimeout bounds a refresh that goes on after its caller gave up.
const refreshTimeout = time.Minute

// refresh trades the refresh token for new tokens unless another caller
// already did so since stale (the access token that failed) was read.
//
// The exchange runs to its end even when ctx ends first (a long poll cut
// short by a local change, an unlink): once the request left, the server
// may have replaced the refresh token, and only its answer holds the new
// one; offering the old one again would end the session as a reuse.
func (c *Client) refresh(ctx context.Context, stale string) error {
	if err := ctx.Err(); err != nil {
		return err // nothing sent yet
	}
	done := make(chan error, 1)
	go func() {
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), refreshTimeout)
		defer cancel()
		done <- c.refreshNow(rctx, stale)
	}()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (c *Client) refreshNow(ctx context.Context, stale string) error {
	c.refreshMu.Lock()
	defer c.refreshMu.Unlock()
	t := c.Tokens()
	if t.AccessToken != stale && t.AccessToken != "" {
		return nil // someone refreshed while we waited
	}
	if t.RefreshToken == "" {
		return errSignedOut()
	}
	var nt Tokens
	err := c.do(ctx, request{method: http.MethodPost, path: "/api/auth/refresh",
		body: RefreshRequest{RefreshToken: t.RefreshToken}, out: &nt})
	if err != nil {
		var ae *APIError
		if errors.As(err, &ae) && ae.Status == http.StatusUnauthorized {
			c.storeTokensIf(t.RefreshToken, Tokens{}) // the session is over: sign in again
		}
		return fmt.Errorf("refresh session: %w", err)
	}
	if !c.storeTokensIf(t.RefreshToken, nt) {
		// Signed out or in again while this ran (it may outlive its
		// caller): that session wins.
		if c.Tokens().AccessToken == "" {
			return errSignedOut()
		}
	}
	return nil
}

// storeTokensIf stores t only while the refresh token is still used (a
// logout or another login since replaced it otherwise).
func (c *Client) storeTokensIf(used string, t Tokens) bool {
	c.mu.Lock()
	if c.tokens.RefreshToken != used {
		c.mu.Unlock()
		return false
	}
	c.tokens = t
	f := c.onTokens
	c.mu.Unlock()
	if f != nil {
		f(t)
	}
	return true
}
