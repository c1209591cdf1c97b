package ollama

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/ollama/ollama/api"

	"bookbag/backend/llm"
	"bookbag/backend/llm/internal/httpx"
)

func trackCtx(ctx context.Context) (context.Context, *httpx.Info) { return httpx.Track(ctx) }

// convert turns ollama/api's errors into llm's. The client reports an
// in-band {"error":…} line and an undecodable line alike, as a plain error
// holding the line's text; a text that looks like JSON is the latter.
func (p *Provider) convert(ctx context.Context, err error, info *httpx.Info) error {
	if ctx.Err() != nil {
		return fmt.Errorf("ollama request: %w", ctx.Err())
	}
	var se api.StatusError
	var ae api.AuthorizationError
	var ue *url.Error
	var ne net.Error
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return &llm.StatusError{Status: se.StatusCode, Message: se.ErrorMessage, RetryAfter: info.RetryAfter()}
	case errors.As(err, &ae):
		return &llm.StatusError{Status: ae.StatusCode, RetryAfter: info.RetryAfter()}
	case errors.As(err, &ue), errors.As(err, &ne), errors.As(err, &syn), errors.As(err, &typ):
		return err
	}
	if be := info.BodyErr(); be != nil {
		return fmt.Errorf("%w: %w", llm.ErrStreamCut, be)
	}
	msg := strings.TrimSpace(err.Error())
	if strings.HasPrefix(msg, "{") || strings.HasPrefix(msg, "[") {
		return llm.Malformed(msg, nil)
	}
	return &llm.StatusError{Message: msg}
}

// unfinished explains a stream that ended without its final line: the
// context, a read error the client swallowed, an error status with an
// empty body, or a plain cut.
func (p *Provider) unfinished(ctx context.Context, info *httpx.Info) error {
	switch {
	case ctx.Err() != nil:
		return fmt.Errorf("ollama stream: %w", ctx.Err())
	case info.BodyErr() != nil:
		return fmt.Errorf("%w: %w", llm.ErrStreamCut, info.BodyErr())
	case info.Status() >= 400:
		return &llm.StatusError{Status: info.Status(), RetryAfter: info.RetryAfter()}
	}
	return llm.ErrStreamCut
}

func asStatus(err error, se **llm.StatusError) bool { return errors.As(err, se) }
