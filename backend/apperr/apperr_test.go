package apperr

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

func TestCodeOfWrapped(t *testing.T) {
	base := New(NotFound, "chat %s not found", "x")
	err := fmt.Errorf("load chat: %w", base)
	if got := CodeOf(err); got != NotFound {
		t.Fatalf("CodeOf = %q, want not_found", got)
	}
	if got := MessageOf(err); got != "chat x not found" {
		t.Fatalf("MessageOf = %q", got)
	}
	if !Is(err, NotFound) || Is(err, Invalid) {
		t.Fatal("Is mismatch")
	}
}

func TestCodeOfPlainErrors(t *testing.T) {
	cases := map[error]Code{
		errors.New("boom"): Internal,
		context.Canceled:   Canceled,
		fmt.Errorf("x: %w", context.DeadlineExceeded): Unavailable,
	}
	for err, want := range cases {
		if got := CodeOf(err); got != want {
			t.Errorf("CodeOf(%v) = %q, want %q", err, got, want)
		}
	}
	if CodeOf(nil) != "" || Wrap(nil, Internal, "x") != nil {
		t.Fatal("nil handling")
	}
}

func TestWrapKeepsCause(t *testing.T) {
	cause := errors.New("disk full")
	err := Wrap(cause, Unavailable, "save message")
	if !errors.Is(err, cause) {
		t.Fatal("cause lost")
	}
	if err.Error() != "save message: disk full" {
		t.Fatalf("Error() = %q", err.Error())
	}
}
