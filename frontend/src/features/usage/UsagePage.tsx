import { lazy, Suspense, useEffect, useMemo, useState } from 'react'
import { Download } from 'lucide-react'
import type { UsageExportKind } from '@/api'
import { Page } from '@/components/layout/Page'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card'
import { Segmented } from '@/components/ui/segmented'
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs'
import { useToasts } from '@/components/ui/toast'
import { useWorkspaceStore } from '@/features/workspaces/store'
import { BudgetsEditor } from './BudgetsEditor'
import { CallsTable } from './CallsTable'
import type { Metric, Split } from './chartData'
import { dollars, tokens } from './format'
import { PricesEditor } from './PricesEditor'
import { RangePicker } from './RangePicker'
import { useUsageStore } from './store'
import { UsageTable } from './UsageTable'

// chart.js loads with the first chart, not with the app.
const UsageChart = lazy(() => import('./UsageChart'))

/** UsagePage shows tokens and cost per day, model and workspace, and edits budgets and prices. */
export function UsagePage() {
  const { summary, calls, next, error, loading, tz, moreCalls, exportCSV } = useUsageStore()
  const workspaces = useWorkspaceStore((s) => s.workspaces)
  const names = useMemo(() => new Map(workspaces.map((w) => [w.id, w.name])), [workspaces])
  const [metric, setMetric] = useState<Metric>('cost')
  const [split, setSplit] = useState<Split>('model')
  const show = useToasts((s) => s.show)
  useEffect(() => {
    // "This month" and "Last 30 days" end today, not on the day the app
    // started: the app stays open across midnight and month ends.
    const { preset, setPreset, load } = useUsageStore.getState()
    void (preset === 'custom' ? load() : setPreset(preset))
  }, [])
  // One export at a time: a second click while the dialog or the file is
  // being written would ask again and write a second file.
  const [exporting, setExporting] = useState(false)
  const doExport = async (kind: UsageExportKind) => {
    setExporting(true)
    try {
      const path = await exportCSV(kind)
      if (path) show({ message: `Saved ${path}` })
    } finally {
      setExporting(false)
    }
  }
  const t = summary?.total
  // Every call of a cloud model without a price (local ones are free, priced at $0): the cost is unknown, not $0.
  const noPrices = !!t && t.calls > 0 && t.unpricedCalls === t.calls
  return (
    <Page
      title="Usage"
      actions={
        <>
          <Button variant="outline" disabled={exporting} onClick={() => void doExport('table')}>
            <Download /> Export table
          </Button>
          <Button variant="outline" disabled={exporting} onClick={() => void doExport('calls')}>
            <Download /> Export calls
          </Button>
        </>
      }
    >
      {/* Above the tabs: a budget or a price refused shows where it was saved. */}
      {error && (
        <p role="alert" className="mb-3 text-sm text-destructive">
          {error}
        </p>
      )}
      <Tabs defaultValue="usage">
        <TabsList>
          <TabsTrigger value="usage">Usage</TabsTrigger>
          <TabsTrigger value="budgets">Budgets</TabsTrigger>
          <TabsTrigger value="prices">Prices</TabsTrigger>
        </TabsList>
        <TabsContent value="usage" className="@container space-y-4">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <RangePicker />
            <span className="text-xs text-muted-foreground">Days in {tz}</span>
          </div>
          <div className="grid grid-cols-2 gap-3 @2xl:grid-cols-4" aria-busy={loading} data-testid="usage-totals">
            <Stat
              label="Cost"
              value={t ? (noPrices ? 'Unknown' : dollars(t.costMicros)) : '—'}
              note={t && t.unpricedCalls > 0 ? (noPrices ? 'No call here has a price: add them in Prices' : `${t.unpricedCalls} calls without a price`) : ''}
            />
            <Stat label="Calls" value={t ? t.calls.toLocaleString() : '—'} />
            <Stat label="Input tokens" value={t ? tokens(t.inputTokens) : '—'} note={t && t.cachedTokens > 0 ? `${tokens(t.cachedTokens)} cached` : ''} />
            <Stat label="Output tokens" value={t ? tokens(t.outputTokens) : '—'} />
          </div>
          {/* No calls: the calls card below says so, without an empty chart and tables. */}
          {summary && summary.total.calls > 0 && (
            <>
              <Card>
                <CardHeader className="flex-row flex-wrap items-center justify-between gap-2">
                  <CardTitle>Per day</CardTitle>
                  <div className="flex gap-2">
                    <Segmented<Metric> label="Show" value={metric} onChange={setMetric} options={[{ value: 'cost', label: 'Cost' }, { value: 'tokens', label: 'Tokens' }]} />
                    <Segmented<Split> label="Stack by" value={split} onChange={setSplit} options={[{ value: 'model', label: 'Model' }, { value: 'workspace', label: 'Workspace' }]} />
                  </div>
                </CardHeader>
                <CardContent>
                  {metric === 'cost' && noPrices ? (
                    // Bars of $0 would say these calls were free.
                    <div className="flex h-64 flex-col items-center justify-center gap-2 text-center text-sm text-muted-foreground" data-testid="usage-chart-no-prices">
                      <p>No call in these days has a price, so there is no cost to draw.</p>
                      <p>
                        <Button variant="outline" size="sm" onClick={() => setMetric('tokens')}>
                          Show tokens
                        </Button>{' '}
                        or add the models' prices in Prices.
                      </p>
                    </div>
                  ) : (
                    <Suspense fallback={<div className="h-64" aria-busy="true" />}>
                      <UsageChart summary={summary} split={split} metric={metric} />
                    </Suspense>
                  )}
                </CardContent>
              </Card>
              <div className="grid gap-4 @5xl:grid-cols-2">
                <Card>
                  <CardHeader>
                    <CardTitle>Per model</CardTitle>
                  </CardHeader>
                  <CardContent>
                    <UsageTable title="Model" label="Usage per model" rows={summary.byModel} />
                  </CardContent>
                </Card>
                <Card>
                  <CardHeader>
                    <CardTitle>Per workspace</CardTitle>
                  </CardHeader>
                  <CardContent>
                    <UsageTable title="Workspace" label="Usage per workspace" rows={summary.byWorkspace} />
                  </CardContent>
                </Card>
              </div>
            </>
          )}
          <Card>
            <CardHeader>
              <CardTitle>Calls</CardTitle>
            </CardHeader>
            <CardContent>
              <CallsTable calls={calls} names={names} loading={loading} hasMore={next !== ''} onMore={() => void moreCalls()} />
            </CardContent>
          </Card>
        </TabsContent>
        <TabsContent value="budgets">
          <BudgetsEditor />
        </TabsContent>
        <TabsContent value="prices">
          <PricesEditor />
        </TabsContent>
      </Tabs>
    </Page>
  )
}

function Stat({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <div className="rounded-lg border p-3">
      <div className="text-xs text-muted-foreground">{label}</div>
      <div className="text-xl font-semibold tabular-nums" aria-label={label}>
        {value}
      </div>
      {note && (
        <Badge variant="warning" className="mt-1">
          {note}
        </Badge>
      )}
    </div>
  )
}
