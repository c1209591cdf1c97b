package llm

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"syscall"
	"time"

	"bookbag/backend/apperr"
)

// Endpoint names a provider for error messages and knows which strings must
// never appear in them. Adapters build one from their config and pass every
// error through Err.
type Endpoint struct {
	Name   string // "OpenAI", "Ollama", or the user's name for a custom server
	Host   string // host:port of the base URL
	Local  bool   // a server on this machine: a refused connection means "not running"
	HasKey bool   // whether a key was configured (401 wording)

	secrets []string
}

// NewEndpoint describes the provider at baseURL. secrets (the API key) are
// redacted from every message Err produces, as is any userinfo in baseURL.
func NewEndpoint(name, baseURL string, local bool, secrets ...string) Endpoint {
	e := Endpoint{Name: name, Local: local}
	if u, err := url.Parse(baseURL); err == nil {
		e.Host = u.Host
		if u.User != nil {
			e.secrets = append(e.secrets, u.User.String())
			if p, ok := u.User.Password(); ok {
				e.secrets = append(e.secrets, p)
			}
		}
	}
	for _, s := range secrets {
		if s != "" {
			e.HasKey = true
			e.secrets = append(e.secrets, s)
		}
	}
	return e
}

// Redact replaces every secret in s, and any run of minFragment or more
// characters of one: a server that cuts an echoed key short ("sk-proj-AbC…")
// still gives away most of it. Shorter pieces (a masked "sk-…WXYZ") say no
// more than the hint the Models page shows.
func (e Endpoint) Redact(s string) string {
	for _, sec := range e.secrets {
		switch {
		case len(sec) > minFragment:
			s = redactFragments(s, sec)
		case len(sec) >= 4 && strings.Contains(s, sec):
			s = strings.ReplaceAll(s, sec, "[redacted]")
		}
	}
	return s
}

// minFragment is the shortest piece of a secret Redact hides.
const minFragment = 10

// redactFragments replaces each longest run of s that occurs in sec, when
// it is at least minFragment bytes long. Error texts are short, so the
// quadratic scan costs nothing that matters.
func redactFragments(s, sec string) string {
	var b strings.Builder
	changed := false
	for i := 0; i < len(s); {
		n := 0
		for i+n < len(s) && strings.Contains(sec, s[i:i+n+1]) {
			n++
		}
		if n >= minFragment {
			b.WriteString("[redacted]")
			i += n
			changed = true
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	if !changed {
		return s
	}
	return b.String()
}

// Err maps err to an apperr error with a sentence naming the provider; model
// (may be empty) names the model for "not found" answers. Errors that already
// carry an apperr code pass through. The result still matches
// context.Canceled, *StatusError and the sentinels with errors.Is/As.
func (e Endpoint) Err(err error, model string) error {
	if err == nil {
		return nil
	}
	var ae *apperr.Error
	if errors.As(err, &ae) {
		return err
	}
	e.scrubStatus(err)
	code, msg := e.classify(err, model)
	return &apperr.Error{Code: code, Message: e.Redact(msg), Err: e.redactErr(err)}
}

// scrubStatus redacts the provider's own text inside err's chain, which
// callers reach with errors.As (the local API passes it on to its client and
// records it): the key is redacted, and a 401's text, which echoes the key
// masked or whole, is dropped. Each StatusError is the adapter's own for
// this one error, so it is changed in place.
func (e Endpoint) scrubStatus(err error) {
	var se *StatusError
	if !errors.As(err, &se) {
		return
	}
	if se.Status == 401 || se.Type == "authentication_error" {
		se.Message = ""
		return
	}
	se.Message = e.Redact(se.Message)
}

func (e Endpoint) classify(err error, model string) (apperr.Code, string) {
	var te *TimeoutError
	var se *StatusError
	var dnsErr *net.DNSError
	var netErr net.Error
	var synErr *json.SyntaxError
	var typErr *json.UnmarshalTypeError
	var certErr *tls.CertificateVerificationError
	var unkAuth x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var toolErr *ToolCallError
	var unsup *UnsupportedError
	where := e.Name
	if e.Host != "" {
		where = e.Name + " at " + e.Host
	}
	switch {
	case errors.As(err, &te):
		switch te.Phase {
		case PhaseStall:
			return apperr.Unavailable, fmt.Sprintf("%s stopped sending for %s; the answer is incomplete", e.Name, seconds(te.After))
		case PhaseConnect:
			return apperr.Unavailable, fmt.Sprintf("connecting to %s timed out after %s", where, seconds(te.After))
		}
		return apperr.Unavailable, fmt.Sprintf("%s did not answer within %s", e.Name, seconds(te.After))
	case errors.Is(err, context.Canceled):
		return apperr.Canceled, "the request was stopped"
	case errors.Is(err, context.DeadlineExceeded):
		return apperr.Unavailable, fmt.Sprintf("%s did not answer in time", e.Name)
	case errors.As(err, &se):
		return e.classifyStatus(se, model)
	case errors.As(err, &toolErr):
		return apperr.Unavailable, fmt.Sprintf("%s sent a tool call BookBag could not use: %s", e.Name, toolErr.Error())
	case errors.Is(err, ErrStreamCut), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, syscall.ECONNRESET):
		return apperr.Unavailable, fmt.Sprintf("the connection to %s closed before the answer was complete", e.Name)
	case errors.Is(err, ErrMalformed), errors.As(err, &synErr), errors.As(err, &typErr):
		return apperr.Unavailable, fmt.Sprintf("%s sent a response BookBag could not read", e.Name)
	case errors.As(err, &unsup):
		return apperr.Invalid, unsup.Error()
	case errors.Is(err, ErrNotSupported):
		return apperr.Invalid, fmt.Sprintf("%s does not support this", e.Name)
	case errors.As(err, &dnsErr):
		return apperr.Unavailable, fmt.Sprintf("could not find %s (check the address, or are you offline?)", hostOnly(e.Host, dnsErr.Name))
	case errors.Is(err, syscall.ECONNREFUSED):
		if e.Local {
			return apperr.Unavailable, fmt.Sprintf("%s is not running at %s", e.Name, e.Host)
		}
		return apperr.Unavailable, fmt.Sprintf("%s refused the connection", where)
	case errors.As(err, &certErr), errors.As(err, &unkAuth), errors.As(err, &hostErr):
		return apperr.Unavailable, fmt.Sprintf("the secure connection to %s failed: its certificate is not trusted", where)
	case errors.As(err, &netErr) && netErr.Timeout():
		return apperr.Unavailable, fmt.Sprintf("connecting to %s timed out", where)
	case errors.Is(err, io.EOF):
		return apperr.Unavailable, fmt.Sprintf("%s closed the connection without answering", where)
	case errors.As(err, &netErr):
		return apperr.Unavailable, fmt.Sprintf("could not reach %s", where)
	}
	return apperr.Unavailable, fmt.Sprintf("the request to %s failed: %s", e.Name, Shorten(err.Error(), 200))
}

func (e Endpoint) classifyStatus(se *StatusError, model string) (apperr.Code, string) {
	detail := ""
	if se.Message != "" {
		detail = ": " + Shorten(se.Message, 300)
	}
	status := se.HTTPStatus()
	switch {
	case status == 401:
		if !e.HasKey {
			return apperr.Unauthorized, fmt.Sprintf("%s needs an API key", e.Name)
		}
		return apperr.Unauthorized, fmt.Sprintf("the API key was rejected by %s", e.Name)
	case status == 403:
		return apperr.Unauthorized, fmt.Sprintf("the API key is not allowed to do this at %s%s", e.Name, detail)
	case status == 402:
		return apperr.Unavailable, fmt.Sprintf("%s says the account has no credit left%s", e.Name, detail)
	case status == 404 && model != "":
		return apperr.NotFound, fmt.Sprintf("%s has no model named %q%s", e.Name, model, detail)
	case status == 404:
		return apperr.NotFound, fmt.Sprintf("%s answered \"not found\"; check the base URL%s", e.Name, detail)
	case status == 429:
		return apperr.Unavailable, fmt.Sprintf("rate limited by %s: %s", e.Name, retryIn(se.RetryAfter))
	case status == 529 || se.Type == "overloaded_error":
		return apperr.Unavailable, fmt.Sprintf("%s is overloaded: %s", e.Name, retryIn(se.RetryAfter))
	case status == 408 || status == 504:
		return apperr.Unavailable, fmt.Sprintf("%s timed out%s", e.Name, detail)
	case status == 413:
		return apperr.Invalid, fmt.Sprintf("the request is too large for %s%s", e.Name, detail)
	case status >= 400 && status < 500:
		return apperr.Invalid, fmt.Sprintf("%s rejected the request (%d)%s", e.Name, status, detail)
	case status >= 500:
		msg := fmt.Sprintf("%s had a server error (%d)%s", e.Name, status, detail)
		if se.RetryAfter > 0 {
			msg += "; " + retryIn(se.RetryAfter)
		}
		return apperr.Unavailable, msg
	}
	return apperr.Unavailable, fmt.Sprintf("%s reported an error%s", e.Name, detail)
}

// retryIn words a back-off for a person: "retry in 20 s", "retry in 3 min".
func retryIn(d time.Duration) string {
	if d <= 0 {
		return "try again in a moment"
	}
	return "retry in " + seconds(d)
}

// seconds formats d rounded up to whole seconds, or minutes from 2 min on.
func seconds(d time.Duration) string {
	s := int64((d + time.Second - 1) / time.Second)
	if s >= 120 {
		return fmt.Sprintf("%d min", (s+59)/60)
	}
	return fmt.Sprintf("%d s", s)
}

func hostOnly(host, fallback string) string {
	if h, _, err := net.SplitHostPort(host); err == nil && h != "" {
		return h
	}
	if host != "" {
		return host
	}
	return fallback
}

// redactErr hides secrets in err's text while keeping its chain for
// errors.Is/As. A 401 body is dropped entirely: providers echo a masked key.
func (e Endpoint) redactErr(err error) error {
	var se *StatusError
	if errors.As(err, &se) && (se.Status == 401 || se.Type == "authentication_error") {
		return &redacted{err: err, text: fmt.Sprintf("%d %s", se.Status, "Unauthorized")}
	}
	text := err.Error()
	if r := e.Redact(text); r != text {
		return &redacted{err: err, text: r}
	}
	return err
}

type redacted struct {
	err  error
	text string
}

func (r *redacted) Error() string { return r.text }
func (r *redacted) Unwrap() error { return r.err }
