package usage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"bookbag/backend/apperr"
	"bookbag/backend/llm"
	"bookbag/backend/store"
)

// OverBudget is the error code of a call refused by a hard budget.
const OverBudget = apperr.Code("over_budget")

// Budgets lists the budgets set (the app's has WorkspaceID ”).
func (s *Service) Budgets(ctx context.Context) ([]Budget, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT workspace_id, soft_micros, hard_micros FROM usage_budgets ORDER BY workspace_id`)
	if err != nil {
		return nil, fmt.Errorf("list budgets: %w", err)
	}
	defer rows.Close()
	out := []Budget{}
	for rows.Next() {
		var b Budget
		if err := rows.Scan(&b.WorkspaceID, &b.SoftMicros, &b.HardMicros); err != nil {
			return nil, fmt.Errorf("list budgets: %w", err)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// SetBudget sets a workspace's or the app's monthly budget; both limits 0
// removes it.
func (s *Service) SetBudget(ctx context.Context, b Budget) error {
	if b.SoftMicros < 0 || b.HardMicros < 0 {
		return apperr.New(apperr.Invalid, "a budget cannot be negative")
	}
	if b.SoftMicros > 0 && b.HardMicros > 0 && b.SoftMicros > b.HardMicros {
		return apperr.New(apperr.Invalid, "the warning must not be above the hard limit")
	}
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		if b.SoftMicros == 0 && b.HardMicros == 0 {
			_, err := tx.ExecContext(ctx, `DELETE FROM usage_budgets WHERE workspace_id = ?`, b.WorkspaceID)
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO usage_budgets (workspace_id, soft_micros, hard_micros) VALUES (?, ?, ?)
			ON CONFLICT (workspace_id) DO UPDATE SET soft_micros = excluded.soft_micros, hard_micros = excluded.hard_micros`,
			b.WorkspaceID, b.SoftMicros, b.HardMicros)
		return err
	})
	if err != nil {
		return fmt.Errorf("set budget: %w", err)
	}
	return nil
}

// monthStart is the first instant of this calendar month in the device's
// zone.
func (s *Service) monthStart() time.Time {
	now := s.now().In(s.loc)
	return time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, s.loc)
}

// Status is this month's spending against a workspace's budget and the
// app's; workspaceID ” gives the app's in both.
func (s *Service) Status(ctx context.Context, workspaceID string) (BudgetStatus, error) {
	start := s.monthStart()
	from := start.UnixMilli() / bucketMs
	st := BudgetStatus{Month: start.Format("2006-01")}
	var err error
	if st.App, err = s.state(ctx, "", `SELECT COALESCE(SUM(cost_micros), 0) FROM usage_rollup WHERE bucket >= ?`, from); err != nil {
		return BudgetStatus{}, err
	}
	if workspaceID == "" {
		st.Workspace = st.App
		return st, nil
	}
	st.Workspace, err = s.state(ctx, workspaceID,
		`SELECT COALESCE(SUM(cost_micros), 0) FROM usage_rollup WHERE workspace_id = ? AND bucket >= ?`, workspaceID, from)
	return st, err
}

func (s *Service) state(ctx context.Context, workspaceID, spentSQL string, args ...any) (BudgetState, error) {
	b := BudgetState{Budget: Budget{WorkspaceID: workspaceID}}
	err := s.db.R.QueryRowContext(ctx, `SELECT soft_micros, hard_micros FROM usage_budgets WHERE workspace_id = ?`, workspaceID).
		Scan(&b.SoftMicros, &b.HardMicros)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return BudgetState{}, fmt.Errorf("read budget: %w", err)
	}
	if err := s.db.R.QueryRowContext(ctx, spentSQL, args...).Scan(&b.SpentMicros); err != nil {
		return BudgetState{}, fmt.Errorf("read spending: %w", err)
	}
	b.SoftReached = b.SoftMicros > 0 && b.SpentMicros >= b.SoftMicros
	b.HardReached = b.HardMicros > 0 && b.SpentMicros >= b.HardMicros
	return b, nil
}

// Allow refuses a call of modelRef in a workspace (or in none: an empty id) whose
// budget or the app's hard limit is reached this month, with an OverBudget
// error that says so. A local model's calls cost nothing (Record prices
// them at 0), so a spent budget lets them through: the user can go on with
// a model on this machine. An empty modelRef (not known yet) is checked.
func (s *Service) Allow(ctx context.Context, workspaceID, modelRef string) error {
	if ref, err := llm.ParseEmbeddingRef(modelRef); modelRef != "" && err == nil && isLocal(ref.Provider) {
		return nil
	}
	st, err := s.Status(ctx, workspaceID)
	if err != nil {
		return err
	}
	if workspaceID != "" && st.Workspace.HardReached {
		return apperr.New(OverBudget, "This workspace reached its monthly budget of %s (spent %s). Raise it in Usage → Budgets.",
			Dollars(st.Workspace.HardMicros), Dollars(st.Workspace.SpentMicros))
	}
	if st.App.HardReached {
		return apperr.New(OverBudget, "BookBag reached its monthly budget of %s for all workspaces (spent %s). Raise it in Usage → Budgets.",
			Dollars(st.App.HardMicros), Dollars(st.App.SpentMicros))
	}
	return nil
}

// Dollars formats micro-USD as "$1.23" (cents, half up), "$0.0042" below a
// cent. Integer rounding: through a float64, $1.005 showed as "$1.00"
// while the page (JavaScript) shows "$1.01" for the same spending.
func Dollars(micros int64) string {
	sign := ""
	if micros < 0 {
		sign, micros = "-", -micros
	}
	if micros != 0 && micros < 10_000 {
		return fmt.Sprintf("$%s0.%04d", sign, (micros+50)/100)
	}
	cents := (micros + 5_000) / 10_000
	return fmt.Sprintf("$%s%d.%02d", sign, cents/100, cents%100)
}
