package usage

import (
	"context"
	"fmt"
	"sort"
	"time"

	_ "time/tzdata" // the webview's zone must load on a system without zoneinfo (Windows)

	"bookbag/backend/apperr"
)

// maxDays bounds a range (a few years of days).
const maxDays = 3 * 366

// days resolves a range to its day labels and the unix ms each day starts
// at, plus the end of the last day: len(starts) == len(labels)+1.
func days(r Range) ([]string, []int64, error) {
	loc, err := time.LoadLocation(r.TZ)
	if err != nil {
		return nil, nil, apperr.New(apperr.Invalid, "unknown time zone %q", r.TZ)
	}
	from, err1 := time.ParseInLocation(time.DateOnly, r.From, loc)
	to, err2 := time.ParseInLocation(time.DateOnly, r.To, loc)
	if err1 != nil || err2 != nil {
		return nil, nil, apperr.New(apperr.Invalid, "a range needs two dates (YYYY-MM-DD)")
	}
	if to.Before(from) {
		return nil, nil, apperr.New(apperr.Invalid, "the range ends before it starts")
	}
	var labels []string
	var starts []int64
	for d := from; !d.After(to); {
		if len(labels) == maxDays {
			return nil, nil, apperr.New(apperr.Invalid, "a range is at most %d days", maxDays)
		}
		labels = append(labels, d.Format(time.DateOnly))
		starts = append(starts, d.UnixMilli())
		// time.Date normalises: the next midnight, whatever the DST change.
		d = time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, loc)
	}
	starts = append(starts, time.Date(to.Year(), to.Month(), to.Day()+1, 0, 0, 0, 0, loc).UnixMilli())
	return labels, starts, nil
}

// segment is a run of days of equal length in buckets: one query groups
// its rollup rows by (bucket - start) / length.
type segment struct {
	firstDay     int
	start, end   int64 // buckets
	lengthBucket int64
}

// segments splits day starts into runs of equal-length days: usually one
// run, cut where a DST change makes a day 23 or 25 hours long.
func segments(starts []int64) []segment {
	var out []segment
	for i := 0; i+1 < len(starts); i++ {
		a, b := starts[i]/bucketMs, starts[i+1]/bucketMs
		if n := len(out); n > 0 && out[n-1].end == a && out[n-1].lengthBucket == b-a {
			out[n-1].end = b
			continue
		}
		out = append(out, segment{firstDay: i, start: a, end: b, lengthBucket: b - a})
	}
	return out
}

// cell is one row of the rollup summed over a day.
type cell struct {
	day       int
	workspace string
	model     string
	Totals
}

// cells sums the rollup per day, workspace and model over a range.
func (s *Service) cells(ctx context.Context, r Range) ([]string, []cell, error) {
	labels, starts, err := days(r)
	if err != nil {
		return nil, nil, err
	}
	var out []cell
	for _, sg := range segments(starts) {
		q := `SELECT (bucket - ?) / ?, workspace_id, model_ref, SUM(calls), SUM(input_tokens), SUM(output_tokens),
			SUM(cached_tokens), SUM(cost_micros), SUM(unpriced) FROM usage_rollup WHERE bucket >= ? AND bucket < ?`
		args := []any{sg.start, sg.lengthBucket, sg.start, sg.end}
		if r.WorkspaceID != "" {
			q += ` AND workspace_id = ?`
			args = append(args, r.WorkspaceID)
		}
		rows, err := s.db.R.QueryContext(ctx, q+` GROUP BY 1, 2, 3`, args...)
		if err != nil {
			return nil, nil, fmt.Errorf("sum usage: %w", err)
		}
		for rows.Next() {
			var c cell
			if err := rows.Scan(&c.day, &c.workspace, &c.model, &c.Calls, &c.InputTokens, &c.OutputTokens,
				&c.CachedTokens, &c.CostMicros, &c.UnpricedCalls); err != nil {
				rows.Close()
				return nil, nil, fmt.Errorf("sum usage: %w", err)
			}
			c.day += sg.firstDay
			out = append(out, c)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, nil, fmt.Errorf("sum usage: %w", err)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.day != b.day {
			return a.day < b.day
		}
		if a.workspace != b.workspace {
			return a.workspace < b.workspace
		}
		return a.model < b.model
	})
	return labels, out, nil
}

// Summarize sums a range per day, model and workspace, days in the range's
// time zone.
func (s *Service) Summarize(ctx context.Context, r Range) (Summary, error) {
	labels, cells, err := s.cells(ctx, r)
	if err != nil {
		return Summary{}, err
	}
	names := s.names(ctx)
	sum := Summary{Range: r, Days: labels, ByModel: []Keyed{}, ByWorkspace: []Keyed{}, ByDayModel: []DayCell{}, ByDayWorkspace: []DayCell{}}
	byModel, byWS := map[string]*Keyed{}, map[string]*Keyed{}
	dayModel, dayWS := map[[2]any]*DayCell{}, map[[2]any]*DayCell{}
	for _, c := range cells {
		sum.Total.add(c.Totals)
		addKeyed(byModel, c.model, c.model, c.Totals)
		addKeyed(byWS, c.workspace, nameOr(names, c.workspace), c.Totals)
		addDay(dayModel, c.day, c.model, c.Totals)
		addDay(dayWS, c.day, c.workspace, c.Totals)
	}
	sum.ByModel, sum.ByWorkspace = sortedKeyed(byModel), sortedKeyed(byWS)
	sum.ByDayModel, sum.ByDayWorkspace = sortedDays(dayModel), sortedDays(dayWS)
	return sum, nil
}

// names are the workspaces' names; a failure leaves ids showing.
func (s *Service) names(ctx context.Context) map[string]string {
	if s.wss == nil {
		return nil
	}
	n, err := s.wss.Names(ctx)
	if err != nil {
		s.log.Warn("name workspaces", "err", err)
	}
	return n
}

func nameOr(names map[string]string, id string) string {
	if id == "" {
		return "(no workspace)"
	}
	if n, ok := names[id]; ok {
		return n
	}
	return id
}

func addKeyed(m map[string]*Keyed, key, name string, t Totals) {
	k := m[key]
	if k == nil {
		k = &Keyed{Key: key, Name: name}
		m[key] = k
	}
	k.add(t)
}

func addDay(m map[[2]any]*DayCell, day int, key string, t Totals) {
	id := [2]any{day, key}
	c := m[id]
	if c == nil {
		c = &DayCell{Day: day, Key: key}
		m[id] = c
	}
	c.add(t)
}

// sortedKeyed orders by cost, then tokens, then key: the biggest first.
func sortedKeyed(m map[string]*Keyed) []Keyed {
	out := make([]Keyed, 0, len(m))
	for _, k := range m {
		out = append(out, *k)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.CostMicros != b.CostMicros {
			return a.CostMicros > b.CostMicros
		}
		if ta, tb := a.InputTokens+a.OutputTokens, b.InputTokens+b.OutputTokens; ta != tb {
			return ta > tb
		}
		return a.Key < b.Key
	})
	return out
}

func sortedDays(m map[[2]any]*DayCell) []DayCell {
	out := make([]DayCell, 0, len(m))
	for _, c := range m {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Day != out[j].Day {
			return out[i].Day < out[j].Day
		}
		return out[i].Key < out[j].Key
	})
	return out
}
