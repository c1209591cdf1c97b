package localapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"bookbag/backend/apperr"
	"bookbag/backend/llm"
)

// apiError is an answer in OpenAI's error shape:
// {"error":{"message","type","param","code"}}.
type apiError struct {
	Status  int
	Message string
	Type    string
	Param   string
	Code    string
	// RetryAfter is seconds for the Retry-After header (429, 503); 0 none.
	RetryAfter int
	// NoRetry tells OpenAI's SDKs, which retry every 429, that trying
	// again will not help (X-Should-Retry: false).
	NoRetry bool
}

// OpenAI's error types.
const (
	typeInvalid    = "invalid_request_error"
	typeAuth       = "authentication_error"
	typePermission = "permission_error"
	typeNotFound   = "not_found_error"
	typeRateLimit  = "rate_limit_error"
	typeServer     = "server_error"
	typeUpstream   = "upstream_error"
)

func (e *apiError) Error() string { return e.Message }

func invalid(param, format string, args ...any) *apiError {
	return &apiError{Status: 400, Type: typeInvalid, Param: param, Message: fmt.Sprintf(format, args...)}
}

func writeError(w http.ResponseWriter, e *apiError) {
	if e.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(e.RetryAfter))
	}
	if e.NoRetry {
		w.Header().Set("X-Should-Retry", "false")
	}
	var param, code any
	if e.Param != "" {
		param = e.Param
	}
	if e.Code != "" {
		code = e.Code
	}
	writeJSON(w, e.Status, map[string]any{"error": map[string]any{"message": e.Message, "type": e.Type, "param": param, "code": code}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// fromError maps an error of the app or of a provider to an answer (see
// fromProvider); the provider's text in the chain has passed
// llm.Endpoint.Err, which redacts the key from it and drops a 401's text.
func fromError(err error) *apiError {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae
	}
	var ue *llm.UnsupportedError
	if errors.As(err, &ue) {
		// Refused before the provider was asked: a client parsing JSON
		// must not get prose (docs/DECISIONS.md, local API).
		return &apiError{Status: 400, Type: typeInvalid, Param: ue.Param, Code: "unsupported_parameter",
			Message: fmt.Sprintf("%s is not supported by this model's provider, %s: %s", ue.Param, ue.Provider, ue.Reason)}
	}
	var se *llm.StatusError
	if errors.As(err, &se) {
		return fromProvider(se, apperr.MessageOf(err))
	}
	msg := apperr.MessageOf(err)
	switch apperr.CodeOf(err) {
	case apperr.Invalid:
		return &apiError{Status: 400, Type: typeInvalid, Message: msg}
	case apperr.NotFound:
		return &apiError{Status: 404, Type: typeInvalid, Code: "model_not_found", Message: msg}
	case apperr.Unauthorized:
		return &apiError{Status: 502, Type: typeUpstream, Message: msg}
	case apperr.Unavailable:
		return &apiError{Status: 503, Type: typeServer, Message: msg}
	case apperr.Canceled:
		return &apiError{Status: 499, Type: typeServer, Message: "the request was cancelled"}
	}
	if errors.Is(err, context.Canceled) {
		return &apiError{Status: 499, Type: typeServer, Message: "the request was cancelled"}
	}
	return &apiError{Status: 500, Type: typeServer, Message: "internal error: " + msg}
}

// fromProvider passes a provider's refusal on where the client can act on
// it, as a gateway does: a rate limit stays a 429 and an overload a 503,
// each with the provider's Retry-After (the SDKs wait that long before
// they retry); a timeout is a 504; a refused request a 400. The rest (the
// upstream key refused: the client's token was fine) is a 502. An error
// inside a stream counts by its type (Anthropic sends an overload so).
// msg is the provider's error in words, naming the provider.
func fromProvider(se *llm.StatusError, msg string) *apiError {
	retry := int(se.RetryAfter.Seconds() + 0.999)
	switch st := se.HTTPStatus(); {
	case st == 429:
		return &apiError{Status: 429, Type: typeRateLimit, Code: "rate_limit_exceeded", Message: "the model's provider is rate limiting: " + se.Message,
			RetryAfter: retry}
	case st == 400 || st == 413 || st == 422:
		return &apiError{Status: 400, Type: typeInvalid, Message: "the model's provider refused the request: " + se.Message}
	case st == 503 || st == 529:
		return &apiError{Status: 503, Type: typeUpstream, Code: "provider_overloaded", Message: msg, RetryAfter: retry}
	case st == 408 || st == 504:
		return &apiError{Status: 504, Type: typeUpstream, Code: "provider_timeout", Message: msg, RetryAfter: retry}
	}
	return &apiError{Status: 502, Type: typeUpstream, Message: "the model's provider failed: " + msg, RetryAfter: retry}
}
