package usage

import (
	"bookbag/backend/store"
	"context"
	"reflect"
	"testing"
	"time"
)

// dayTotals is the calls and cost per day of a summary, by label.
func dayTotals(s Summary) map[string][2]int64 {
	out := map[string][2]int64{}
	for _, c := range s.ByDayModel {
		v := out[s.Days[c.Day]]
		out[s.Days[c.Day]] = [2]int64{v[0] + c.Calls, v[1] + c.CostMicros}
	}
	return out
}

func TestDaysAreTheZonesDays(t *testing.T) {
	h := newHarness(t, nil)
	h.price("gpt-4o", "2024-01-01", 1_000_000, 0, 0) // $1 per 1M input: 1000 tokens cost 1000 micros
	// India is UTC+5:30: 18:29Z is 23:59 on the 10th there, 18:31Z is 00:01 on the 11th.
	h.record(Call{WorkspaceID: "ws1", ModelRef: "openai:gpt-4o", Source: SourceChat, InputTokens: 1000, At: ms("2026-03-10T18:29:00Z")})
	h.record(Call{WorkspaceID: "ws1", ModelRef: "openai:gpt-4o", Source: SourceChat, InputTokens: 2000, At: ms("2026-03-10T18:31:00Z")})

	s := h.summary(Range{From: "2026-03-10", To: "2026-03-11", TZ: "Asia/Kolkata"})
	if want := (map[string][2]int64{"2026-03-10": {1, 1000}, "2026-03-11": {1, 2000}}); !reflect.DeepEqual(dayTotals(s), want) {
		t.Fatalf("Kolkata days: %v, want %v", dayTotals(s), want)
	}
	// In UTC both are on the 10th; in New York (UTC-4 then) too.
	for _, tz := range []string{"", "UTC", "America/New_York"} {
		s = h.summary(Range{From: "2026-03-10", To: "2026-03-11", TZ: tz})
		if want := (map[string][2]int64{"2026-03-10": {2, 3000}}); !reflect.DeepEqual(dayTotals(s), want) {
			t.Fatalf("%q days: %v, want %v", tz, dayTotals(s), want)
		}
	}
	// A range that ends before the 11th leaves the second call out.
	s = h.summary(Range{From: "2026-03-10", To: "2026-03-10", TZ: "Asia/Kolkata"})
	if s.Total.Calls != 1 || s.Total.InputTokens != 1000 || len(s.Days) != 1 {
		t.Fatalf("one day in Kolkata: %+v", s)
	}
}

func TestDaysAcrossDaylightSavingChanges(t *testing.T) {
	h := newHarness(t, nil)
	rec := func(at string) {
		h.record(Call{WorkspaceID: "ws1", ModelRef: "ollama:llama3.2", Source: SourceChat, InputTokens: 1, At: ms(at)})
	}
	// Berlin springs forward on 29 March 2026: that day has 23 hours
	// (starts 23:00Z on the 28th, ends 22:00Z on the 29th).
	rec("2026-03-28T22:59:00Z") // 23:59 CET on the 28th
	rec("2026-03-28T23:00:00Z") // 00:00 on the 29th
	rec("2026-03-29T21:59:00Z") // 23:59 CEST on the 29th
	rec("2026-03-29T22:00:00Z") // 00:00 on the 30th
	rec("2026-03-30T21:59:00Z") // 23:59 on the 30th
	// It falls back on 25 October: 25 hours (22:00Z on the 24th to 23:00Z on the 25th).
	rec("2026-10-24T21:59:00Z") // 23:59 on the 24th
	rec("2026-10-24T22:00:00Z") // 00:00 on the 25th
	rec("2026-10-25T22:59:00Z") // 23:59 CET on the 25th
	rec("2026-10-25T23:00:00Z") // 00:00 on the 26th

	s := h.summary(Range{From: "2026-03-27", To: "2026-03-31", TZ: "Europe/Berlin"})
	want := map[string][2]int64{"2026-03-28": {1, 0}, "2026-03-29": {2, 0}, "2026-03-30": {2, 0}}
	if !reflect.DeepEqual(dayTotals(s), want) {
		t.Fatalf("spring: %v, want %v", dayTotals(s), want)
	}
	s = h.summary(Range{From: "2026-10-23", To: "2026-10-27", TZ: "Europe/Berlin"})
	want = map[string][2]int64{"2026-10-24": {1, 0}, "2026-10-25": {2, 0}, "2026-10-26": {1, 0}}
	if !reflect.DeepEqual(dayTotals(s), want) {
		t.Fatalf("autumn: %v, want %v", dayTotals(s), want)
	}
	if len(s.Days) != 5 || s.Days[0] != "2026-10-23" || s.Days[4] != "2026-10-27" {
		t.Fatalf("days: %v", s.Days)
	}
	// A range over both changes still counts every call once.
	s = h.summary(Range{From: "2026-01-01", To: "2026-12-31", TZ: "Europe/Berlin"})
	if s.Total.Calls != 9 || len(s.Days) != 365 {
		t.Fatalf("the year: %d calls over %d days", s.Total.Calls, len(s.Days))
	}
	// One model over the short day (read from the raw rollups).
	h.record(Call{WorkspaceID: "ws1", ModelRef: "openai:gpt-4o", Source: SourceChat, InputTokens: 1, At: ms("2026-03-29T10:00:00Z")})
	spring := Range{From: "2026-03-27", To: "2026-03-31", TZ: "Europe/Berlin", Model: "ollama:llama3.2"}
	if got, want := dayTotals(h.summary(spring)), (map[string][2]int64{"2026-03-28": {1, 0}, "2026-03-29": {2, 0}, "2026-03-30": {2, 0}}); !reflect.DeepEqual(got, want) {
		t.Fatalf("spring, llama only: %v, want %v", got, want)
	}
	spring.Model = "openai:gpt-4o"
	if got, want := dayTotals(h.summary(spring)), (map[string][2]int64{"2026-03-29": {1, 0}}); !reflect.DeepEqual(got, want) {
		t.Fatalf("spring, gpt-4o only: %v, want %v", got, want)
	}
}

func TestSummaryPerModelAndWorkspace(t *testing.T) {
	h := newHarness(t, nil)
	h.price("gpt-4o", "2024-01-01", 2_500_000, 10_000_000, 1_250_000)
	at := ms("2026-03-02T10:00:00Z")
	h.record(Call{WorkspaceID: "ws1", ModelRef: "openai:gpt-4o", Source: SourceChat, InputTokens: 1000, OutputTokens: 500, At: at})
	h.record(Call{WorkspaceID: "ws2", ModelRef: "openai:gpt-4o", Source: SourceTool, InputTokens: 2000, CachedTokens: 1000, At: at + 1})
	h.record(Call{WorkspaceID: "ws2", ModelRef: "ollama:nomic-embed-text@768", Source: SourceEmbedding, InputTokens: 300, At: at + 2})
	h.record(Call{WorkspaceID: "gone", ModelRef: "mistral:mistral-large", Source: SourceChat, InputTokens: 100, OutputTokens: 10, At: at + 3})
	h.record(Call{ModelRef: "openai:gpt-4o", Source: SourceAPI, OutputTokens: 100, At: at + 4})

	s := h.summary(Range{From: "2026-03-01", To: "2026-03-31", TZ: "UTC"})
	// ws1: 1000 in × $2.5 + 500 out × $10 = 2500 + 5000 = 7500 micros.
	// ws2: 1000 uncached × $2.5 + 1000 cached × $1.25 = 2500 + 1250 = 3750.
	// API: 100 out × $10 = 1000. Embedding is local: free. Mistral: no price.
	// Biggest cost first, then most tokens.
	wantModels := []Keyed{
		{Key: "openai:gpt-4o", Name: "openai:gpt-4o", Totals: Totals{Calls: 3, InputTokens: 3000, OutputTokens: 600, CachedTokens: 1000, CostMicros: 12250}},
		{Key: "ollama:nomic-embed-text", Name: "ollama:nomic-embed-text", Totals: Totals{Calls: 1, InputTokens: 300}},
		{Key: "mistral:mistral-large", Name: "mistral:mistral-large", Totals: Totals{Calls: 1, InputTokens: 100, OutputTokens: 10, UnpricedCalls: 1}},
	}
	if !reflect.DeepEqual(s.ByModel, wantModels) {
		t.Fatalf("by model:\n%+v\nwant\n%+v", s.ByModel, wantModels)
	}
	wantWS := []Keyed{
		{Key: "ws1", Name: "Research", Totals: Totals{Calls: 1, InputTokens: 1000, OutputTokens: 500, CostMicros: 7500}},
		{Key: "ws2", Name: "Legal", Totals: Totals{Calls: 2, InputTokens: 2300, CachedTokens: 1000, CostMicros: 3750}},
		{Key: "", Name: "(no workspace)", Totals: Totals{Calls: 1, OutputTokens: 100, CostMicros: 1000}},
		{Key: "gone", Name: "gone", Totals: Totals{Calls: 1, InputTokens: 100, OutputTokens: 10, UnpricedCalls: 1}},
	}
	if !reflect.DeepEqual(s.ByWorkspace, wantWS) {
		t.Fatalf("by workspace:\n%+v\nwant\n%+v", s.ByWorkspace, wantWS)
	}
	if want := (Totals{Calls: 5, InputTokens: 3400, OutputTokens: 610, CachedTokens: 1000, CostMicros: 12250, UnpricedCalls: 1}); s.Total != want {
		t.Fatalf("total %+v, want %+v", s.Total, want)
	}
	if len(s.ByDayWorkspace) != 4 || s.ByDayWorkspace[0].Day != 1 || s.Days[1] != "2026-03-02" {
		t.Fatalf("by day and workspace: %+v", s.ByDayWorkspace)
	}
	// One workspace only.
	s = h.summary(Range{From: "2026-03-01", To: "2026-03-31", TZ: "UTC", WorkspaceID: "ws2"})
	if s.Total.Calls != 2 || s.Total.CostMicros != 3750 {
		t.Fatalf("ws2 only: %+v", s.Total)
	}
	// One model, then one model in one workspace: the totals, both
	// tables, the calls and the CSV follow.
	s = h.summary(Range{From: "2026-03-01", To: "2026-03-31", TZ: "UTC", Model: "openai:gpt-4o"})
	if s.Total != wantModels[0].Totals || len(s.ByModel) != 1 || s.ByModel[0].Key != "openai:gpt-4o" || len(s.ByWorkspace) != 3 {
		t.Fatalf("gpt-4o only: %+v\n%+v\n%+v", s.Total, s.ByModel, s.ByWorkspace)
	}
	r := Range{From: "2026-03-01", To: "2026-03-31", TZ: "UTC", WorkspaceID: "ws2", Model: "openai:gpt-4o"}
	if s = h.summary(r); s.Total.Calls != 1 || s.Total.CostMicros != 3750 || len(s.ByDayModel) != 1 {
		t.Fatalf("gpt-4o in ws2: %+v %+v", s.Total, s.ByDayModel)
	}
	page, err := h.svc.Calls(h.ctx, CallQuery{Range: r})
	if err != nil || len(page.Calls) != 1 || page.Calls[0].Source != SourceTool {
		t.Fatalf("calls of gpt-4o in ws2: %+v %v", page, err)
	}
	// A range with a clock change reads the raw rollups for that day.
	if s = h.summary(Range{From: "2026-03-01", To: "2026-03-31", TZ: "Europe/Berlin", Model: "ollama:nomic-embed-text"}); s.Total.Calls != 1 || s.Total.InputTokens != 300 {
		t.Fatalf("nomic in Berlin's March: %+v", s.Total)
	}
}

func TestBadRanges(t *testing.T) {
	h := newHarness(t, nil)
	for _, r := range []Range{
		{From: "2026-03-02", To: "2026-03-01", TZ: "UTC"},
		{From: "yesterday", To: "2026-03-01", TZ: "UTC"},
		{From: "2026-03-01", To: "2026-03-02", TZ: "Mars/Olympus"},
		{From: "2020-01-01", To: "2026-03-02", TZ: "UTC"},
	} {
		if _, err := h.svc.Summarize(h.ctx, r); err == nil {
			t.Errorf("%+v: no error", r)
		}
	}
}

func TestDailySumsKeepUpWithNewCalls(t *testing.T) {
	h := newHarness(t, nil)
	r := Range{From: "2026-03-10", To: "2026-03-12", TZ: "Asia/Kathmandu"} // +5:45
	h.record(Call{WorkspaceID: "ws1", ModelRef: "ollama:llama3.2", Source: SourceChat, InputTokens: 5, At: ms("2026-03-10T18:14:00Z")})
	if s := h.summary(r); s.Total.Calls != 1 || dayTotals(s)["2026-03-10"] != [2]int64{1, 0} {
		t.Fatalf("before: %+v", dayTotals(s))
	}
	// The offset's day sums exist now: later calls are added to them.
	h.record(Call{WorkspaceID: "ws1", ModelRef: "ollama:llama3.2", Source: SourceChat, InputTokens: 7, At: ms("2026-03-10T18:15:00Z")}) // 00:00 on the 11th
	h.record(Call{WorkspaceID: "ws2", ModelRef: "ollama:llama3.2", Source: SourceChat, InputTokens: 9, At: ms("2026-03-10T18:16:00Z")})
	s := h.summary(r)
	if want := (map[string][2]int64{"2026-03-10": {1, 0}, "2026-03-11": {2, 0}}); !reflect.DeepEqual(dayTotals(s), want) {
		t.Fatalf("after: %v", dayTotals(s))
	}
	if s.Total.InputTokens != 21 {
		t.Fatalf("tokens %d", s.Total.InputTokens)
	}
	// A second service on the same database (a restart) reads the same sums.
	h2 := &harness{t: t, ctx: h.ctx, svc: NewService(Deps{DB: h.svc.db})}
	if s2 := h2.summary(r); !reflect.DeepEqual(dayTotals(s2), dayTotals(s)) {
		t.Fatalf("after a restart: %v", dayTotals(s2))
	}
}

// After Start the device zone's day sums are built in the background, on
// both sides of its daylight-saving change, so the first summary finds
// them; Close stops a warm-up that has not begun.
func TestStartBuildsTheZonesDaySums(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	ctx := context.Background()
	db, err := store.Open(ctx, t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	now := time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC)
	svc := NewService(Deps{DB: db, Location: ny, Now: func() time.Time { return now }, WarmAfter: time.Millisecond})
	if _, err := svc.Record(ctx, Call{WorkspaceID: "ws1", ModelRef: "ollama:llama3.2", Source: SourceChat, InputTokens: 5, At: now.UnixMilli()}); err != nil {
		t.Fatal(err)
	}
	if err := svc.Start(ctx); err != nil {
		t.Fatal(err)
	}
	built := func() []int {
		var offs []int
		rows, err := db.R.QueryContext(ctx, `SELECT offset_min FROM usage_daily_offsets ORDER BY offset_min`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var o int
			if err := rows.Scan(&o); err != nil {
				t.Fatal(err)
			}
			offs = append(offs, o)
		}
		return offs
	}
	for deadline := time.Now().Add(10 * time.Second); !reflect.DeepEqual(built(), []int{-300, -240}); {
		if time.Now().After(deadline) {
			t.Fatalf("offsets built: %v, want EST and EDT", built())
		}
		time.Sleep(10 * time.Millisecond)
	}
	svc.Close()
	var calls int64
	if err := db.R.QueryRowContext(ctx, `SELECT SUM(calls) FROM usage_daily WHERE offset_min = -240`).Scan(&calls); err != nil || calls != 1 {
		t.Fatalf("EDT day sums: %d calls, %v", calls, err)
	}

	// A warm-up still waiting is stopped by Close, which returns at once.
	later := NewService(Deps{DB: db, Location: ny, WarmAfter: time.Hour})
	if err := later.Start(ctx); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { later.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Close waited for the warm-up")
	}
}
