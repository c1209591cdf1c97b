package server

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"time"
	"unicode/utf8"

	"bookbag/backend/syncproto"
)

// Usage events members' devices send, and the reports of them per member,
// model and day.

const (
	maxUsageBatch = 1000
	// usageEpoch is the earliest time an event may carry (2020-01-01 UTC).
	usageEpoch = 1577836800000
	// maxUsageRange bounds a report (a bit over a year).
	maxUsageRange = 400 * 24 * time.Hour
)

func (s *Server) handlePushUsage(ctx context.Context, c *call) error {
	var req syncproto.UsagePushRequest
	if err := c.decode(&req); err != nil {
		return err
	}
	if len(req.Events) > maxUsageBatch {
		return errInvalid("a usage batch holds at most %d events", maxUsageBatch)
	}
	latest := s.now().Add(s.cfg.MaxClockSkew).UnixMilli()
	for i, e := range req.Events {
		if msg := checkUsageEvent(e, latest); msg != "" {
			return errInvalid("event %d: %s", i, msg)
		}
	}
	var out syncproto.UsagePushResponse
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		// The caller may have been removed since the policy check.
		if _, err := s.memberRole(ctx, tx, c.ws, c.user.ID); err != nil {
			return err
		}
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO usage_events (workspace_id, id, user_id, at, model, source,
			input_tokens, output_tokens, cached_tokens, duration_ms, cost_micros, received_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (workspace_id, id) DO NOTHING`)
		if err != nil {
			return fmt.Errorf("prepare: %w", err)
		}
		defer stmt.Close()
		now := s.nowMs()
		for _, e := range req.Events {
			res, err := stmt.ExecContext(ctx, c.ws, e.ID, c.user.ID, e.At, e.Model, e.Source,
				e.InputTokens, e.OutputTokens, e.CachedTokens, e.DurationMs, e.CostMicros, now)
			if err != nil {
				return fmt.Errorf("store usage event: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 1 {
				out.Accepted++
			} else {
				out.Duplicates++
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return c.ok(out)
}

// checkUsageEvent says what is wrong with an event, or "".
func checkUsageEvent(e syncproto.UsageEvent, latest int64) string {
	switch {
	case !validRowID(e.ID):
		return "id must be 1 to 128 letters, digits, '-', '_' or '.'"
	case e.At < usageEpoch || e.At > latest:
		return "at must be a time in unix milliseconds, not in the future"
	case e.Model == "" || len(e.Model) > 200 || !utf8.ValidString(e.Model):
		return "model must be 1 to 200 bytes"
	case e.Source == "" || len(e.Source) > 40 || !utf8.ValidString(e.Source):
		return "source must be 1 to 40 bytes"
	case e.InputTokens < 0 || e.OutputTokens < 0 || e.CachedTokens < 0 || e.DurationMs < 0 || e.CostMicros < 0:
		return "tokens, duration and cost must not be negative"
	}
	return ""
}

func (s *Server) handleWorkspaceUsage(ctx context.Context, c *call) error {
	return s.usageReport(ctx, c, c.ws)
}

func (s *Server) handleAdminUsage(ctx context.Context, c *call) error {
	ws := c.r.URL.Query().Get("workspace")
	if len(ws) > 128 {
		return errInvalid("workspace is too long")
	}
	return s.usageReport(ctx, c, ws)
}

// usageReport answers the usage of workspace ws (every workspace when
// empty) between the query's from and to, per member, model and day in tz.
func (s *Server) usageReport(ctx context.Context, c *call, ws string) error {
	q, err := s.parseUsageQuery(c)
	if err != nil {
		return err
	}
	q.Workspace = ws
	rep, err := s.UsageReport(ctx, q)
	if err != nil {
		return err
	}
	return c.ok(rep)
}

// parseUsageQuery reads from, to (default: the 30 days to now) and tz.
func (s *Server) parseUsageQuery(c *call) (syncproto.UsageQuery, error) {
	var q syncproto.UsageQuery
	var err error
	if q.To, err = queryInt(c.r, "to", 0); err != nil {
		return q, err
	}
	if q.From, err = queryInt(c.r, "from", 0); err != nil {
		return q, err
	}
	if q.To == 0 {
		q.To = s.nowMs()
	}
	if q.From == 0 {
		q.From = q.To - (30 * 24 * time.Hour).Milliseconds()
	}
	if q.From >= q.To || q.To-q.From > maxUsageRange.Milliseconds() {
		return q, errInvalid("from must be before to, at most %d days apart", int(maxUsageRange.Hours()/24))
	}
	q.TZ = c.r.URL.Query().Get("tz")
	return q, nil
}

// UsageReport sums usage events per member, workspace, model and day in
// q.TZ. Go splits the range where the zone's offset changes (DST) and SQL
// adds each part's offset before dividing by a day: integer arithmetic
// both databases do alike, exact for every zone (half-hour ones, DST days
// of 23 and 25 hours), and one group per day rather than per event.
func (s *Server) UsageReport(ctx context.Context, q syncproto.UsageQuery) (syncproto.UsageReport, error) {
	loc, err := usageLocation(q.TZ)
	if err != nil {
		return syncproto.UsageReport{}, err
	}
	rep := syncproto.UsageReport{From: q.From, To: q.To, TZ: loc.String(), Rows: []syncproto.UsageRow{}}
	day := localDaySQL(loc, q.From, q.To)
	sqlq := `SELECT user_id, workspace_id, model, ` + day + `, COUNT(*), SUM(input_tokens), SUM(output_tokens),
		SUM(cached_tokens), SUM(cost_micros) FROM usage_events WHERE at >= $1 AND at < $2`
	args := []any{q.From, q.To}
	if q.Workspace != "" {
		sqlq += ` AND workspace_id = $3`
		args = append(args, q.Workspace)
	}
	sqlq += ` GROUP BY user_id, workspace_id, model, ` + day
	err = s.readTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, sqlq, args...)
		if err != nil {
			return fmt.Errorf("sum usage: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var r syncproto.UsageRow
			var d int64
			if err := rows.Scan(&r.UserID, &r.WorkspaceID, &r.Model, &d, &r.Calls, &r.InputTokens, &r.OutputTokens,
				&r.CachedTokens, &r.CostMicros); err != nil {
				return fmt.Errorf("sum usage: %w", err)
			}
			r.Day = time.UnixMilli(d * msPerDay).UTC().Format(time.DateOnly)
			rep.Rows = append(rep.Rows, r)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("sum usage: %w", err)
		}
		rows.Close()
		return s.nameUsers(ctx, tx, rep.Rows)
	})
	if err != nil {
		return syncproto.UsageReport{}, err
	}
	sort.Slice(rep.Rows, func(i, j int) bool {
		a, b := rep.Rows[i], rep.Rows[j]
		if a.Day != b.Day {
			return a.Day < b.Day
		}
		if a.Email != b.Email {
			return a.Email < b.Email
		}
		if a.Model != b.Model {
			return a.Model < b.Model
		}
		if a.WorkspaceID != b.WorkspaceID {
			return a.WorkspaceID < b.WorkspaceID
		}
		return a.UserID < b.UserID
	})
	return rep, nil
}

const msPerDay = 24 * 60 * 60 * 1000

// localDaySQL is an SQL expression of the column at: the number of the
// local day in loc (days since 1970-01-01 in local wall time), for times in
// [from, to). Its numbers are computed here, never taken from the request.
func localDaySQL(loc *time.Location, from, to int64) string {
	offset := func(t time.Time) int64 {
		_, off := t.Zone()
		return int64(off) * 1000
	}
	t := time.UnixMilli(from).In(loc)
	expr := "CASE"
	for {
		_, end := t.ZoneBounds()
		if end.IsZero() || end.UnixMilli() >= to {
			break
		}
		expr += fmt.Sprintf(" WHEN at < %d THEN %d", end.UnixMilli(), offset(t))
		t = end
	}
	if expr == "CASE" {
		return fmt.Sprintf("((at + %d) / %d)", offset(t), msPerDay)
	}
	return fmt.Sprintf("((at + %s ELSE %d END) / %d)", expr, offset(t), msPerDay)
}

// nameUsers fills the email and display name of the members in rows.
func (s *Server) nameUsers(ctx context.Context, tx *sql.Tx, rows []syncproto.UsageRow) error {
	type name struct{ email, display string }
	names := map[string]name{}
	for _, r := range rows {
		if _, ok := names[r.UserID]; ok {
			continue
		}
		var n name
		err := tx.QueryRowContext(ctx, `SELECT email, display_name FROM users WHERE id = $1`, r.UserID).Scan(&n.email, &n.display)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("load user: %w", err)
		}
		names[r.UserID] = n
	}
	for i := range rows {
		n := names[rows[i].UserID]
		rows[i].Email, rows[i].DisplayName = n.email, n.display
	}
	return nil
}

// usageLocation is the IANA time zone name's location (UTC for "").
func usageLocation(tz string) (*time.Location, error) {
	if tz == "" {
		return time.UTC, nil
	}
	// LoadLocation also reads names like "../x" as files: take zone names only.
	if len(tz) > 64 || tz == "Local" {
		return nil, errInvalid("tz must be an IANA time zone name")
	}
	for _, r := range tz {
		if !(r == '/' || r == '_' || r == '-' || r == '+' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return nil, errInvalid("tz must be an IANA time zone name")
		}
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return nil, errInvalid("tz must be an IANA time zone name")
	}
	return loc, nil
}
