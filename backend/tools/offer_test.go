package tools

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// Servers of a workspace are started side by side: one that never
// answers initialize holds the others back not at all, and the answer only
// for its own init timeout. Here the stuck server lists its tools only
// once the other server has been asked; asked one after another, it never
// would, and fails with its "init timeout" after the guard below.
func TestOfferStartsServersSideBySide(t *testing.T) {
	e := newEnv(t, time.Second)
	e.server(t, "a stuck", Tool{Name: "wait"})
	e.server(t, "b quick", Tool{Name: "go"})
	quickAsked := make(chan struct{})
	e.rt.listing = func(ctx context.Context, server string) error {
		switch server {
		case "b quick":
			close(quickAsked)
		case "a stuck":
			select {
			case <-quickAsked:
				return errors.New("server a stuck did not answer initialize within 30 s")
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(10 * time.Second): // a guard, not a measure: the test fails rather than hangs
				return errors.New("init timeout: b quick was not asked while a stuck started")
			}
		}
		return nil
	}
	got, unavailable, err := e.svc.Offer(context.Background(), e.ws, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ModelName != "b_quick__go" {
		t.Fatalf("offered %+v", got)
	}
	if r := unavailable["a stuck"]; !strings.Contains(r, "did not answer initialize") {
		t.Fatalf("unavailable %v", unavailable)
	}
	// A stop while servers start ends the offer with the stop.
	ctx, cancel := context.WithCancel(context.Background())
	e.rt.listing = func(ctx context.Context, server string) error {
		if server == "b quick" {
			cancel()
		}
		<-ctx.Done()
		return ctx.Err()
	}
	if _, _, err := e.svc.Offer(ctx, e.ws, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("stopped offer: %v", err)
	}
}
