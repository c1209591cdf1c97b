package sync

import (
	"context"
	"errors"
	"fmt"
	"strings"
	gosync "sync"
	"testing"
	"time"

	"bookbag/backend/syncproto"
)

// memUsage is a usage record in memory; failMarks makes the next marks
// fail, as a crash between the server's answer and the local write would.
type memUsage struct {
	mu        gosync.Mutex
	events    map[string][]syncproto.UsageEvent
	sent      map[string]bool
	failMarks int
}

func (m *memUsage) PendingUsage(_ context.Context, ws string, limit int) ([]syncproto.UsageEvent, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []syncproto.UsageEvent
	for _, e := range m.events[ws] {
		if !m.sent[e.ID] && len(out) < limit {
			out = append(out, e)
		}
	}
	return out, nil
}

func (m *memUsage) MarkUsageSent(_ context.Context, ids []string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.failMarks > 0 {
		m.failMarks--
		return errors.New("the app quit before marking (test)")
	}
	for _, id := range ids {
		m.sent[id] = true
	}
	return nil
}

// Usage goes to the server in batches; a device that re-sends a batch the
// server already has (it crashed before marking it) is counted once.
func TestUsageIsSentOnce(t *testing.T) {
	u := &memUsage{events: map[string][]syncproto.UsageEvent{}, sent: map[string]bool{}, failMarks: 1}
	o := newOffice(t, deskOpts{usage: u}, deskOpts{})
	const n = 2500 // three batches
	now := time.Now()
	var tokens int64
	for i := range n {
		e := syncproto.UsageEvent{ID: fmt.Sprintf("use-%04d", i), At: now.Add(-time.Duration(i) * time.Second).UnixMilli(),
			Model: "openai/gpt-4o", Source: "chat", InputTokens: int64(i), OutputTokens: 1, CostMicros: 3}
		tokens += e.InputTokens
		u.events[o.ws] = append(u.events[o.ws], e)
	}
	u.events["not-shared"] = []syncproto.UsageEvent{{ID: "local-only", At: now.UnixMilli(), Model: "m", Source: "chat"}}
	o.a.share(o.ts, "alice@example.com", o.alicePW, o.ws)
	o.a.sync(o.ws) // sends batch 1 and fails to mark it
	if left, _ := u.PendingUsage(ctxb, o.ws, n); len(left) != n {
		t.Fatalf("%d pending after the failed mark, want all %d", len(left), n)
	}
	o.a.sync(o.ws) // sends batch 1 again, then 2 and 3
	if left, _ := u.PendingUsage(ctxb, o.ws, n); len(left) != 0 {
		t.Fatalf("%d events still pending", len(left))
	}
	rep, err := o.ts.admin.AdminUsage(ctxb, syncproto.UsageQuery{From: now.Add(-time.Hour).UnixMilli(), To: now.Add(time.Minute).UnixMilli()})
	if err != nil {
		t.Fatal(err)
	}
	var calls, in, cost int64
	for _, r := range rep.Rows {
		if r.WorkspaceID != o.ws || r.Email != "alice@example.com" {
			t.Fatalf("row of someone or somewhere else: %+v", r)
		}
		calls, in, cost = calls+r.Calls, in+r.InputTokens, cost+r.CostMicros
	}
	if calls != n || in != tokens || cost != 3*n {
		t.Fatalf("server counted %d calls, %d tokens, %d micros; want %d, %d, %d", calls, in, cost, n, tokens, 3*n)
	}
}

// An event the server refuses (its time far in the future, from a clock
// gone wrong) is not sent again; the events beside it still arrive, nothing
// stays pending for ever, and the refusal is shown with the refused changes.
func TestRefusedUsageEventDoesNotHoldBackTheRest(t *testing.T) {
	u := &memUsage{events: map[string][]syncproto.UsageEvent{}, sent: map[string]bool{}}
	o := newOffice(t, deskOpts{usage: u}, deskOpts{})
	now := time.Now()
	u.events[o.ws] = []syncproto.UsageEvent{
		{ID: "ok-1", At: now.Add(-time.Minute).UnixMilli(), Model: "openai:gpt-4o", Source: "chat", InputTokens: 5},
		{ID: "future", At: now.Add(72 * time.Hour).UnixMilli(), Model: "openai:gpt-4o", Source: "chat", InputTokens: 1000},
		{ID: "ok-2", At: now.Add(-time.Second).UnixMilli(), Model: "openai:gpt-4o", Source: "chat", InputTokens: 7},
	}
	o.a.share(o.ts, "alice@example.com", o.alicePW, o.ws)
	st := o.a.sync(o.ws)
	if left, _ := u.PendingUsage(ctxb, o.ws, 10); len(left) != 0 {
		t.Fatalf("%d events still pending: %+v", len(left), left)
	}
	if len(st.Rejections) != 1 || st.Rejections[0].Table != usageTable || st.Rejections[0].RowID != "future" ||
		!strings.Contains(st.Rejections[0].Reason, "usage record") || st.ErrorCode != CodeRejected {
		t.Fatalf("the refused usage event is not shown: %+v", st)
	}
	rep, err := o.ts.admin.AdminUsage(ctxb, syncproto.UsageQuery{From: now.Add(-time.Hour).UnixMilli(), To: now.Add(time.Minute).UnixMilli()})
	if err != nil {
		t.Fatal(err)
	}
	var calls, in int64
	for _, r := range rep.Rows {
		calls, in = calls+r.Calls, in+r.InputTokens
	}
	if calls != 2 || in != 12 {
		t.Fatalf("server counted %d calls and %d tokens, want the two good events (2, 12)", calls, in)
	}
}
