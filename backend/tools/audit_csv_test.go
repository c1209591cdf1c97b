package tools

import (
	"bytes"
	"context"
	"testing"
	"time"
)

// The record's CSV shows text from servers and models (tool names,
// arguments, error details) as text: a cell a spreadsheet would run as a
// formula gets a leading apostrophe.
func TestCallsCSVDefusesFormulas(t *testing.T) {
	e := newEnv(t, time.Second)
	ctx := context.Background()
	e.svc.record(ctx, callRecord{workspaceID: e.ws, server: "web", tool: "@fetch", kind: "tool", arguments: []byte(`{"u":"x"}`),
		decision: "once", outcome: "error", detail: `=HYPERLINK("http://evil.example","open")`})
	csv, err := e.svc.ExportCalls(ctx, e.ws, "csv")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(csv, []byte(`'@fetch`)) || !bytes.Contains(csv, []byte(`"'=HYPERLINK(""http://evil.example"",""open"")"`)) {
		t.Fatalf("csv: %s", csv)
	}
}
