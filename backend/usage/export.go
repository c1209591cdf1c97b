package usage

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strconv"
	"time"

	"bookbag/backend/atomicfile"
	"bookbag/backend/csvcell"
)

// money is micro-USD as dollars with six decimals: a spreadsheet sums them
// exactly.
func money(micros int64) string { return strconv.FormatFloat(float64(micros)/1e6, 'f', 6, 64) }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// WriteCallsCSV writes every call of a range, oldest first, times in the
// range's zone.
func (s *Service) WriteCallsCSV(ctx context.Context, w io.Writer, r Range) error {
	loc, err := time.LoadLocation(r.TZ)
	if err != nil {
		return fmt.Errorf("export calls: %w", err)
	}
	names := s.names(ctx)
	cw := csv.NewWriter(w)
	cw.Write([]string{"time", "workspace", "model", "source", "input_tokens", "cached_tokens", "output_tokens", "estimated",
		"duration_ms", "price_input_per_1m_usd", "price_cached_per_1m_usd", "price_output_per_1m_usd", "cost_usd", "priced", "id"})
	err = s.eachCall(ctx, CallQuery{Range: r}, func(c Recorded) error {
		return cw.Write([]string{time.UnixMilli(c.At).In(loc).Format(time.RFC3339), csvcell.Text(nameOr(names, c.WorkspaceID)), csvcell.Text(c.ModelRef),
			csvcell.Text(c.Source), itoa(c.InputTokens), itoa(c.CachedTokens), itoa(c.OutputTokens), strconv.FormatBool(c.Estimated),
			itoa(c.DurationMs), money(c.PriceInput), money(c.PriceCached), money(c.PriceOutput), money(c.CostMicros),
			priceState(c), c.ID})
	})
	if err != nil {
		return fmt.Errorf("export calls: %w", err)
	}
	cw.Flush()
	return cw.Error()
}

func priceState(c Recorded) string {
	switch {
	case c.Local:
		return "local"
	case c.Priced:
		return "yes"
	}
	return "no price"
}

// WriteTableCSV writes a range summed per day, workspace and model.
func (s *Service) WriteTableCSV(ctx context.Context, w io.Writer, r Range) error {
	labels, cells, err := s.cells(ctx, r, byBoth)
	if err != nil {
		return fmt.Errorf("export usage table: %w", err)
	}
	sort.Slice(cells, func(i, j int) bool {
		a, b := cells[i], cells[j]
		if a.day != b.day {
			return a.day < b.day
		}
		if a.workspace != b.workspace {
			return a.workspace < b.workspace
		}
		return a.model < b.model
	})
	names := s.names(ctx)
	cw := csv.NewWriter(w)
	cw.Write([]string{"day", "workspace", "model", "calls", "input_tokens", "cached_tokens", "output_tokens", "cost_usd", "unpriced_calls"})
	for _, c := range cells {
		cw.Write([]string{labels[c.day], csvcell.Text(nameOr(names, c.workspace)), csvcell.Text(c.model), itoa(c.Calls), itoa(c.InputTokens),
			itoa(c.CachedTokens), itoa(c.OutputTokens), money(c.CostMicros), itoa(c.UnpricedCalls)})
	}
	cw.Flush()
	return cw.Error()
}

// Export kinds.
const (
	ExportCalls = "calls" // one row per call
	ExportTable = "table" // per day, workspace and model
)

// ExportFile writes a CSV export to path, whole or not at all.
func (s *Service) ExportFile(ctx context.Context, path, kind string, r Range) error {
	write := s.WriteTableCSV
	if kind == ExportCalls {
		write = s.WriteCallsCSV
	}
	err := atomicfile.Write(path, func(w io.Writer) error { return write(ctx, w, r) })
	if err != nil {
		return fmt.Errorf("export usage: %w", err)
	}
	return nil
}
