package llm

import (
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Sentinel causes that adapters wrap; Endpoint.Err turns them into apperr
// errors with a sentence for the person.
var (
	// ErrStreamCut: the stream ended (cleanly or not) before its end marker.
	ErrStreamCut = errors.New("stream ended before it was complete")
	// ErrMalformed: a line or body could not be decoded.
	ErrMalformed = errors.New("malformed response")
	// ErrNotSupported: the provider has no such operation (Anthropic embeddings).
	ErrNotSupported = errors.New("not supported by this provider")
)

// StatusError is a provider's own error answer: an HTTP status with its
// body, or an error reported inside a stream (Status 0).
type StatusError struct {
	Status     int           // HTTP status; 0 for an error inside a stream
	Type       string        // provider's error type, e.g. rate_limit_error, overloaded_error
	Message    string        // provider's text, shortened; never holds the API key
	RetryAfter time.Duration // from Retry-After / retry-after-ms; 0 if none
}

func (e *StatusError) Error() string {
	s := "error in stream"
	if e.Status != 0 {
		s = fmt.Sprintf("%d %s", e.Status, http.StatusText(e.Status))
	}
	if e.Type != "" {
		s += " (" + e.Type + ")"
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

// HTTPStatus is the status the error stands for: its own, or for an error
// inside a stream (Status 0), which carries only a type, the one that type
// means; 0 when unknown.
func (e *StatusError) HTTPStatus() int {
	if e.Status != 0 {
		return e.Status
	}
	switch e.Type {
	case "rate_limit_error", "rate_limit_exceeded":
		return 429
	case "overloaded_error":
		return 529
	case "authentication_error":
		return 401
	case "permission_error":
		return 403
	case "invalid_request_error":
		return 400
	case "not_found_error":
		return 404
	}
	return 0
}

// UnsupportedError is a request the provider cannot honour in a way that
// would change what the caller gets back (a JSON answer from Anthropic's
// Messages API), refused before anything is sent. Param names the request
// field as OpenAI's API names it (response_format), so the local API can
// answer with it.
type UnsupportedError struct {
	Provider string // the provider's name, as configured
	Param    string
	Reason   string // why, in words
}

func (e *UnsupportedError) Error() string {
	return fmt.Sprintf("%s is not supported by %s: %s", e.Param, e.Provider, e.Reason)
}

// Unwrap makes errors.Is(err, ErrNotSupported) hold.
func (e *UnsupportedError) Unwrap() error { return ErrNotSupported }

// TimeoutError is raised by the adapters' HTTP layer when a phase of a
// request took too long.
type TimeoutError struct {
	Phase string // PhaseConnect, PhaseFirstByte or PhaseStall
	After time.Duration
}

// Timeout phases.
const (
	PhaseConnect   = "connect"
	PhaseFirstByte = "first byte"
	PhaseStall     = "stall"
)

func (e *TimeoutError) Error() string {
	switch e.Phase {
	case PhaseStall:
		return fmt.Sprintf("no data for %s", e.After)
	case PhaseConnect:
		return fmt.Sprintf("no connection within %s", e.After)
	}
	return fmt.Sprintf("no answer within %s", e.After)
}

// Timeout lets net.Error-style checks see it as a timeout.
func (e *TimeoutError) Timeout() bool { return true }

// RetryAfter reports how long the provider asked the caller to wait before
// trying again (429, 503, overloaded), or 0.
func RetryAfter(err error) time.Duration {
	var se *StatusError
	if errors.As(err, &se) {
		return se.RetryAfter
	}
	return 0
}

// Malformed wraps ErrMalformed with what could not be read (shortened).
func Malformed(what string, cause error) error {
	if cause != nil {
		return fmt.Errorf("%w: %s: %v", ErrMalformed, Shorten(what, 120), cause)
	}
	return fmt.Errorf("%w: %s", ErrMalformed, Shorten(what, 120))
}

// Shorten cuts s to at most n bytes (on a rune boundary) with an ellipsis, so
// a provider's multi-kilobyte error page does not become an error message.
func Shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := n
	for i > 0 && s[i]&0xC0 == 0x80 {
		i--
	}
	return s[:i] + "…"
}
