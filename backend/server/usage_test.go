package server_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"bookbag/backend/server/servertest"
	"bookbag/backend/syncproto"
)

// usageOffice is a server with two workspaces: ws (admin wadmin, members
// alice and bob) and other (admin alice), and a server admin root.
type usageOffice struct {
	env                        *servertest.Env
	root, wadmin, alice, bob   *syncproto.Client
	rootU, wadminU, aliceU, bU syncproto.User
}

func newUsageOffice(t *testing.T, b servertest.Backend) *usageOffice {
	env := servertest.Start(t, b.Open(t))
	o := &usageOffice{env: env}
	o.root, o.rootU = env.User("root@example.com", syncproto.RoleAdmin)
	o.wadmin, o.wadminU = env.User("wadmin@example.com", syncproto.RoleMember)
	o.alice, o.aliceU = env.User("alice@example.com", syncproto.RoleMember)
	o.bob, o.bU = env.User("bob@example.com", syncproto.RoleMember)
	env.Workspace("ws", o.wadmin, map[*syncproto.Client]string{o.alice: syncproto.RoleMember, o.bob: syncproto.RoleMember})
	env.Workspace("other", o.alice, nil)
	return o
}

func utc(s string) int64 {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t.UnixMilli()
}

func ev(id, at, model string, in, out, cost int64) syncproto.UsageEvent {
	return syncproto.UsageEvent{ID: id, At: utc(at), Model: model, Source: "chat", InputTokens: in, OutputTokens: out,
		CachedTokens: in / 10, DurationMs: 100, CostMicros: cost}
}

func pushUsage(t *testing.T, c *syncproto.Client, ws string, evs ...syncproto.UsageEvent) syncproto.UsagePushResponse {
	t.Helper()
	res, err := c.PushUsage(context.Background(), ws, syncproto.UsagePushRequest{Events: evs})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// The data every report test reads: times chosen at local midnights of
// Kolkata (UTC+5:30) and of New York on the day its clocks go forward
// (2025-03-09, 02:00 EST becomes 03:00 EDT).
func seedUsage(t *testing.T, o *usageOffice) {
	// 2025-03-08T18:29Z is 23:59 in Kolkata on the 8th; 18:31Z is 00:01 on the 9th.
	pushUsage(t, o.alice, "ws",
		ev("a1", "2025-03-08T18:29:00Z", "openai/gpt-4o", 1000, 200, 7000),
		ev("a2", "2025-03-08T18:31:00Z", "openai/gpt-4o", 500, 100, 3000),
		// 2025-03-10T03:59Z is 23:59 EDT on the 9th in New York; 04:01Z is the 10th.
		ev("a3", "2025-03-10T03:59:00Z", "local/llama", 50, 5, 0),
		ev("a4", "2025-03-10T04:01:00Z", "local/llama", 60, 6, 0))
	pushUsage(t, o.bob, "ws",
		// 2025-03-09T04:59Z is 23:59 EST on the 8th; 05:01Z is 00:01 EST on the 9th.
		ev("b1", "2025-03-09T04:59:00Z", "openai/gpt-4o", 10, 1, 100),
		ev("b2", "2025-03-09T05:01:00Z", "openai/gpt-4o", 20, 2, 200))
	pushUsage(t, o.alice, "other", ev("o1", "2025-03-09T12:00:00Z", "openai/gpt-4o", 9, 9, 9))
}

type dayRow struct {
	day, email, ws, model string
	calls, in, cost       int64
}

func rowsOf(rep syncproto.UsageReport) []dayRow {
	out := []dayRow{}
	for _, r := range rep.Rows {
		out = append(out, dayRow{r.Day, r.Email, r.WorkspaceID, r.Model, r.Calls, r.InputTokens, r.CostMicros})
	}
	return out
}

var usageRange = syncproto.UsageQuery{From: utc("2025-03-01T00:00:00Z"), To: utc("2025-03-20T00:00:00Z")}

func TestUsageReportDaysInTimeZones(t *testing.T) {
	reports := map[string]map[string]syncproto.UsageReport{}
	servertest.ForEach(t, func(t *testing.T, b servertest.Backend) {
		ctx := context.Background()
		o := newUsageOffice(t, b)
		seedUsage(t, o)
		want := map[string][]dayRow{
			"Asia/Kolkata": {
				{"2025-03-08", "alice@example.com", "ws", "openai/gpt-4o", 1, 1000, 7000},
				{"2025-03-09", "alice@example.com", "ws", "openai/gpt-4o", 1, 500, 3000},
				{"2025-03-09", "bob@example.com", "ws", "openai/gpt-4o", 2, 30, 300},
				{"2025-03-10", "alice@example.com", "ws", "local/llama", 2, 110, 0},
			},
			"America/New_York": {
				{"2025-03-08", "alice@example.com", "ws", "openai/gpt-4o", 2, 1500, 10000},
				{"2025-03-08", "bob@example.com", "ws", "openai/gpt-4o", 1, 10, 100},
				{"2025-03-09", "alice@example.com", "ws", "local/llama", 1, 50, 0},
				{"2025-03-09", "bob@example.com", "ws", "openai/gpt-4o", 1, 20, 200},
				{"2025-03-10", "alice@example.com", "ws", "local/llama", 1, 60, 0},
			},
			"": { // UTC
				{"2025-03-08", "alice@example.com", "ws", "openai/gpt-4o", 2, 1500, 10000},
				{"2025-03-09", "bob@example.com", "ws", "openai/gpt-4o", 2, 30, 300},
				{"2025-03-10", "alice@example.com", "ws", "local/llama", 2, 110, 0},
			},
		}
		reports[b.Name] = map[string]syncproto.UsageReport{}
		for tz, rows := range want {
			q := usageRange
			q.TZ = tz
			rep, err := o.wadmin.WorkspaceUsage(ctx, "ws", q)
			if err != nil {
				t.Fatal(err)
			}
			if got := rowsOf(rep); !reflect.DeepEqual(got, rows) {
				t.Errorf("%q: got\n%v\nwant\n%v", tz, got, rows)
			}
			for i := range rep.Rows {
				rep.Rows[i].UserID = "" // ids differ between the two servers; emails do not
			}
			reports[b.Name][tz] = rep
			// The server admin's report of the same workspace is the same.
			q.Workspace = "ws"
			all, err := o.root.AdminUsage(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(rowsOf(all), rows) {
				t.Errorf("%q: the admin's report of ws differs: %v", tz, rowsOf(all))
			}
		}
		// Without a workspace: every workspace.
		all, err := o.root.AdminUsage(ctx, usageRange)
		if err != nil {
			t.Fatal(err)
		}
		var calls, cost int64
		for _, r := range all.Rows {
			calls += r.Calls
			cost += r.CostMicros
		}
		if calls != 7 || cost != 10309 || all.TZ != "UTC" {
			t.Errorf("server-wide: %d calls, %d micros, tz %q; want 7, 10309, UTC", calls, cost, all.TZ)
		}
		// From inclusive, to exclusive.
		q := syncproto.UsageQuery{From: utc("2025-03-08T18:31:00Z"), To: utc("2025-03-10T03:59:00Z"), Workspace: "ws"}
		part, err := o.root.AdminUsage(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		calls = 0
		for _, r := range part.Rows {
			calls += r.Calls
		}
		if calls != 3 {
			t.Errorf("a2, b1, b2 lie in [from, to): %d calls", calls)
		}
		for _, bad := range []syncproto.UsageQuery{
			{From: usageRange.From, To: usageRange.To, TZ: "Mars/Olympus"},
			{From: usageRange.From, To: usageRange.To, TZ: "../../etc/passwd"},
			{From: usageRange.To, To: usageRange.From},
			{From: utc("2020-01-01T00:00:00Z"), To: utc("2025-01-01T00:00:00Z")},
		} {
			var ae *syncproto.APIError
			if _, err := o.root.AdminUsage(ctx, bad); !errors.As(err, &ae) || ae.Status != 400 {
				t.Errorf("%+v: %v, want 400", bad, err)
			}
		}
	})
	if pg, ok := reports["postgres"]; ok && !reflect.DeepEqual(pg, reports["sqlite"]) {
		t.Errorf("SQLite and PostgreSQL disagree on the same data:\n%v\n%v", reports["sqlite"], pg)
	}
}

// A device that re-sends (it crashed before marking its events sent) is
// counted once; the user is the token's, whatever the body says.
func TestUsagePushIsIdempotent(t *testing.T) {
	servertest.ForEach(t, func(t *testing.T, b servertest.Backend) {
		ctx := context.Background()
		o := newUsageOffice(t, b)
		first := []syncproto.UsageEvent{ev("e1", "2025-03-05T10:00:00Z", "m", 10, 1, 5), ev("e2", "2025-03-05T11:00:00Z", "m", 20, 2, 5)}
		if r := pushUsage(t, o.alice, "ws", first...); r.Accepted != 2 || r.Duplicates != 0 {
			t.Fatalf("first push: %+v", r)
		}
		again := append(first, ev("e3", "2025-03-05T12:00:00Z", "m", 30, 3, 5))
		if r := pushUsage(t, o.alice, "ws", again...); r.Accepted != 1 || r.Duplicates != 2 {
			t.Fatalf("re-send: %+v", r)
		}
		// Another member re-using an id cannot overwrite or double it.
		if r := pushUsage(t, o.bob, "ws", ev("e1", "2025-03-05T10:00:00Z", "m", 999, 999, 999)); r.Duplicates != 1 {
			t.Fatalf("bob's e1: %+v", r)
		}
		// The same id in another workspace is another event.
		if r := pushUsage(t, o.alice, "other", first[0]); r.Accepted != 1 {
			t.Fatalf("e1 in other: %+v", r)
		}
		rep, err := o.wadmin.WorkspaceUsage(ctx, "ws", usageRange)
		if err != nil {
			t.Fatal(err)
		}
		want := []dayRow{{"2025-03-05", "alice@example.com", "ws", "m", 3, 60, 15}}
		if got := rowsOf(rep); !reflect.DeepEqual(got, want) {
			t.Fatalf("got %v, want %v", got, want)
		}
		if rep.Rows[0].UserID != o.aliceU.ID || rep.Rows[0].OutputTokens != 6 || rep.Rows[0].CachedTokens != 6 {
			t.Fatalf("row: %+v", rep.Rows[0])
		}
	})
}

func TestUsagePushIsValidated(t *testing.T) {
	ctx := context.Background()
	o := newUsageOffice(t, servertest.Backends()[0])
	now := o.env.Clock.Now()
	ok := syncproto.UsageEvent{ID: "ok", At: now.UnixMilli(), Model: "m", Source: "chat"}
	many := make([]syncproto.UsageEvent, 1001)
	for i := range many {
		many[i] = ok
		many[i].ID = fmt.Sprintf("e%d", i)
	}
	mod := func(f func(*syncproto.UsageEvent)) []syncproto.UsageEvent {
		e := ok
		f(&e)
		return []syncproto.UsageEvent{e}
	}
	for name, evs := range map[string][]syncproto.UsageEvent{
		"1001 events":     many,
		"negative tokens": mod(func(e *syncproto.UsageEvent) { e.InputTokens = -1 }),
		"negative cost":   mod(func(e *syncproto.UsageEvent) { e.CostMicros = -5 }),
		"future":          mod(func(e *syncproto.UsageEvent) { e.At = now.Add(2 * time.Hour).UnixMilli() }),
		"seconds":         mod(func(e *syncproto.UsageEvent) { e.At = now.Unix() }),
		"no model":        mod(func(e *syncproto.UsageEvent) { e.Model = "" }),
		"bad id":          mod(func(e *syncproto.UsageEvent) { e.ID = "../x" }),
	} {
		var ae *syncproto.APIError
		if _, err := o.alice.PushUsage(ctx, "ws", syncproto.UsagePushRequest{Events: evs}); !errors.As(err, &ae) || ae.Status != 400 {
			t.Errorf("%s: %v, want 400", name, err)
		}
	}
	if r := pushUsage(t, o.alice, "ws", many[:1000]...); r.Accepted != 1000 {
		t.Fatalf("1000 events: %+v", r)
	}
}

// A member reads no usage, not even their own through the admin views; a
// workspace admin reads their workspace's only, including other members'.
func TestUsageReadPermissions(t *testing.T) {
	ctx := context.Background()
	o := newUsageOffice(t, servertest.Backends()[0])
	seedUsage(t, o)
	status := func(err error) int {
		var ae *syncproto.APIError
		if errors.As(err, &ae) {
			return ae.Status
		}
		return 0
	}
	if _, err := o.bob.WorkspaceUsage(ctx, "ws", usageRange); status(err) != 403 {
		t.Errorf("a member read the workspace's usage: %v", err)
	}
	for _, c := range []*syncproto.Client{o.bob, o.wadmin, o.alice} {
		if _, err := c.AdminUsage(ctx, syncproto.UsageQuery{Workspace: "ws"}); status(err) != 403 {
			t.Errorf("a non server admin read admin usage: %v", err)
		}
		if _, err := c.AdminWorkspaces(ctx); status(err) != 403 {
			t.Errorf("a non server admin listed workspaces: %v", err)
		}
	}
	// wadmin is no member of other: it does not exist for them.
	if _, err := o.wadmin.WorkspaceUsage(ctx, "other", usageRange); status(err) != 404 {
		t.Errorf("another workspace's usage: %v", err)
	}
	// alice admins other: she sees her use there, none of ws's.
	rep, err := o.alice.WorkspaceUsage(ctx, "other", usageRange)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Rows) != 1 || rep.Rows[0].WorkspaceID != "other" || rep.Rows[0].InputTokens != 9 {
		t.Fatalf("other's usage: %+v", rep.Rows)
	}
	// The server admin, no member of ws, cannot push usage into it.
	if _, err := o.root.PushUsage(ctx, "ws", syncproto.UsagePushRequest{}); status(err) != 404 {
		t.Errorf("a non-member pushed usage: %v", err)
	}
}

// A range over both of a year's clock changes (Berlin: 2025-03-30 and
// 2025-10-26, a 23- and a 25-hour day) puts every event on its local day.
func TestUsageReportAcrossTwoClockChanges(t *testing.T) {
	servertest.ForEach(t, func(t *testing.T, b servertest.Backend) {
		o := newUsageOffice(t, b)
		pushUsage(t, o.alice, "ws",
			ev("m1", "2025-03-29T22:59:00Z", "m", 1, 0, 0),  // 23:59 CET, the 29th
			ev("m2", "2025-03-29T23:01:00Z", "m", 2, 0, 0),  // 00:01 CET, the 30th
			ev("m3", "2025-03-30T21:59:00Z", "m", 4, 0, 0),  // 23:59 CEST, the 30th
			ev("m4", "2025-03-30T22:01:00Z", "m", 8, 0, 0),  // 00:01 CEST, the 31st
			ev("o1", "2025-10-25T21:59:00Z", "m", 16, 0, 0), // 23:59 CEST, the 25th
			ev("o2", "2025-10-26T22:59:00Z", "m", 32, 0, 0), // 23:59 CET, the 26th
			ev("o3", "2025-10-26T23:01:00Z", "m", 64, 0, 0)) // 00:01 CET, the 27th
		rep, err := o.wadmin.WorkspaceUsage(context.Background(), "ws", syncproto.UsageQuery{
			From: utc("2025-03-01T00:00:00Z"), To: utc("2025-11-01T00:00:00Z"), TZ: "Europe/Berlin"})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int64{}
		for _, r := range rep.Rows {
			got[r.Day] += r.InputTokens
		}
		want := map[string]int64{"2025-03-29": 1, "2025-03-30": 6, "2025-03-31": 8, "2025-10-25": 16, "2025-10-26": 32, "2025-10-27": 64}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("got %v, want %v", got, want)
		}
	})
}
