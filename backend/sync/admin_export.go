package sync

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"bookbag/backend/atomicfile"
	"bookbag/backend/csvcell"
	"bookbag/backend/syncproto"
)

// WriteUsageCSV writes a usage report as CSV, one row per member, workspace,
// model and day, cost in dollars with six decimals (a spreadsheet sums them
// exactly).
func WriteUsageCSV(w io.Writer, rep syncproto.UsageReport, workspaceName func(id string) string) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"day", "email", "name", "workspace_id", "workspace", "model", "calls", "input_tokens",
		"output_tokens", "cached_tokens", "cost_usd"})
	for _, r := range rep.Rows {
		cw.Write([]string{r.Day, csvcell.Text(r.Email), csvcell.Text(r.DisplayName), csvcell.Text(r.WorkspaceID),
			csvcell.Text(workspaceName(r.WorkspaceID)), csvcell.Text(r.Model),
			strconv.FormatInt(r.Calls, 10), strconv.FormatInt(r.InputTokens, 10), strconv.FormatInt(r.OutputTokens, 10),
			strconv.FormatInt(r.CachedTokens, 10), strconv.FormatFloat(float64(r.CostMicros)/1e6, 'f', 6, 64)})
	}
	cw.Flush()
	return cw.Error()
}

// ExportUsage writes the usage report of q to path, whole or not at all.
func (a *Admin) ExportUsage(ctx context.Context, q UsageQuery, path string) error {
	rep, err := a.Usage(ctx, q)
	if err != nil {
		return err
	}
	names := map[string]string{}
	if wss, err := a.Workspaces(ctx); err == nil {
		for _, w := range wss {
			names[w.ID] = w.Name
		}
	}
	if err := atomicfile.Write(path, func(w io.Writer) error {
		return WriteUsageCSV(w, rep, func(id string) string { return names[id] })
	}); err != nil {
		return fmt.Errorf("export office usage: %w", err)
	}
	return nil
}
