import { useEffect } from 'react'
import { dollars } from './format'
import { useUsageStore } from './store'

/**
 * BudgetNotice is the line above the composer when this month's spending
 * has passed a budget's warning or limit (the workspace's or the app's).
 * It is read when the workspace opens and after each answer.
 */
export function BudgetNotice({ workspaceId, refreshKey }: { workspaceId: string; refreshKey: unknown }) {
  const status = useUsageStore((s) => s.status)
  const loadStatus = useUsageStore((s) => s.loadStatus)
  useEffect(() => {
    if (workspaceId) void loadStatus(workspaceId)
  }, [workspaceId, refreshKey, loadStatus])
  if (!status) return null
  const ws = status.workspace.workspaceId === workspaceId ? status.workspace : null
  const line = (() => {
    if (ws?.hardReached) return `This workspace reached its monthly budget of ${dollars(ws.hardMicros)} (spent ${dollars(ws.spentMicros)}).`
    if (status.app.hardReached) return `BookBag reached its monthly budget of ${dollars(status.app.hardMicros)} (spent ${dollars(status.app.spentMicros)}).`
    if (ws?.softReached) return `This workspace has spent ${dollars(ws.spentMicros)} this month, past its warning of ${dollars(ws.softMicros)}.`
    if (status.app.softReached) return `BookBag has spent ${dollars(status.app.spentMicros)} this month, past the warning of ${dollars(status.app.softMicros)}.`
    return ''
  })()
  if (!line) return null
  const hard = ws?.hardReached || status.app.hardReached
  return (
    <p
      role="status"
      data-testid="budget-notice"
      className={`border-t px-6 py-2 text-sm ${hard ? 'bg-destructive/10 text-destructive' : 'bg-warning/15'}`}
    >
      {line} Budgets are in Usage → Budgets.
    </p>
  )
}
