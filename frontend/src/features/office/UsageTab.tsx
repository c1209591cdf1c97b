import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { Download } from 'lucide-react'
import { officeApi, type AdminWorkspace, type OfficeUsageReport } from '@/api'
import { Button } from '@/components/ui/button'
import { Breakable, cellGap, fitBox, narrowOnly, wideOnly } from '@/components/ui/fit'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { NativeSelect } from '@/components/ui/native-select'
import { dollars, isoDay, timeZone, type RangePreset } from '@/features/usage/format'
import { tokens } from './format'
import { PAGE, Pager } from '@/components/ui/pager'
import { rangeOf } from './range'
import { totalsBy, type UsageTotal } from './summarize'
import { useAdminCall } from './useAdminCall'
import { ErrorLine } from './ErrorLine'
import { cn } from '@/lib/utils'

/** UsageTab shows what members' devices reported: per member and per model, then per member × model × day. */
export function UsageTab() {
  const { error, run } = useAdminCall()
  const [preset, setPreset] = useState<RangePreset>('month')
  const [from, setFrom] = useState(isoDay(new Date()))
  const [to, setTo] = useState(isoDay(new Date()))
  const [workspace, setWorkspace] = useState('')
  const [workspaces, setWorkspaces] = useState<AdminWorkspace[]>([])
  const [report, setReport] = useState<OfficeUsageReport | null>(null)
  const [page, setPage] = useState(0)
  const [saved, setSaved] = useState('')

  useEffect(() => {
    void run(async () => setWorkspaces(await officeApi.workspaces()))
  }, [run])
  const query = useCallback(() => ({ ...rangeOf(preset, new Date(), from, to), tz: timeZone(), workspace }), [preset, from, to, workspace])
  // A report of another range or workspace still on its way when the
  // filter changed must not replace the one asked for last.
  const latest = useRef(0)
  // loading: the numbers shown (if any) are of the previous filter.
  const [loading, setLoading] = useState(true)
  const load = useCallback(async () => {
    const mine = ++latest.current
    setLoading(true)
    await run(async () => {
      const r = await officeApi.usage(query())
      if (mine !== latest.current) return
      setReport(r)
      setPage(0)
    })
    if (mine === latest.current) setLoading(false)
  }, [run, query])
  const exportCSV = async () => {
    const path = await run(() => officeApi.exportUsage(query()))
    if (path) setSaved(`Saved to ${path}`)
  }
  useEffect(() => {
    void load()
  }, [load])

  const rows = useMemo(() => report?.rows ?? [], [report])
  const byMember = useMemo(() => totalsBy(rows, (r) => r.userId, (r) => r.displayName || r.email), [rows])
  const byModel = useMemo(() => totalsBy(rows, (r) => r.model, (r) => r.model), [rows])
  const wsName = (id: string) => workspaces.find((w) => w.id === id)?.name ?? id

  return (
    <div className="@container grid gap-5" data-testid="office-usage">
      <div className="flex flex-wrap items-end gap-3">
        <div className="grid gap-1">
          <Label htmlFor="usage-range">Range</Label>
          <NativeSelect id="usage-range" value={preset} onChange={(e) => setPreset(e.target.value as RangePreset)} className="w-40">
            <option value="month">This month</option>
            <option value="30d">Last 30 days</option>
            <option value="custom">Custom</option>
          </NativeSelect>
        </div>
        {preset === 'custom' && (
          <>
            <div className="grid gap-1">
              <Label htmlFor="usage-from">From</Label>
              <Input id="usage-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
            </div>
            <div className="grid gap-1">
              <Label htmlFor="usage-to">To</Label>
              <Input id="usage-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
            </div>
          </>
        )}
        <div className="grid gap-1">
          <Label htmlFor="usage-ws">Workspace</Label>
          <NativeSelect id="usage-ws" value={workspace} onChange={(e) => setWorkspace(e.target.value)} className="w-52">
            <option value="">All workspaces</option>
            {workspaces.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </NativeSelect>
        </div>
        <Button variant="outline" onClick={() => void exportCSV()} disabled={loading || rows.length === 0}>
          <Download /> Export CSV
        </Button>
      </div>
      {saved && <p className="text-sm text-muted-foreground">{saved}</p>}
      <ErrorLine error={error} />
      {loading && !error && <p className="text-sm text-muted-foreground">Loading the report…</p>}
      {!loading && report && rows.length === 0 && <p className="text-sm text-muted-foreground">No usage reported in this range.</p>}
      {rows.length > 0 && (
        <div className={cn('grid gap-5', loading && 'opacity-60')} aria-busy={loading} data-testid="office-usage-report">
          <div className="grid gap-5 @3xl:grid-cols-2">
            <Totals title="Per member" testId="office-usage-members" totals={byMember} />
            <Totals title="Per model" testId="office-usage-models" totals={byModel} />
          </div>
          <div className={fitBox}>
            <table className={cn('w-full text-sm', cellGap)} data-testid="office-usage-rows">
              <caption className="mb-2 text-left font-medium">Per member, model and day ({report?.tz})</caption>
              <thead className="text-left text-muted-foreground">
                <tr>
                  <th className="py-1">Day</th>
                  <th className={wideOnly}>Member</th>
                  <th className={wideOnly}>Workspace</th>
                  <th>Model</th>
                  <th className={cn('text-right', wideOnly)}>Calls</th>
                  <th className="text-right">Tokens in / out</th>
                  <th className="text-right">Cost</th>
                </tr>
              </thead>
              <tbody>
                {rows.slice(page * PAGE, (page + 1) * PAGE).map((r) => (
                  <tr key={`${r.day}|${r.userId}|${r.workspaceId}|${r.model}`} className="border-t align-top">
                    <td className="whitespace-nowrap py-1">{r.day}</td>
                    <td className={cn('py-1 wrap-anywhere', wideOnly)}>{r.displayName || r.email}</td>
                    <td className={cn('py-1 wrap-anywhere', wideOnly)}>{wsName(r.workspaceId)}</td>
                    <td className="py-1">
                      <span className="wrap-anywhere">
                        <Breakable text={r.model} />
                      </span>
                      <span className={cn('text-xs text-muted-foreground wrap-anywhere', narrowOnly)} data-testid="narrow-line">
                        {r.displayName || r.email} · {wsName(r.workspaceId)} · {r.calls} calls
                      </span>
                    </td>
                    <td className={cn('py-1 text-right', wideOnly)}>{r.calls}</td>
                    <td className="py-1 text-right">
                      {tokens(r.inputTokens)} / {tokens(r.outputTokens)}
                    </td>
                    <td className="py-1 text-right">{dollars(r.costMicros)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={page} total={rows.length} onPage={setPage} />
        </div>
      )}
    </div>
  )
}

function Totals({ title, testId, totals }: { title: string; testId: string; totals: UsageTotal[] }) {
  return (
    <table className={cn('w-full text-sm', cellGap)} data-testid={testId}>
      <caption className="mb-2 text-left font-medium">{title}</caption>
      <tbody>
        {totals.map((t) => (
          <tr key={t.key} className="border-t align-top">
            <td className="py-1 wrap-anywhere">
              <Breakable text={t.label} />
            </td>
            <td className="py-1 text-right text-muted-foreground">{t.calls} calls</td>
            <td className="py-1 text-right text-muted-foreground">{tokens(t.inputTokens + t.outputTokens)} tokens</td>
            <td className="py-1 text-right font-medium">{dollars(t.costMicros)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
