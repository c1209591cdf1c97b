import { useEffect, useState } from 'react'
import type { UsageBudget } from '@/api'
import { Button } from '@/components/ui/button'
import { cellGap, fitBox } from '@/components/ui/fit'
import { Input } from '@/components/ui/input'
import { cn } from '@/lib/utils'
import { useWorkspaceStore } from '@/features/workspaces/store'
import { toMicros, usdInput } from './format'
import { useUsageStore } from './store'

/**
 * BudgetsEditor sets the monthly budgets: one for the whole app and one per
 * workspace, each a warning and a hard limit in dollars (empty: none).
 */
export function BudgetsEditor() {
  const budgets = useUsageStore((s) => s.budgets)
  const loadBudgets = useUsageStore((s) => s.loadBudgets)
  const workspaces = useWorkspaceStore((s) => s.workspaces)
  useEffect(() => {
    void loadBudgets()
  }, [loadBudgets])
  const rows = [{ id: '', name: 'All workspaces (the whole app)' }, ...workspaces.map((w) => ({ id: w.id, name: w.name }))]
  return (
    <div className="space-y-1" data-testid="usage-budgets">
      <p className="text-sm text-muted-foreground">
        Per calendar month in this computer&apos;s time zone. Past the warning, the chat says so; at the limit, new answers from cloud models are
        refused until the limit is raised or the month ends (models on this computer still answer).
      </p>
      <div className={fitBox}>
        <table className={cn('w-full text-left text-sm', cellGap)} aria-label="Budgets">
          <thead className="text-xs text-muted-foreground">
            <tr>
              <th className="py-1 font-normal">Scope</th>
              <th className="font-normal">Warning at ($)</th>
              <th className="font-normal">Limit ($)</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <BudgetRow key={r.id || 'app'} name={r.name} budget={budgets.find((b) => b.workspaceId === r.id) ?? { workspaceId: r.id, softMicros: 0, hardMicros: 0 }} />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  )
}

function BudgetRow({ name, budget }: { name: string; budget: UsageBudget }) {
  const setBudget = useUsageStore((s) => s.setBudget)
  const [soft, setSoft] = useState(usdInput(budget.softMicros))
  const [hard, setHard] = useState(usdInput(budget.hardMicros))
  useEffect(() => {
    setSoft(usdInput(budget.softMicros))
    setHard(usdInput(budget.hardMicros))
  }, [budget.softMicros, budget.hardMicros])
  const softM = toMicros(soft)
  const hardM = toMicros(hard)
  const bad = Number.isNaN(softM) || Number.isNaN(hardM)
  const changed = softM !== budget.softMicros || hardM !== budget.hardMicros
  return (
    <tr className="border-t" data-testid={`budget-${budget.workspaceId || 'app'}`}>
      <td className="py-1.5 wrap-anywhere">{name}</td>
      <td>
        <Input aria-label={`Warning for ${name}`} className="w-28" inputMode="decimal" placeholder="none" value={soft} onChange={(e) => setSoft(e.target.value)} />
      </td>
      <td>
        <Input aria-label={`Limit for ${name}`} className="w-28" inputMode="decimal" placeholder="none" value={hard} onChange={(e) => setHard(e.target.value)} />
      </td>
      <td className="text-right">
        <Button size="sm" disabled={bad || !changed} onClick={() => void setBudget({ workspaceId: budget.workspaceId, softMicros: softM, hardMicros: hardM })}>
          Save
        </Button>
      </td>
    </tr>
  )
}
