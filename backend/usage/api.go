package usage

import (
	"context"
	"path/filepath"
	"strings"

	"bookbag/backend/apperr"
	"bookbag/backend/dialog"
)

// API is what the Usage page calls (bound to the webview). Without a
// database (the recovery screen) every call says so.
type API struct {
	ctx     func() context.Context
	svc     *Service
	dialogs dialog.Dialogs
}

// NewAPI binds svc (nil when the database could not be opened).
func NewAPI(ctx func() context.Context, svc *Service, dialogs dialog.Dialogs) *API {
	return &API{ctx: ctx, svc: svc, dialogs: dialogs}
}

func (a *API) ready() error {
	if a.svc == nil {
		return apperr.New(apperr.Unavailable, "usage needs the database, which could not be opened")
	}
	return nil
}

// Summary sums a range per day, model and workspace (days in r.TZ).
func (a *API) Summary(r Range) (Summary, error) {
	if err := a.ready(); err != nil {
		return Summary{}, err
	}
	return a.svc.Summarize(a.ctx(), r)
}

// Calls pages a range's calls, newest first.
func (a *API) Calls(q CallQuery) (CallPage, error) {
	if err := a.ready(); err != nil {
		return CallPage{}, err
	}
	return a.svc.Calls(a.ctx(), q)
}

// ExportCSV asks where to save and writes the range's calls (kind "calls")
// or its table per day, workspace and model ("table"). The path is ” when
// the dialog was cancelled.
func (a *API) ExportCSV(kind string, r Range) (string, error) {
	if err := a.ready(); err != nil {
		return "", err
	}
	if kind != ExportCalls && kind != ExportTable {
		return "", apperr.New(apperr.Invalid, "export %q: want calls or table", kind)
	}
	name := "bookbag-usage-" + kind + "-" + r.From + "-to-" + r.To + ".csv"
	path, err := a.dialogs.SaveFile("Export usage", name, dialog.Filter{Name: "CSV (*.csv)", Pattern: "*.csv"})
	if err != nil {
		return "", apperr.Wrap(err, apperr.Internal, "could not open the save dialog")
	}
	if path == "" {
		return "", nil
	}
	if !strings.EqualFold(filepath.Ext(path), ".csv") {
		path += ".csv"
	}
	return path, a.svc.ExportFile(a.ctx(), path, kind, r)
}

// Prices lists the price table.
func (a *API) Prices() ([]Price, error) {
	if err := a.ready(); err != nil {
		return nil, err
	}
	return a.svc.Prices(a.ctx())
}

// SavePrice adds (empty id) or changes a price.
func (a *API) SavePrice(p Price) (Price, error) {
	if err := a.ready(); err != nil {
		return Price{}, err
	}
	return a.svc.SavePrice(a.ctx(), p)
}

// DeletePrice removes a price.
func (a *API) DeletePrice(id string) error {
	if err := a.ready(); err != nil {
		return err
	}
	return a.svc.DeletePrice(a.ctx(), id)
}

// RestorePresets writes the preset prices again.
func (a *API) RestorePresets() ([]Price, error) {
	if err := a.ready(); err != nil {
		return nil, err
	}
	if err := a.svc.RestorePresets(a.ctx()); err != nil {
		return nil, err
	}
	return a.svc.Prices(a.ctx())
}

// Budgets lists the budgets set.
func (a *API) Budgets() ([]Budget, error) {
	if err := a.ready(); err != nil {
		return nil, err
	}
	return a.svc.Budgets(a.ctx())
}

// SetBudget sets (or, with both limits 0, removes) a budget.
func (a *API) SetBudget(b Budget) error {
	if err := a.ready(); err != nil {
		return err
	}
	return a.svc.SetBudget(a.ctx(), b)
}

// BudgetStatus is this month's spending against a workspace's budget and
// the app's.
func (a *API) BudgetStatus(workspaceID string) (BudgetStatus, error) {
	if err := a.ready(); err != nil {
		return BudgetStatus{}, err
	}
	return a.svc.Status(a.ctx(), workspaceID)
}
