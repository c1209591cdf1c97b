package syncproto

import (
	"fmt"
	"net/http"
	"time"

	"bookbag/backend/apperr"
)

// APIError is an error answer from the server. It unwraps to an apperr.Error
// so the desktop can map it to the codes its UI understands.
type APIError struct {
	Status     int    // HTTP status
	Code       string // ErrorInfo.Code
	Message    string
	RetryAfter time.Duration
}

func (e *APIError) Error() string {
	return fmt.Sprintf("server: %s (%d %s)", e.Message, e.Status, e.Code)
}

// Unwrap gives the apperr form of the error.
func (e *APIError) Unwrap() error {
	return &apperr.Error{Code: e.AppCode(), Message: e.Message}
}

// AppCode maps the server's code to the desktop's apperr codes.
func (e *APIError) AppCode() apperr.Code {
	switch e.Code {
	case CodeInvalid, CodeTooLarge, CodeUnsupported:
		return apperr.Invalid
	case CodeUnauthorized, CodeForbidden:
		return apperr.Unauthorized
	case CodeNotFound:
		return apperr.NotFound
	case CodeConflict, CodeQuota:
		return apperr.Conflict
	case CodeTooManyRequests, CodeUnavailable:
		return apperr.Unavailable
	}
	if e.Status >= 500 {
		return apperr.Unavailable
	}
	return apperr.Internal
}

// IsStatus reports whether err is an APIError with the HTTP status.
func IsStatus(err error, status int) bool {
	e, ok := err.(*APIError)
	return ok && e.Status == status
}

// statusText is used when the server's answer is not our JSON error body
// (a proxy's page, say).
func statusText(code int) string {
	if t := http.StatusText(code); t != "" {
		return t
	}
	return "unexpected status"
}
