package usage

import (
	"strings"
	"testing"
	"time"

	"bookbag/backend/apperr"
)

func TestBudgetsWarnThenRefuse(t *testing.T) {
	berlin := zone(t, "Europe/Berlin")
	h := newHarness(t, berlin)
	h.now = time.Date(2026, 3, 15, 12, 0, 0, 0, berlin)
	h.price("gpt-4o", "2024-01-01", 1_000_000, 0, 0) // 1M tokens cost $1
	spend := func(ws string, at string, dollars int64) {
		h.record(Call{WorkspaceID: ws, ModelRef: "openai:gpt-4o", Source: SourceChat, InputTokens: dollars * 1_000_000, At: ms(at)})
	}
	if err := h.svc.SetBudget(h.ctx, Budget{WorkspaceID: "ws1", SoftMicros: 2_000_000, HardMicros: 3_000_000}); err != nil {
		t.Fatal(err)
	}
	// 23:30Z on the last of February is already March in Berlin: it counts.
	spend("ws1", "2026-02-28T23:30:00Z", 1)
	spend("ws1", "2026-02-28T22:59:00Z", 50) // February in Berlin: does not
	spend("ws2", "2026-03-02T10:00:00Z", 7)  // another workspace: not ws1's
	st, err := h.svc.Status(h.ctx, "ws1")
	if err != nil {
		t.Fatal(err)
	}
	if st.Month != "2026-03" || st.Workspace.SpentMicros != 1_000_000 || st.Workspace.SoftReached || st.App.SpentMicros != 8_000_000 {
		t.Fatalf("status: %+v", st)
	}
	if err := h.svc.Allow(h.ctx, "ws1", "openai:gpt-4o"); err != nil {
		t.Fatalf("allowed under the limits: %v", err)
	}
	spend("ws1", "2026-03-10T10:00:00Z", 1)
	st, _ = h.svc.Status(h.ctx, "ws1")
	if !st.Workspace.SoftReached || st.Workspace.HardReached {
		t.Fatalf("at the warning: %+v", st.Workspace)
	}
	if err := h.svc.Allow(h.ctx, "ws1", "openai:gpt-4o"); err != nil {
		t.Fatalf("a warning refused: %v", err)
	}
	spend("ws1", "2026-03-11T10:00:00Z", 1)
	err = h.svc.Allow(h.ctx, "ws1", "openai:gpt-4o")
	want := "This workspace reached its monthly budget of $3.00 (spent $3.00). Raise it in Usage → Budgets."
	if apperr.CodeOf(err) != OverBudget || apperr.MessageOf(err) != want {
		t.Fatalf("at the hard limit: %v", err)
	}
	if err := h.svc.Allow(h.ctx, "ws2", "openai:gpt-4o"); err != nil {
		t.Fatalf("another workspace refused: %v", err)
	}
	// The app's budget covers every workspace and calls in none.
	if err := h.svc.SetBudget(h.ctx, Budget{HardMicros: 11_000_000}); err != nil {
		t.Fatal(err)
	}
	if err := h.svc.Allow(h.ctx, "", "openai:gpt-4o"); err != nil {
		t.Fatalf("under the app's limit: %v", err)
	}
	spend("", "2026-03-12T10:00:00Z", 1)
	if err := h.svc.Allow(h.ctx, "ws2", "openai:gpt-4o"); apperr.CodeOf(err) != OverBudget || !strings.Contains(apperr.MessageOf(err), "budget of $11.00 for all workspaces (spent $11.00)") {
		t.Fatalf("app limit: %v", err)
	}
	// Next month starts again.
	h.now = time.Date(2026, 4, 1, 0, 0, 0, 0, berlin)
	if err := h.svc.Allow(h.ctx, "ws1", "openai:gpt-4o"); err != nil {
		t.Fatalf("a new month refused: %v", err)
	}
	// Raising the limit lets calls through; 0 and 0 removes it.
	h.now = time.Date(2026, 3, 20, 0, 0, 0, 0, berlin)
	if err := h.svc.SetBudget(h.ctx, Budget{HardMicros: 0}); err != nil {
		t.Fatal(err)
	}
	if err := h.svc.SetBudget(h.ctx, Budget{WorkspaceID: "ws1", HardMicros: 5_000_000}); err != nil {
		t.Fatal(err)
	}
	if err := h.svc.Allow(h.ctx, "ws1", "openai:gpt-4o"); err != nil {
		t.Fatalf("raised: %v", err)
	}
	bs, _ := h.svc.Budgets(h.ctx)
	if len(bs) != 1 || bs[0] != (Budget{WorkspaceID: "ws1", HardMicros: 5_000_000}) {
		t.Fatalf("budgets: %+v", bs)
	}
	if err := h.svc.SetBudget(h.ctx, Budget{SoftMicros: 5, HardMicros: 4}); apperr.CodeOf(err) != apperr.Invalid {
		t.Fatalf("warning above the limit: %v", err)
	}
}

// A spent budget stops money being spent: a model on this machine, whose
// calls Record prices at 0, is let through; a cloud model, a workspace's
// model not known yet and an unknown ref are refused.
func TestSpentBudgetLetsLocalModelsThrough(t *testing.T) {
	h := newHarness(t, nil)
	h.price("gpt-4o", "2024-01-01", 1_000_000, 0, 0)
	h.record(Call{WorkspaceID: "ws1", ModelRef: "openai:gpt-4o", Source: SourceChat, InputTokens: 2_000_000, At: h.now.UnixMilli()})
	if err := h.svc.SetBudget(h.ctx, Budget{WorkspaceID: "ws1", HardMicros: 1_000_000}); err != nil {
		t.Fatal(err)
	}
	for _, ref := range []string{"ollama:llama3.2", "lmstudio:qwen3-8b", "ollama:nomic-embed-text@768"} {
		if err := h.svc.Allow(h.ctx, "ws1", ref); err != nil {
			t.Errorf("%s refused: %v", ref, err)
		}
		if r := h.record(Call{WorkspaceID: "ws1", ModelRef: ref, Source: SourceChat, InputTokens: 1000}); !r.Local || r.CostMicros != 0 {
			t.Errorf("%s is not recorded as free: %+v", ref, r)
		}
	}
	for _, ref := range []string{"openai:gpt-4o", "", "custom:llama3.2", "not a ref"} {
		if err := h.svc.Allow(h.ctx, "ws1", ref); apperr.CodeOf(err) != OverBudget {
			t.Errorf("%q let through: %v", ref, err)
		}
	}
}

func TestDollars(t *testing.T) {
	for micros, want := range map[int64]string{0: "$0.00", 1_234_567: "$1.23", 4200: "$0.0042", 10_000: "$0.01", 12_000_000_000: "$12000.00",
		// Half a cent rounds up, as on the page.
		1_005_000: "$1.01", 2_675_000: "$2.68", 4_994_999: "$4.99", 4_995_000: "$5.00", 4250: "$0.0043", -1_234_567: "$-1.23"} {
		if got := Dollars(micros); got != want {
			t.Errorf("%d: %s, want %s", micros, got, want)
		}
	}
}
