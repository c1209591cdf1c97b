package mcp

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"bookbag/backend/apperr"
)

// Error is a failure of a server or of a call to it, in words a person can
// read ("server files exited (code 1) before answering; its last words: …").
// Its code for the UI is found by apperr.CodeOf; Err is the underlying cause
// (for errors.Is and logs).
type Error struct {
	Server string
	Code   apperr.Code
	Msg    string
	Retry  string // "; the next try is in 3 s" while a failed server waits to start again
	Err    error
}

func (e *Error) Error() string { return e.Msg + e.Retry }

// Reason is the message without the countdown to the next try: the same
// for as long as the server fails the same way (a chat notes an
// unavailable server once, until its reason changes).
func (e *Error) Reason() string { return e.Msg }

// Unwrap exposes the cause and the apperr code, so both errors.Is(err,
// context.Canceled) and apperr.CodeOf(err) work.
func (e *Error) Unwrap() []error {
	coded := &apperr.Error{Code: e.Code, Message: e.Error()}
	if e.Err == nil {
		return []error{coded}
	}
	return []error{e.Err, coded}
}

func newError(server string, code apperr.Code, cause error, format string, args ...any) *Error {
	return &Error{Server: server, Code: code, Msg: fmt.Sprintf(format, args...), Err: cause}
}

// failure is what is known when something went wrong talking to a server;
// explain turns it into words.
type failure struct {
	server    string
	op        string        // what was asked: "initialize", "tools/list" or "tool NAME"
	err       error         // what the SDK returned
	limit     time.Duration // the op's own deadline, when that is what fired
	exit      string        // how the process ended ("exited (code 1)"), if it did
	words     []string      // the last lines of its stderr
	noise     []string      // lines on stdout that were not JSON-RPC
	status    int           // the last HTTP error status, if any
	url       string        // http and sse
	session   bool          // http and sse: the session had been set up (a 404 then means it is gone)
	stopped   string        // why BookBag stopped the server, when it did
	tooLong   bool          // it sent a message over the SDK's line limit
	malformed string        // the start of a message it sent that is not valid JSON
}

// explain maps a failure to an *Error whose message names the server and
// what happened. The order matters: what BookBag itself knows (it stopped
// the server, a deadline fired, the process exited, an HTTP status) says
// more than the SDK's wrapping ("calling "tools/call": connection closed").
// A fired deadline goes before an exit: when it fires the SDK closes the
// server's stdin, and a server that then leaves politely must not read as
// one that left by itself.
func explain(f failure) *Error {
	name := f.server
	switch {
	case f.stopped != "":
		// A call BookBag stopped was cancelled, whichever the SDK saw first:
		// the cancel or the closed pipe ("connection closed").
		cause := f.err
		if !errors.Is(cause, context.Canceled) {
			cause = errors.Join(context.Canceled, cause)
		}
		return newError(name, apperr.Unavailable, cause, "server %s was stopped (%s)%s", name, f.stopped, answering(f.op))
	case f.limit > 0 && strings.HasPrefix(f.op, "tool "):
		return newError(name, apperr.Unavailable, f.err, "server %s did not finish %s within %s (its call timeout); the call was cancelled", name, f.op, words(f.limit))
	case f.limit > 0 && f.op == "tools/list":
		return newError(name, apperr.Unavailable, f.err, "server %s did not list its tools within %s%s", name, words(f.limit), lastWords(f.words, f.noise))
	case f.limit > 0:
		return newError(name, apperr.Unavailable, f.err, "server %s did not answer %s within %s%s", name, f.op, words(f.limit), lastWords(f.words, f.noise))
	case f.tooLong:
		return newError(name, apperr.Unavailable, f.err, "server %s sent a message longer than %d MiB, more than BookBag reads (a tool result that big cannot reach a model; ask the tool for less), so the connection was closed",
			name, sdk.DefaultMaxLineLength>>20)
	case f.malformed != "":
		return newError(name, apperr.Unavailable, f.err, "server %s sent a message that is not valid JSON (%s), so the connection was closed",
			name, f.malformed)
	case f.exit != "":
		return newError(name, apperr.Unavailable, f.err, "server %s %s%s%s", name, f.exit, answering(f.op), lastWords(f.words, f.noise))
	case errors.Is(f.err, context.Canceled):
		return newError(name, apperr.Canceled, f.err, "%s on server %s was cancelled", f.op, name)
	case f.status != 0:
		return explainStatus(f)
	}
	var rpcErr *jsonrpc.Error
	if errors.As(f.err, &rpcErr) && !sdkInternal(rpcErr.Code) {
		return explainRPC(f, rpcErr)
	}
	if msg := netProblem(f.err); msg != "" {
		return newError(name, apperr.Unavailable, f.err, "could not reach server %s at %s: %s", name, redactURL(f.url), msg)
	}
	if errors.Is(f.err, sdk.ErrConnectionClosed) || errors.Is(f.err, io.EOF) || errors.Is(f.err, io.ErrUnexpectedEOF) {
		return newError(name, apperr.Unavailable, f.err, "server %s closed the connection%s%s", name, answering(f.op), lastWords(f.words, f.noise))
	}
	if strings.Contains(f.err.Error(), "unsupported protocol version") {
		return newError(name, apperr.Unavailable, f.err, "server %s speaks an MCP protocol version this app does not know (%s)", name, detail(f.err))
	}
	return newError(name, apperr.Unavailable, f.err, "server %s failed on %s: %s%s", name, orNext(f.op), detail(f.err), lastWords(f.words, f.noise))
}

// answering is " before answering OP", or "" when no request was waiting.
func answering(op string) string {
	if op == "" {
		return ""
	}
	return " before answering " + op
}

func orNext(op string) string {
	if op == "" {
		return "its connection"
	}
	return op
}

// explainStatus words an HTTP error status.
func explainStatus(f failure) *Error {
	name, code := f.server, f.status
	text := strings.TrimSpace(fmt.Sprintf("HTTP %d %s", code, http.StatusText(code)))
	switch {
	case code == 401 || code == 403:
		return newError(name, apperr.Unauthorized, f.err, "server %s refused the request (%s); check its token or Authorization header", name, text)
	case f.session && (code == 404 || code == 400):
		// The URL worked: the server restarted, or ended the session.
		return newError(name, apperr.Unavailable, f.err, "server %s no longer knows this connection (%s): it restarted or ended the session; the next use connects again", name, text)
	case code == 404 || code == 405:
		return newError(name, apperr.Unavailable, f.err, "server %s has no MCP endpoint at %s (%s); check the url and whether it speaks streamable HTTP or SSE", name, redactURL(f.url), text)
	default:
		return newError(name, apperr.Unavailable, f.err, "server %s answered %s to %s", name, text, orNext(f.op))
	}
}

// explainRPC words an error the server sent back as JSON-RPC.
func explainRPC(f failure, e *jsonrpc.Error) *Error {
	name := f.server
	switch e.Code {
	case -32601: // method not found
		if f.op == "initialize" {
			return newError(name, apperr.Unavailable, f.err, "server %s does not speak MCP: it does not know initialize", name)
		}
		return newError(name, apperr.Unavailable, f.err, "server %s does not support %s: %s", name, f.op, e.Message)
	case -32602: // invalid params: the model can fix its arguments
		return newError(name, apperr.Invalid, f.err, "server %s rejected the arguments of %s: %s", name, f.op, e.Message)
	case -32000:
		// The TypeScript SDK's "Connection closed" and many servers' own
		// catch-all failures share this code; the message is the best we have.
		return newError(name, apperr.Unavailable, f.err, "server %s failed on %s: %s (JSON-RPC -32000)%s", name, f.op, e.Message, lastWords(f.words, f.noise))
	default:
		return newError(name, apperr.Unavailable, f.err, "server %s answered %s with an error: %s (JSON-RPC %d)", name, f.op, e.Message, e.Code)
	}
}

// sdkInternal reports the codes the SDK's jsonrpc2 layer uses for its own
// state (client or server closing, rejected by the transport): not answers
// from the server.
func sdkInternal(code int64) bool { return code == 0 || (code >= -32005 && code <= -32003) }

// netProblem words network failures, or says "" when err is none.
func netProblem(err error) string {
	var dnsErr *net.DNSError
	var certErr *tls.CertificateVerificationError
	var unknownAuthority x509.UnknownAuthorityError
	var hostnameErr x509.HostnameError
	var netErr net.Error
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused (is the server running?)"
	case errors.Is(err, syscall.ECONNRESET):
		return "the connection was reset"
	case errors.As(err, &dnsErr):
		return fmt.Sprintf("host %s not found", dnsErr.Name)
	case errors.As(err, &certErr), errors.As(err, &unknownAuthority), errors.As(err, &hostnameErr):
		return "its TLS certificate is not trusted: " + detail(err)
	case errors.As(err, &netErr) && netErr.Timeout():
		return "the network timed out"
	case errors.As(err, new(*net.OpError)):
		return detail(err)
	}
	return ""
}

// detail is the innermost readable text of err, without URLs (a *url.Error
// names the full URL, query string and all).
func detail(err error) string {
	for {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
			continue
		}
		break
	}
	return strings.TrimSpace(err.Error())
}

// lastWords is "; its last words: …" from the last stderr lines, or what
// the server wrote to stdout that was not MCP, or "".
func lastWords(lines, noise []string) string {
	if len(noise) > 0 {
		return fmt.Sprintf("; it wrote to stdout what is not MCP: %s (a stdio MCP server must write only JSON-RPC messages to stdout; logs belong on stderr)", tail(noise, 2))
	}
	if len(lines) > 0 {
		return "; its last words: " + tail(lines, 3)
	}
	return ""
}

// tail joins the last n non-blank lines, at most 300 bytes.
func tail(lines []string, n int) string {
	var keep []string
	for i := len(lines) - 1; i >= 0 && len(keep) < n; i-- {
		if l := strings.TrimSpace(lines[i]); l != "" {
			keep = append([]string{l}, keep...)
		}
	}
	s := strings.Join(keep, " | ")
	if len(s) > 300 {
		s = "…" + s[len(s)-300:]
	}
	return s
}

// words writes a duration as a person would: "500 ms", "30 s", "2 min".
func words(d time.Duration) string {
	switch {
	case d < time.Second:
		return fmt.Sprintf("%d ms", d.Milliseconds())
	case d%time.Minute == 0:
		return fmt.Sprintf("%d min", int(d/time.Minute))
	case d%time.Second == 0:
		return fmt.Sprintf("%d s", int(d/time.Second))
	default:
		return fmt.Sprintf("%.1f s", d.Seconds())
	}
}
