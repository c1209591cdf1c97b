package usage

import (
	"context"
	"fmt"
	"sort"
	"time"

	_ "time/tzdata" // the webview's zone must load on a system without zoneinfo (Windows)

	"bookbag/backend/apperr"
	"bookbag/backend/store"
)

// maxDays bounds a range (a few years of days).
const maxDays = 3 * 366

// days resolves a range to its day labels and the unix ms each day starts
// at, plus the end of the last day: len(starts) == len(labels)+1.
func days(r Range) ([]string, []int64, error) {
	labels, starts, _, err := zoneDays(r)
	return labels, starts, err
}

// zoneDays is days with the zone's offset (minutes east of UTC) at each
// start.
func zoneDays(r Range) ([]string, []int64, []int, error) {
	loc, err := time.LoadLocation(r.TZ)
	if err != nil {
		return nil, nil, nil, apperr.New(apperr.Invalid, "unknown time zone %q", r.TZ)
	}
	from, err1 := time.ParseInLocation(time.DateOnly, r.From, loc)
	to, err2 := time.ParseInLocation(time.DateOnly, r.To, loc)
	if err1 != nil || err2 != nil {
		return nil, nil, nil, apperr.New(apperr.Invalid, "a range needs two dates (YYYY-MM-DD)")
	}
	if to.Before(from) {
		return nil, nil, nil, apperr.New(apperr.Invalid, "the range ends before it starts")
	}
	var labels []string
	var starts []int64
	for d := from; !d.After(to); {
		if len(labels) == maxDays {
			return nil, nil, nil, apperr.New(apperr.Invalid, "a range is at most %d days", maxDays)
		}
		labels = append(labels, d.Format(time.DateOnly))
		starts = append(starts, d.UnixMilli())
		// time.Date normalises: the next midnight, whatever the DST change.
		d = time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, loc)
	}
	starts = append(starts, time.Date(to.Year(), to.Month(), to.Day()+1, 0, 0, 0, 0, loc).UnixMilli())
	offsets := make([]int, len(starts))
	for i, ms := range starts {
		_, sec := time.UnixMilli(ms).In(loc).Zone()
		offsets[i] = sec / 60
	}
	return labels, starts, offsets, nil
}

// segment is a run of days read by one query: regular days (24 hours at
// one offset) from usage_daily, or one day of a DST change from the
// quarter-hour rollup.
type segment struct {
	firstDay   int
	start, end int64 // unix ms
	offset     int   // minutes east of UTC; regular segments only
	regular    bool
}

const dayMs = 24 * 60 * 60 * 1000

// segments splits a range's days into runs of regular days at one offset,
// cut where a DST change makes a day 23 or 25 hours long (that day is a
// segment of its own).
func segments(starts []int64, offsets []int) []segment {
	var out []segment
	for i := 0; i+1 < len(starts); i++ {
		regular := starts[i+1]-starts[i] == dayMs && offsets[i] == offsets[i+1]
		if n := len(out); n > 0 && regular && out[n-1].regular && out[n-1].offset == offsets[i] {
			out[n-1].end = starts[i+1]
			continue
		}
		out = append(out, segment{firstDay: i, start: starts[i], end: starts[i+1], offset: offsets[i], regular: regular})
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

// Groupings of cells: per day and one of these.
const (
	byBoth      = "workspace_id, model_ref"
	byModel     = "'', model_ref"
	byWorkspace = "workspace_id, ''"
)

// cells sums the rollups per day and group (byBoth, byModel or
// byWorkspace) over a range, in no particular order. SQLite sums: the page
// gets a few thousand rows for a year, whatever the number of calls.
func (s *Service) cells(ctx context.Context, r Range, group string) ([]string, []cell, error) {
	labels, starts, offsets, err := zoneDays(r)
	if err != nil {
		return nil, nil, err
	}
	var out []cell
	for _, sg := range segments(starts, offsets) {
		var q string
		var args []any
		if sg.regular {
			if err := s.ensureOffset(ctx, sg.offset); err != nil {
				return nil, nil, err
			}
			first := (sg.start + int64(sg.offset)*60000) / dayMs
			last := first + (sg.end-sg.start)/dayMs
			switch group {
			case byModel:
				q = `SELECT day - ?, '', key, calls, input_tokens, output_tokens, cached_tokens, cost_micros, unpriced
					FROM usage_daily_keys WHERE offset_min = ? AND dim = 'm' AND day >= ? AND day < ?`
			case byWorkspace:
				q = `SELECT day - ?, key, '', calls, input_tokens, output_tokens, cached_tokens, cost_micros, unpriced
					FROM usage_daily_keys WHERE offset_min = ? AND dim = 'w' AND day >= ? AND day < ?`
			default:
				q = `SELECT day - ?, workspace_id, model_ref, calls, input_tokens, output_tokens, cached_tokens, cost_micros, unpriced
					FROM usage_daily WHERE offset_min = ? AND day >= ? AND day < ?`
			}
			args = []any{first, sg.offset, first, last}
		} else {
			q = `SELECT 0, ` + group + `, SUM(calls), SUM(input_tokens), SUM(output_tokens), SUM(cached_tokens),
				SUM(cost_micros), SUM(unpriced) FROM usage_rollup WHERE bucket >= ? AND bucket < ?`
			args = []any{sg.start / bucketMs, sg.end / bucketMs}
		}
		narrowed := r.WorkspaceID != "" || r.Model != ""
		if narrowed && sg.regular && group != byBoth {
			// One workspace or model: its rows of usage_daily, grouped.
			q = `SELECT day - ?, ` + group + `, SUM(calls), SUM(input_tokens), SUM(output_tokens), SUM(cached_tokens),
				SUM(cost_micros), SUM(unpriced) FROM usage_daily WHERE offset_min = ? AND day >= ? AND day < ?`
		}
		if r.WorkspaceID != "" {
			q += ` AND workspace_id = ?`
			args = append(args, r.WorkspaceID)
		}
		if r.Model != "" {
			q += ` AND model_ref = ?`
			args = append(args, r.Model)
		}
		if !sg.regular || narrowed && group != byBoth {
			q += ` GROUP BY 1, 2, 3`
		}
		rows, err := s.db.R.QueryContext(ctx, q, args...)
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
	return labels, out, nil
}

// ensureOffset builds usage_daily for an offset the first time it is asked
// for; from then on each call's insert keeps it up to date (record.go).
// The build and the registration are one write transaction, so no call
// recorded meanwhile is missed or counted twice.
func (s *Service) ensureOffset(ctx context.Context, offset int) error {
	s.mu.Lock()
	known := s.offsets[offset]
	s.mu.Unlock()
	if known {
		return nil
	}
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO usage_daily_offsets (offset_min) VALUES (?) ON CONFLICT DO NOTHING`, offset)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil // built before (another process, or before a restart)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO usage_daily (offset_min, day, workspace_id, model_ref, calls, input_tokens,
			output_tokens, cached_tokens, cost_micros, unpriced)
			SELECT ?, (bucket * 900000 + ? * 60000) / 86400000, workspace_id, model_ref, SUM(calls), SUM(input_tokens),
			SUM(output_tokens), SUM(cached_tokens), SUM(cost_micros), SUM(unpriced) FROM usage_rollup GROUP BY 2, 3, 4`,
			offset, offset)
		if err != nil {
			return err
		}
		for _, k := range [][2]string{{"m", "model_ref"}, {"w", "workspace_id"}} {
			if _, err := tx.ExecContext(ctx, `INSERT INTO usage_daily_keys (offset_min, dim, day, key, calls, input_tokens,
				output_tokens, cached_tokens, cost_micros, unpriced)
				SELECT offset_min, ?, day, `+k[1]+`, SUM(calls), SUM(input_tokens), SUM(output_tokens), SUM(cached_tokens),
				SUM(cost_micros), SUM(unpriced) FROM usage_daily WHERE offset_min = ? GROUP BY day, `+k[1],
				k[0], offset); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("sum usage per day: %w", err)
	}
	s.mu.Lock()
	s.offsets[offset] = true
	s.mu.Unlock()
	return nil
}

// Summarize sums a range per day, model and workspace, days in the range's
// time zone.
func (s *Service) Summarize(ctx context.Context, r Range) (Summary, error) {
	labels, models, err := s.cells(ctx, r, byModel)
	if err != nil {
		return Summary{}, err
	}
	_, wss, err := s.cells(ctx, r, byWorkspace)
	if err != nil {
		return Summary{}, err
	}
	names := s.names(ctx)
	sum := Summary{Range: r, Days: labels, ByModel: []Keyed{}, ByWorkspace: []Keyed{}, ByDayModel: []DayCell{}, ByDayWorkspace: []DayCell{}}
	perModel, perWS := map[string]*Keyed{}, map[string]*Keyed{}
	dayModel, dayWS := map[dayKey]*DayCell{}, map[dayKey]*DayCell{}
	for _, c := range models {
		sum.Total.add(c.Totals)
		addKeyed(perModel, c.model, c.model, c.Totals)
		addDay(dayModel, c.day, c.model, c.Totals)
	}
	for _, c := range wss {
		addKeyed(perWS, c.workspace, nameOr(names, c.workspace), c.Totals)
		addDay(dayWS, c.day, c.workspace, c.Totals)
	}
	sum.ByModel, sum.ByWorkspace = sortedKeyed(perModel), sortedKeyed(perWS)
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

// dayKey names one model's or workspace's day.
type dayKey struct {
	day int
	key string
}

func addDay(m map[dayKey]*DayCell, day int, key string, t Totals) {
	id := dayKey{day, key}
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

func sortedDays(m map[dayKey]*DayCell) []DayCell {
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
