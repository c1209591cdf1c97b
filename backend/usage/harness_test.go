package usage

import (
	"context"
	"testing"
	"time"

	"bookbag/backend/store"
)

// The harness: a real store in a temp dir, a clock the test sets, and
// workspaces named by a map.

type names map[string]string

func (n names) Names(context.Context) (map[string]string, error) { return n, nil }

type harness struct {
	t   *testing.T
	ctx context.Context
	svc *Service
	now time.Time
}

func newHarness(t *testing.T, loc *time.Location) *harness {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	h := &harness{t: t, ctx: ctx, now: time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC)}
	h.svc = NewService(Deps{DB: db, Workspaces: names{"ws1": "Research", "ws2": "Legal"}, Location: loc,
		Now: func() time.Time { return h.now }})
	t.Cleanup(h.svc.Close) // before the database closes
	return h
}

func (h *harness) record(c Call) Recorded {
	h.t.Helper()
	r, err := h.svc.Record(h.ctx, c)
	if err != nil {
		h.t.Fatal(err)
	}
	return r
}

func (h *harness) price(model, from string, in, out, cached int64) {
	h.t.Helper()
	if _, err := h.svc.SavePrice(h.ctx, Price{Model: model, EffectiveFrom: from, InputMicros: in, OutputMicros: out, CachedMicros: cached}); err != nil {
		h.t.Fatal(err)
	}
}

func (h *harness) summary(r Range) Summary {
	h.t.Helper()
	s, err := h.svc.Summarize(h.ctx, r)
	if err != nil {
		h.t.Fatal(err)
	}
	return s
}

func ms(s string) int64 {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t.UnixMilli()
}

func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	l, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return l
}
