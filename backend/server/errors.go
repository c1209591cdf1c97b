package server

import (
	"fmt"
	"net/http"
	"time"

	"bookbag/backend/syncproto"
)

// apiError is an error with the HTTP status and code the client sees.
type apiError struct {
	status     int
	code       string
	msg        string
	retryAfter time.Duration
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s: %s", e.status, e.code, e.msg) }

func errf(status int, code, format string, args ...any) *apiError {
	return &apiError{status: status, code: code, msg: fmt.Sprintf(format, args...)}
}

func errInvalid(format string, args ...any) *apiError {
	return errf(http.StatusBadRequest, syncproto.CodeInvalid, format, args...)
}

func errNotFound(format string, args ...any) *apiError {
	return errf(http.StatusNotFound, syncproto.CodeNotFound, format, args...)
}

func errConflict(format string, args ...any) *apiError {
	return errf(http.StatusConflict, syncproto.CodeConflict, format, args...)
}

func errForbidden(format string, args ...any) *apiError {
	return errf(http.StatusForbidden, syncproto.CodeForbidden, format, args...)
}

// errUnauthorized never says why: a missing, forged, expired or revoked
// token, an unknown email and a wrong password all read the same.
func errUnauthorized(msg string) *apiError {
	return errf(http.StatusUnauthorized, syncproto.CodeUnauthorized, "%s", msg)
}

func errTooMany(retry time.Duration) *apiError {
	e := errf(http.StatusTooManyRequests, syncproto.CodeTooManyRequests, "too many attempts; try again later")
	e.retryAfter = retry
	return e
}

// msgNoWorkspace is what a non-member gets for any workspace, existing or not.
const msgNoWorkspace = "workspace not found"
