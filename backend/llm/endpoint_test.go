package llm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"bookbag/backend/apperr"
)

func TestEndpointErr(t *testing.T) {
	const key = "sk-secret-abcdef123456"
	cloud := NewEndpoint("OpenAI", "https://api.openai.com/v1", false, key)
	local := NewEndpoint("Ollama", "http://127.0.0.1:11434", true)
	refused := &url.Error{Op: "Post", URL: "http://127.0.0.1:11434/api/chat", Err: &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}}
	cases := []struct {
		ep    Endpoint
		err   error
		model string
		code  apperr.Code
		msg   string
	}{
		{cloud, &StatusError{Status: 401, Message: "Incorrect API key provided: " + key}, "", apperr.Unauthorized, "the API key was rejected by OpenAI"},
		{NewEndpoint("OpenAI", "https://api.openai.com/v1", false), &StatusError{Status: 401}, "", apperr.Unauthorized, "OpenAI needs an API key"},
		{cloud, &StatusError{Status: 429, RetryAfter: 20 * time.Second}, "", apperr.Unavailable, "rate limited by OpenAI: retry in 20 s"},
		{cloud, &StatusError{Status: 429, RetryAfter: 150 * time.Second}, "", apperr.Unavailable, "rate limited by OpenAI: retry in 3 min"},
		{cloud, &StatusError{Status: 429}, "", apperr.Unavailable, "rate limited by OpenAI: try again in a moment"},
		{cloud, &StatusError{Status: 404, Message: "nope"}, "gpt-9", apperr.NotFound, `OpenAI has no model named "gpt-9": nope`},
		{cloud, &StatusError{Status: 404}, "", apperr.NotFound, "check the base URL"},
		{cloud, &StatusError{Status: 400, Message: "bad " + key}, "", apperr.Invalid, "OpenAI rejected the request (400): bad [redacted]"},
		{cloud, &StatusError{Status: 503, Message: "down", RetryAfter: time.Second}, "", apperr.Unavailable, "OpenAI had a server error (503): down; retry in 1 s"},
		{cloud, &StatusError{Type: "overloaded_error", Message: "Overloaded"}, "", apperr.Unavailable, "OpenAI is overloaded: try again in a moment"},
		{cloud, &StatusError{Type: "rate_limit_error"}, "", apperr.Unavailable, "rate limited by OpenAI"},
		{cloud, &StatusError{Message: "weird"}, "", apperr.Unavailable, "OpenAI reported an error: weird"},
		{cloud, &StatusError{Status: 402, Message: "Insufficient credits"}, "", apperr.Unavailable, "no credit left"},
		{local, refused, "", apperr.Unavailable, "Ollama is not running at 127.0.0.1:11434"},
		{cloud, refused, "", apperr.Unavailable, "OpenAI at api.openai.com refused the connection"},
		{cloud, &url.Error{Op: "Get", URL: "https://api.openai.com", Err: &net.DNSError{Name: "api.openai.com", Err: "no such host", IsNotFound: true}}, "", apperr.Unavailable, "could not find api.openai.com"},
		{cloud, fmt.Errorf("x: %w", context.Canceled), "", apperr.Canceled, "the request was stopped"},
		{cloud, context.DeadlineExceeded, "", apperr.Unavailable, "OpenAI did not answer in time"},
		{cloud, &url.Error{Op: "Post", URL: "u", Err: &TimeoutError{Phase: PhaseFirstByte, After: 90 * time.Second}}, "", apperr.Unavailable, "OpenAI did not answer within 90 s"},
		{cloud, &TimeoutError{Phase: PhaseStall, After: time.Minute}, "", apperr.Unavailable, "OpenAI stopped sending for 60 s"},
		{cloud, fmt.Errorf("%w: %w", ErrStreamCut, io.ErrUnexpectedEOF), "", apperr.Unavailable, "the connection to OpenAI closed before the answer was complete"},
		{cloud, io.ErrUnexpectedEOF, "", apperr.Unavailable, "closed before the answer was complete"},
		{cloud, Malformed("data: {", nil), "", apperr.Unavailable, "OpenAI sent a response BookBag could not read"},
		{cloud, apperr.New(apperr.Invalid, "already mapped"), "", apperr.Invalid, "already mapped"},
		{cloud, errors.New("odd " + key), "", apperr.Unavailable, "the request to OpenAI failed: odd [redacted]"},
	}
	for i, tc := range cases {
		err := tc.ep.Err(tc.err, tc.model)
		if apperr.CodeOf(err) != tc.code || !strings.Contains(apperr.MessageOf(err), tc.msg) {
			t.Errorf("%d: code %s message %q, want %s %q", i, apperr.CodeOf(err), apperr.MessageOf(err), tc.code, tc.msg)
		}
		if strings.Contains(err.Error(), key) {
			t.Errorf("%d: key in %q", i, err.Error())
		}
		if !errors.Is(err, tc.err) && !errors.As(tc.err, new(*apperr.Error)) {
			t.Errorf("%d: cause lost", i)
		}
	}
	if cloud.Err(nil, "") != nil {
		t.Error("nil error mapped")
	}
}

// The provider's own text stays reachable with errors.As (the local API
// answers with it); it must not hold the key there either.
func TestStatusErrorInChainIsScrubbed(t *testing.T) {
	const key = "sk-secret-abcdef123456"
	ep := NewEndpoint("OpenAI", "https://api.openai.com/v1", false, key)
	for _, se := range []*StatusError{
		{Status: 400, Message: "bad header Authorization: Bearer " + key},
		{Status: 429, Message: "slow down, " + key},
		{Status: 500, Message: "upstream said " + key},
		{Message: "in stream: " + key},
	} {
		err := ep.Err(fmt.Errorf("send: %w", se), "")
		var got *StatusError
		if !errors.As(err, &got) {
			t.Fatalf("%d: StatusError lost", se.Status)
		}
		if strings.Contains(got.Message, key) || strings.Contains(got.Error(), key) || !strings.Contains(got.Message, "[redacted]") {
			t.Errorf("%d: provider text in the chain %q", se.Status, got.Message)
		}
	}
	// A 401 echoes the key masked ("sk-sec***3456"), which Redact cannot
	// find: its text is dropped.
	for _, se := range []*StatusError{
		{Status: 401, Message: "Incorrect API key provided: sk-sec***3456"},
		{Type: "authentication_error", Message: "invalid x-api-key sk-sec***3456"},
	} {
		var got *StatusError
		if err := ep.Err(se, ""); !errors.As(err, &got) || got.Message != "" || strings.Contains(got.Error(), "3456") {
			t.Errorf("401 text kept: %q", got.Error())
		}
	}
}

func TestRetryAfterHelper(t *testing.T) {
	ep := NewEndpoint("X", "http://x", false, "k")
	err := ep.Err(&StatusError{Status: 429, RetryAfter: 7 * time.Second}, "")
	if RetryAfter(fmt.Errorf("send: %w", err)) != 7*time.Second || RetryAfter(errors.New("x")) != 0 {
		t.Fatal("RetryAfter")
	}
}

// A server that echoes the key cut short, or with its middle masked, gives
// away the pieces it shows: any long enough piece is hidden.
func TestKeyFragmentsRedacted(t *testing.T) {
	const key = "sk-proj-Q7xv2LmN9pRt4WzK8bYc3HdF6gJs"
	ep := NewEndpoint("Proxy", "https://proxy.example/v1", false, key)
	for _, in := range []string{
		"invalid key sk-proj-Q7xv2LmN9pRt4W... (truncated)",
		"key ending 9pRt4WzK8bYc3HdF6gJs is revoked",
		"key sk-proj-Q7x****8bYc3HdF6gJs has no access",
	} {
		got := ep.Err(&StatusError{Status: 403, Message: in}, "")
		for _, piece := range []string{"Q7xv2LmN9p", "9pRt4WzK8b", "8bYc3HdF6g"} {
			if strings.Contains(got.Error(), piece) {
				t.Errorf("%q kept %q: %q", in, piece, got.Error())
			}
		}
		if !strings.Contains(apperr.MessageOf(got), "[redacted]") {
			t.Errorf("%q: nothing redacted in %q", in, apperr.MessageOf(got))
		}
	}
	// Short pieces say no more than the Models page's hint.
	msg := apperr.MessageOf(ep.Err(&StatusError{Status: 403, Message: "key sk-…6gJs is not allowed"}, ""))
	if !strings.Contains(msg, "sk-…6gJs") {
		t.Fatalf("a short piece was hidden: %q", msg)
	}
}

func TestUserinfoRedacted(t *testing.T) {
	ep := NewEndpoint("Box", "http://bob:hunter2pass@10.0.0.1:8000/v1", false)
	err := ep.Err(errors.New(`Post "http://bob:hunter2pass@10.0.0.1:8000/v1/chat": boom`), "")
	if strings.Contains(err.Error(), "hunter2pass") {
		t.Fatalf("password in %q", err)
	}
}

func TestShorten(t *testing.T) {
	if s := Shorten("héllo wörld", 2); s != "h…" {
		t.Fatalf("%q", s)
	}
	if s := Shorten("abc", 5); s != "abc" {
		t.Fatalf("%q", s)
	}
}
