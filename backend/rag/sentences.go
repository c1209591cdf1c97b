package rag

import (
	"errors"

	"bookbag/backend/apperr"
	"bookbag/backend/store"
)

// What the webview shows when something fails is a sentence, never a Go
// error chain with SQL or the data folder's paths: a failed document's
// reason (failReason), and the error of a bound call (couldNot). The chain
// stays inside the error for the log.

// ownReason is the reason err gives in words, if any: an apperr's message
// (the extractor's, the provider's, a document not found) or the store's
// for the SQLite errors it knows (a full disk).
func ownReason(err error) (string, bool) {
	var ae *apperr.Error
	if errors.As(store.MapErr(err), &ae) && ae.Code != apperr.Internal && ae.Message != "" {
		return ae.Message, true
	}
	return "", false
}

// couldNot is a bound call's error for the webview, what (as "delete the
// document") saying what failed: an error that says why already (a
// document not found) as it is, the store's known ones with what could not
// be done, and any other as an internal error, which the app's error
// formatter logs with its chain.
func couldNot(what string, err error) error {
	if err == nil {
		return nil
	}
	var ae *apperr.Error
	if errors.As(err, &ae) && ae.Code != apperr.Internal && ae.Message != "" {
		return err
	}
	if r, ok := ownReason(err); ok {
		return apperr.Wrap(err, apperr.CodeOf(store.MapErr(err)), "could not %s: %s", what, r)
	}
	code := apperr.CodeOf(err) // a cancel at shutdown stays one
	return apperr.Wrap(err, code, "could not %s because of an internal error (the log has the details)", what)
}
