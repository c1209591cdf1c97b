package usage

import (
	"reflect"
	"strings"
	"testing"

	"bookbag/backend/apperr"
)

func TestPriceEffectiveAtTheCallsTime(t *testing.T) {
	h := newHarness(t, nil)
	h.price("gpt-4o", "2026-01-01", 2_000_000, 0, 0)
	h.price("gpt-4o", "2026-02-01", 5_000_000, 0, 0)
	call := func(at string) Recorded {
		return h.record(Call{WorkspaceID: "ws1", ModelRef: "openai:gpt-4o", Source: SourceChat, InputTokens: 1000, At: ms(at)})
	}
	if r := call("2025-12-31T23:59:59Z"); r.Priced || r.CostMicros != 0 {
		t.Fatalf("before any price: %+v", r)
	}
	if r := call("2026-01-31T23:59:59Z"); !r.Priced || r.PriceInput != 2_000_000 || r.CostMicros != 2000 {
		t.Fatalf("January: %+v", r)
	}
	if r := call("2026-02-01T00:00:00Z"); r.PriceInput != 5_000_000 || r.CostMicros != 5000 {
		t.Fatalf("February: %+v", r)
	}
	s := h.summary(Range{From: "2025-12-31", To: "2026-02-01", TZ: "UTC"})
	if s.Total.CostMicros != 7000 || s.Total.UnpricedCalls != 1 {
		t.Fatalf("summary: %+v", s.Total)
	}
	// A price saved later does not change what a recorded call cost.
	h.price("gpt-4o", "2025-01-01", 9_000_000, 0, 0)
	if s2 := h.summary(Range{From: "2025-12-31", To: "2026-02-01", TZ: "UTC"}); s2.Total != s.Total {
		t.Fatalf("repriced: %+v", s2.Total)
	}
}

func TestLocalModelsAreFreeAndUnknownOnesHaveNoPrice(t *testing.T) {
	h := newHarness(t, nil)
	h.price("llama3.2", "2024-01-01", 1_000_000, 1_000_000, 0) // a price for a name a local model also has
	for _, ref := range []string{"ollama:llama3.2", "lmstudio:llama3.2", "llamacpp:llama3.2"} {
		r := h.record(Call{ModelRef: ref, Source: SourceChat, InputTokens: 1000, OutputTokens: 1000})
		if !r.Local || !r.Priced || r.CostMicros != 0 {
			t.Errorf("%s: %+v", ref, r)
		}
	}
	r := h.record(Call{ModelRef: "openai:gpt-9", Source: SourceChat, InputTokens: 1000})
	if r.Local || r.Priced || r.CostMicros != 0 {
		t.Fatalf("unknown model: %+v", r)
	}
	if _, err := h.svc.Record(h.ctx, Call{ModelRef: "gpt-4o", Source: SourceChat}); err == nil {
		t.Fatal("a ref without a provider was recorded")
	}
	if _, err := h.svc.Record(h.ctx, Call{ModelRef: "openai:gpt-4o", Source: "guess"}); err == nil {
		t.Fatal("an unknown source was recorded")
	}
}

func TestPriceMatching(t *testing.T) {
	h := newHarness(t, nil)
	if err := h.svc.Start(h.ctx); err != nil { // the presets
		t.Fatal(err)
	}
	h.price("openrouter:openai/gpt-4o", "2024-01-01", 3_000_000, 0, 0)
	cases := []struct {
		ref     string
		priced  bool
		inPrice int64
	}{
		{"openai:gpt-4o", true, 2_500_000},
		{"openai:gpt-4o-2024-08-06", true, 2_500_000}, // a dated snapshot
		{"openai:gpt-4o-mini", true, 150_000},         // never the shorter name's price
		{"anthropic:claude-sonnet-4-20250514", true, 3_000_000},
		{"anthropic:claude-3-5-haiku-latest", true, 800_000},
		{"xai:grok-4-0709", true, 3_000_000},
		{"openrouter:openai/gpt-4o", true, 3_000_000},     // the whole ref first
		{"openrouter:openai/gpt-4.1-mini", true, 400_000}, // then the id after the vendor
		{"openai:GPT-4O", true, 2_500_000},                // case does not matter
		{"openai:gpt-4o-audio-preview", false, 0},
	}
	for _, c := range cases {
		r := h.record(Call{ModelRef: c.ref, Source: SourceChat, InputTokens: 1})
		if r.Priced != c.priced || r.PriceInput != c.inPrice {
			t.Errorf("%s: priced %v at %d, want %v at %d", c.ref, r.Priced, r.PriceInput, c.priced, c.inPrice)
		}
	}
}

func TestPriceTableEdits(t *testing.T) {
	h := newHarness(t, nil)
	if err := h.svc.Start(h.ctx); err != nil {
		t.Fatal(err)
	}
	ps, err := h.svc.Prices(h.ctx)
	if err != nil || len(ps) != len(Presets()) {
		t.Fatalf("presets: %d rows, %v", len(ps), err)
	}
	var gpt Price
	for _, p := range ps {
		if p.Model == "gpt-4o" {
			gpt = p
		}
		if !p.Preset || p.Note == "" {
			t.Fatalf("preset row %+v", p)
		}
	}
	gpt.InputMicros = 1
	if gpt, err = h.svc.SavePrice(h.ctx, gpt); err != nil || gpt.Preset {
		t.Fatalf("edit: %+v %v", gpt, err)
	}
	if r := h.record(Call{ModelRef: "openai:gpt-4o", Source: SourceChat, InputTokens: 1_000_000}); r.CostMicros != 1 {
		t.Fatalf("the edited price did not apply: %+v", r)
	}
	if _, err := h.svc.SavePrice(h.ctx, Price{Model: "gpt-4o", EffectiveFrom: gpt.EffectiveFrom}); apperr.CodeOf(err) != apperr.Conflict {
		t.Fatalf("a second price for the same day: %v", err)
	}
	// Matching ignores case: "GPT-4o" from that day would be a second
	// price for the same calls, whichever the table listed first applying.
	if _, err := h.svc.SavePrice(h.ctx, Price{Model: "GPT-4o", EffectiveFrom: gpt.EffectiveFrom, InputMicros: 7}); apperr.CodeOf(err) != apperr.Conflict {
		t.Fatalf("a second price for the same day in capitals: %v", err)
	}
	for _, bad := range []Price{{Model: "", EffectiveFrom: "2026-01-01"}, {Model: "x", EffectiveFrom: "soon"}, {Model: "x", EffectiveFrom: "2026-01-01", InputMicros: -1}} {
		if _, err := h.svc.SavePrice(h.ctx, bad); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("%+v: %v", bad, err)
		}
	}
	if err := h.svc.DeletePrice(h.ctx, gpt.ID); err != nil {
		t.Fatal(err)
	}
	// A restart does not write the presets again: the deletion stays.
	if err := h.svc.Start(h.ctx); err != nil {
		t.Fatal(err)
	}
	if ps, _ := h.svc.Prices(h.ctx); len(ps) != len(Presets())-1 {
		t.Fatalf("after delete and restart: %d rows", len(ps))
	}
	upper, err := h.svc.SavePrice(h.ctx, Price{Model: "GPT-4o", EffectiveFrom: gpt.EffectiveFrom, InputMicros: 9})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.SavePrice(h.ctx, upper); err != nil {
		t.Fatalf("saving a row over itself: %v", err)
	}
	if err := h.svc.RestorePresets(h.ctx); err != nil {
		t.Fatal(err)
	}
	ps2, _ := h.svc.Prices(h.ctx)
	if len(ps2) != len(ps) {
		t.Fatalf("restored %d rows, want %d", len(ps2), len(ps))
	}
	for _, p := range ps2 {
		if strings.EqualFold(p.Model, "gpt-4o") && (p.Model != "gpt-4o" || !p.Preset || p.InputMicros != 2_500_000) {
			t.Fatalf("the preset was not written over the user's GPT-4o row: %+v", p)
		}
	}
	if r := h.record(Call{ModelRef: "openai:gpt-4o", Source: SourceChat, InputTokens: 1_000_000}); r.CostMicros != 2_500_000 {
		t.Fatalf("the restored price did not apply: %+v", r)
	}
}

func TestCandidates(t *testing.T) {
	got := candidates("openrouter:anthropic/claude-sonnet-4-20250514")
	want := []string{"openrouter:anthropic/claude-sonnet-4-20250514", "anthropic/claude-sonnet-4-20250514",
		"claude-sonnet-4-20250514", "openrouter:anthropic/claude-sonnet-4", "anthropic/claude-sonnet-4", "claude-sonnet-4"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%q", got)
	}
}
