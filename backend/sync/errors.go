package sync

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"

	"bookbag/backend/apperr"
	"bookbag/backend/syncproto"
)

// classify says what a failed sync means for the user: CodeSignedOut (the
// session is over), CodeRemoved (no longer a member), CodeOffline (the server
// cannot be reached or is overloaded) or CodeServer.
func classify(err error) string {
	var ae *syncproto.APIError
	if errors.As(err, &ae) {
		switch {
		case ae.Status == http.StatusUnauthorized:
			return CodeSignedOut
		case ae.Status == http.StatusNotFound:
			return CodeRemoved
		case ae.Status == http.StatusTooManyRequests || ae.Status >= 500:
			return CodeOffline
		}
		return CodeServer
	}
	var ne net.Error
	var ue *url.Error
	var oe *net.OpError
	if errors.As(err, &ue) || errors.As(err, &oe) || errors.As(err, &ne) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, context.DeadlineExceeded) {
		return CodeOffline
	}
	return CodeServer
}

// userError turns a failure into an apperr error the UI can show.
func userError(err error) error {
	if err == nil {
		return nil
	}
	var ae *syncproto.APIError
	if errors.As(err, &ae) {
		return apperr.Wrap(err, ae.AppCode(), "%s", ae.Message)
	}
	if errors.Is(err, context.Canceled) {
		return apperr.Wrap(err, apperr.Canceled, "canceled")
	}
	var e *apperr.Error
	if errors.As(err, &e) {
		return err
	}
	if classify(err) == CodeOffline {
		return apperr.Wrap(err, apperr.Unavailable, "cannot reach the server")
	}
	return err
}
