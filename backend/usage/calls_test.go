package usage

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestCallsPageNewestFirst(t *testing.T) {
	h := newHarness(t, nil)
	var ids []string
	for i := range 5 {
		r := h.record(Call{WorkspaceID: "ws1", ModelRef: "ollama:llama3.2", Source: SourceChat, InputTokens: int64(i), At: ms("2026-03-02T10:00:00Z") + int64(i/2)})
		ids = append([]string{r.ID}, ids...)
	}
	h.record(Call{WorkspaceID: "ws2", ModelRef: "ollama:llama3.2", Source: SourceChat, At: ms("2026-03-02T10:00:00Z")})
	q := CallQuery{Range: Range{From: "2026-03-01", To: "2026-03-31", TZ: "UTC", WorkspaceID: "ws1"}, Limit: 2}
	var got []string
	for {
		p, err := h.svc.Calls(h.ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range p.Calls {
			got = append(got, c.ID)
		}
		if p.Next == "" {
			break
		}
		q.Cursor = p.Next
	}
	// Same time: by id, descending, like the page's order.
	byTime := [][]string{ids[0:1], ids[1:3], ids[3:5]}
	if len(got) != 5 || got[0] != byTime[0][0] || !sameSet(got[1:3], byTime[1]) || !sameSet(got[3:5], byTime[2]) {
		t.Fatalf("pages %v, want %v", got, ids)
	}
}

func sameSet(a, b []string) bool {
	return len(a) == 2 && (reflect.DeepEqual(a, b) || (a[0] == b[1] && a[1] == b[0]))
}

func TestCSVExports(t *testing.T) {
	h := newHarness(t, nil)
	h.price("gpt-4o", "2024-01-01", 2_500_000, 10_000_000, 1_250_000)
	h.record(Call{WorkspaceID: "ws1", ModelRef: "openai:gpt-4o", Source: SourceChat, InputTokens: 1000, OutputTokens: 500, DurationMs: 42, At: ms("2026-03-10T18:31:00Z")})
	h.record(Call{WorkspaceID: "ws1", ModelRef: "openai:gpt-5", Source: SourceTitle, InputTokens: 10, At: ms("2026-03-10T18:32:00Z")})
	r := Range{From: "2026-03-11", To: "2026-03-11", TZ: "Asia/Kolkata"}
	var buf bytes.Buffer
	if err := h.svc.WriteCallsCSV(h.ctx, &buf, r); err != nil {
		t.Fatal(err)
	}
	rows, _ := csv.NewReader(&buf).ReadAll()
	if len(rows) != 3 {
		t.Fatalf("calls csv: %q", rows)
	}
	want := []string{"2026-03-11T00:01:00+05:30", "Research", "openai:gpt-4o", "chat", "1000", "0", "500", "false", "42",
		"2.500000", "1.250000", "10.000000", "0.007500", "yes"}
	if !reflect.DeepEqual(rows[1][:len(want)], want) || rows[2][13] != "no price" {
		t.Fatalf("calls csv: %q", rows)
	}
	path := filepath.Join(t.TempDir(), "table.csv")
	if err := h.svc.ExportFile(h.ctx, path, ExportTable, r); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	rows, _ = csv.NewReader(bytes.NewReader(b)).ReadAll()
	wantRows := [][]string{
		{"day", "workspace", "model", "calls", "input_tokens", "cached_tokens", "output_tokens", "cost_usd", "unpriced_calls"},
		{"2026-03-11", "Research", "openai:gpt-4o", "1", "1000", "0", "500", "0.007500", "0"},
		{"2026-03-11", "Research", "openai:gpt-5", "1", "10", "0", "0", "0.000000", "1"},
	}
	if !reflect.DeepEqual(rows, wantRows) {
		t.Fatalf("table csv: %q", rows)
	}
}

func TestPendingSyncThenMarkSent(t *testing.T) {
	h := newHarness(t, nil)
	h.price("gpt-4o", "2024-01-01", 1_000_000, 0, 0)
	t0 := ms("2026-03-02T10:00:00Z")
	a := h.record(Call{WorkspaceID: "ws1", ModelRef: "openai:gpt-4o", Source: SourceTool, InputTokens: 1000, CachedTokens: 10, OutputTokens: 3, DurationMs: 9, At: t0 + 1000})
	b := h.record(Call{WorkspaceID: "ws1", ModelRef: "openai:gpt-4o", Source: SourceChat, At: t0 + 2000})
	h.record(Call{WorkspaceID: "ws2", ModelRef: "openai:gpt-4o", Source: SourceChat, At: t0 + 1500})
	ev, err := h.svc.PendingSync(h.ctx, "ws1", 10)
	if err != nil || len(ev) != 2 || ev[0].ID != a.ID || ev[1].ID != b.ID {
		t.Fatalf("pending: %+v %v", ev, err)
	}
	if e := ev[0]; e.At != t0+1000 || e.Model != "openai:gpt-4o" || e.Source != "tool" || e.InputTokens != 1000 || e.CachedTokens != 10 ||
		e.OutputTokens != 3 || e.DurationMs != 9 || e.CostMicros != 990 {
		t.Fatalf("event: %+v", e)
	}
	if err := h.svc.MarkSent(h.ctx, []string{a.ID}); err != nil {
		t.Fatal(err)
	}
	ev, _ = h.svc.PendingSync(h.ctx, "ws1", 10)
	if len(ev) != 1 || ev[0].ID != b.ID {
		t.Fatalf("after mark: %+v", ev)
	}
}

// A workspace named like a formula must not run in the spreadsheet that
// opens the export: its cell starts with ' in both files.
func TestCSVExportsDefuseFormulas(t *testing.T) {
	h := newHarness(t, nil)
	h.svc.wss = names{"ws1": `=HYPERLINK("http://evil.example","x")`, "ws2": "@SUM(A1)", "ws3": "-1+2", "ws4": "+1", "ws5": "\t=1", "ws6": "a=b"}
	for i, ws := range []string{"ws1", "ws2", "ws3", "ws4", "ws5", "ws6"} {
		h.record(Call{WorkspaceID: ws, ModelRef: "ollama:llama3.2", Source: SourceChat, At: ms("2026-03-10T10:00:00Z") + int64(i)})
	}
	want := map[string]bool{`'=HYPERLINK("http://evil.example","x")`: true, "'@SUM(A1)": true, "'-1+2": true, "'+1": true, "'\t=1": true, "a=b": true}
	r := Range{From: "2026-03-10", To: "2026-03-10", TZ: "UTC"}
	for _, write := range []func(context.Context, io.Writer, Range) error{h.svc.WriteCallsCSV, h.svc.WriteTableCSV} {
		var buf bytes.Buffer
		if err := write(h.ctx, &buf, r); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(&buf).ReadAll()
		if err != nil || len(rows) != 7 {
			t.Fatalf("csv: %q %v", rows, err)
		}
		for _, row := range rows[1:] {
			if !want[row[1]] {
				t.Errorf("workspace cell %q is not defused", row[1])
			}
		}
	}
}
