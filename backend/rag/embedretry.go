package rag

import (
	"context"
	"errors"
	"fmt"
	"io"
	"syscall"
	"time"

	"bookbag/backend/llm"
)

// An embedding call that fails for a passing reason (a rate limit, an
// overloaded or failing server, a dropped connection) is tried again after
// a wait, so that a busy provider costs the ingest time, not its vectors.
// Past the bound the document completes keyword-only, as before.
const (
	embedAttempts   = 5                // calls per batch, the first included
	embedFirstWait  = 2 * time.Second  // the first back-off when the provider names none
	embedMaxWait    = 60 * time.Second // longest single wait; a longer Retry-After gives up at once
	embedWaitBudget = 3 * time.Minute  // all waits of one batch together
)

// WaitFunc waits d, or until ctx ends (then it returns ctx's error).
type WaitFunc func(ctx context.Context, d time.Duration) error

// sleep is the WaitFunc of the running app.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// embedRetrying embeds one batch, waiting and calling again while the
// failure is a passing one, and says how long the call that answered took.
// done and total place the batch in d's progress, which names the wait's
// reason meanwhile.
func (s *Service) embedRetrying(ctx context.Context, d Document, emb Embedder, texts []string, done, total int) ([][]float32, time.Duration, error) {
	var waited time.Duration
	backoff := embedFirstWait
	for attempt := 1; ; attempt++ {
		began := time.Now()
		vecs, err := emb.Embed(ctx, texts)
		if err == nil || ctx.Err() != nil {
			return vecs, time.Since(began), err
		}
		stage, after, ok := passingFailure(err)
		if !ok {
			return nil, 0, err
		}
		wait := backoff
		if after > 0 {
			wait = after
		}
		if wait > embedMaxWait {
			return nil, 0, fmt.Errorf("%w (gave up: too long to wait)", err)
		}
		if attempt >= embedAttempts || waited+wait > embedWaitBudget {
			return nil, 0, fmt.Errorf("%w (gave up after %d tries)", err, attempt)
		}
		s.log.Info("embedding provider busy, waiting", "doc", d.ID, "wait", wait, "try", attempt, "err", err)
		s.waiting(d.WorkspaceID, d.ID, stage, done, total, time.Now().Add(wait))
		if err := s.wait(ctx, wait); err != nil {
			return nil, 0, err
		}
		s.progress(d.WorkspaceID, d.ID, StageEmbedding, done, total)
		waited += wait
		backoff = min(2*backoff, embedMaxWait)
	}
}

// passingFailure tells whether an embedding error may pass if the call is
// made again, with the progress stage that says so and the wait the
// provider asked for (0: none). A refused key, a bad request or an unknown
// model fails the same way every time, and a server that is not running or
// cannot be found needs the person, not a wait.
func passingFailure(err error) (stage string, after time.Duration, ok bool) {
	var se *llm.StatusError
	if errors.As(err, &se) {
		switch {
		case se.Status == 429 || se.Type == "rate_limit_error" || se.Type == "rate_limit_exceeded":
			return StageRateLimited, se.RetryAfter, true
		case se.Status == 408, se.Status == 500, se.Status == 502, se.Status == 503, se.Status == 504,
			se.Status >= 520, se.Type == "overloaded_error":
			return StageRetrying, se.RetryAfter, true
		}
		return "", 0, false
	}
	if errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		errors.Is(err, llm.ErrStreamCut) {
		return StageRetrying, 0, true
	}
	return "", 0, false
}
