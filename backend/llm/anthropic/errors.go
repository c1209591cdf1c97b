package anthropic

import (
	"context"
	"errors"
	"fmt"
	"time"

	sdk "github.com/anthropics/anthropic-sdk-go/v2"

	"bookbag/backend/llm"
	"bookbag/backend/llm/internal/httpx"
)

// convert turns the SDK's errors into llm's: API errors become StatusError
// (an error event inside a 200 stream gets Status 0 and keeps its type);
// a stopped context wins over whatever the transport said.
func (p *Provider) convert(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("anthropic request: %w", ctx.Err())
	}
	var ae *sdk.Error
	if !errors.As(err, &ae) {
		return err
	}
	se := &llm.StatusError{Status: ae.StatusCode, Type: string(ae.Type()), Message: ae.Message}
	if se.Status == 200 {
		se.Status = 0
	}
	if ae.Response != nil {
		se.RetryAfter = httpx.RetryAfter(ae.Response.Header, time.Now())
	}
	return se
}
