package rag

import (
	"context"
	"fmt"
	"testing"
)

// Cancel all stops every queued document of the workspace (they count as
// failed then), Retry failed queues them again and they complete.
func TestCancelQueuedThenRetryFailed(t *testing.T) {
	e := newEnv(t, t.TempDir(), DefaultSettings())
	ctx := context.Background()
	var ids []string
	for i := range 3 {
		r, err := e.svc.AddBytes(ctx, e.ws, "", fmt.Sprintf("note%d.txt", i), fmt.Appendf(nil, "kingfisher burrow number %d", i))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.Document.ID)
	}
	res, err := e.svc.CancelQueued(ctx, e.ws)
	if err != nil || res.Count != 3 {
		t.Fatalf("cancel queued: %+v %v", res, err)
	}
	st, err := e.svc.Status(ctx, e.ws)
	if err != nil || st.Pending != 0 || st.Failed != 3 {
		t.Fatalf("after cancel: %+v %v", st, err)
	}
	if res, err := e.svc.CancelQueued(ctx, e.ws); err != nil || res.Count != 0 {
		t.Fatalf("nothing left to cancel: %+v %v", res, err)
	}
	res, err = e.svc.RetryFailed(ctx, e.ws)
	if err != nil || res.Count != 3 {
		t.Fatalf("retry failed: %+v %v", res, err)
	}
	e.svc.Start(ctx)
	for _, d := range e.wait(t, ids...) {
		if d.Status != StatusCompleted {
			t.Fatalf("retried: %+v", d)
		}
	}
	if st, _ := e.svc.Status(ctx, e.ws); st.Failed != 0 || st.Pending != 0 {
		t.Fatalf("after retry: %+v", st)
	}
}
