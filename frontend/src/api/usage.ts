import * as U from '../../wailsjs/go/usage/API'
import type { usage } from '../../wailsjs/go/models'
import { call } from './errors'
import type { Plain } from './types'
import { wire } from './wire'

// Usage and cost (backend/usage): sums per day, model and workspace, the
// calls, CSV exports, the price table and the monthly budgets. Money is in
// micro-USD (millionths of a dollar).

export type UsageRange = Plain<usage.Range>
export type UsageSummary = Plain<usage.Summary>
export type UsageTotals = Plain<usage.Totals>
export type UsageKeyed = Plain<usage.Keyed>
export type UsageDayCell = Plain<usage.DayCell>
export type UsageCall = Plain<usage.Recorded>
export type UsageCallQuery = Plain<usage.CallQuery>
export type UsageCallPage = Plain<usage.CallPage>
export type UsagePrice = Plain<usage.Price>
export type UsageBudget = Plain<usage.Budget>
export type UsageBudgetStatus = Plain<usage.BudgetStatus>
export type UsageExportKind = 'calls' | 'table'

export const usageApi = {
  summary: (r: UsageRange): Promise<UsageSummary> => call(U.Summary(wire(r))),
  calls: (q: UsageCallQuery): Promise<UsageCallPage> => call(U.Calls(wire(q))),
  /** Asks where to save; '' when cancelled. */
  exportCSV: (kind: UsageExportKind, r: UsageRange): Promise<string> => call(U.ExportCSV(kind, wire(r))),
  prices: (): Promise<UsagePrice[]> => call(U.Prices()),
  savePrice: (p: UsagePrice): Promise<UsagePrice> => call(U.SavePrice(wire(p))),
  deletePrice: (id: string): Promise<void> => call(U.DeletePrice(id)),
  restorePresets: (): Promise<UsagePrice[]> => call(U.RestorePresets()),
  budgets: (): Promise<UsageBudget[]> => call(U.Budgets()),
  setBudget: (b: UsageBudget): Promise<void> => call(U.SetBudget(wire(b))),
  budgetStatus: (workspaceId: string): Promise<UsageBudgetStatus> => call(U.BudgetStatus(workspaceId)),
}
