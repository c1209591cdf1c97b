import { useEffect, useState } from 'react'
import { errorMessage, workspacesApi, type WorkspaceOverview } from '@/api'
import { Card } from '@/components/ui/card'
import { formatBytes } from '@/features/models/format'

const num = new Intl.NumberFormat()

/** compact: 1234567 → "1.2M" for chart labels. */
export function compact(n: number): string {
  return new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 }).format(n)
}

/** Overview shows a workspace at a glance: counts, storage and recent token usage. */
export function Overview({ workspaceId }: { workspaceId: string }) {
  const [o, setO] = useState<WorkspaceOverview | null>(null)
  const [error, setError] = useState('')
  useEffect(() => {
    let live = true
    setO(null)
    workspacesApi.overview(workspaceId).then(
      (v) => live && setO(v),
      (e) => live && setError(errorMessage(e)),
    )
    return () => {
      live = false
    }
  }, [workspaceId])

  if (error) return <p role="alert" className="text-sm text-destructive">{error}</p>
  if (!o) return <div aria-busy="true" className="h-40" />
  const stats = [
    { label: 'Chats', value: num.format(o.chats) },
    { label: 'Messages', value: num.format(o.messages) },
    { label: 'Documents', value: num.format(o.documents) },
    { label: 'Chunks', value: num.format(o.chunks) },
    { label: 'Stored files', value: formatBytes(o.storageBytes) },
  ]
  return (
    <div className="grid gap-4">
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-5" aria-label="Workspace counts">
        {stats.map((s) => (
          <Card key={s.label} className="p-3">
            <dt className="text-xs text-muted-foreground">{s.label}</dt>
            <dd className="text-lg font-semibold tabular-nums" data-testid={`overview-${s.label.toLowerCase()}`}>
              {s.value}
            </dd>
          </Card>
        ))}
      </dl>
      <UsageByModel o={o} />
      <UsageByDay o={o} />
    </div>
  )
}

function UsageByModel({ o }: { o: WorkspaceOverview }) {
  const max = Math.max(1, ...o.usage.map((u) => u.input + u.output))
  return (
    <Card className="p-4">
      <h3 className="text-sm font-medium">Tokens per model, last 30 days</h3>
      {o.usage.length === 0 ? (
        <p className="mt-2 text-sm text-muted-foreground">No answers in the last 30 days.</p>
      ) : (
        <ul className="mt-3 grid gap-2" aria-label="Tokens per model">
          {o.usage.map((u) => {
            const total = u.input + u.output
            return (
              <li key={u.modelRef} className="grid gap-1">
                <div className="flex justify-between gap-2 text-xs">
                  <span className="truncate font-medium">{u.modelRef}</span>
                  <span className="shrink-0 tabular-nums text-muted-foreground">
                    {num.format(total)} tokens · {num.format(u.answers)} {u.answers === 1 ? 'answer' : 'answers'}
                    {u.apiRequests > 0 && ` (${num.format(u.apiRequests)} through the local API)`}
                  </span>
                </div>
                <div
                  className="flex h-2.5 overflow-hidden rounded-full bg-muted"
                  role="img"
                  aria-label={`${u.modelRef}: ${num.format(u.input)} in, ${num.format(u.output)} out`}
                >
                  <div className="bg-primary" style={{ width: `${(u.input / max) * 100}%` }} />
                  <div className="bg-primary/50" style={{ width: `${(u.output / max) * 100}%` }} />
                </div>
              </li>
            )
          })}
        </ul>
      )}
      {o.usage.length > 0 && (
        <p className="mt-3 flex gap-3 text-xs text-muted-foreground">
          <span className="flex items-center gap-1">
            <span className="size-2 rounded-full bg-primary" /> input
          </span>
          <span className="flex items-center gap-1">
            <span className="size-2 rounded-full bg-primary/50" /> output
          </span>
        </p>
      )}
    </Card>
  )
}

function UsageByDay({ o }: { o: WorkspaceOverview }) {
  const max = Math.max(1, ...o.daily.map((d) => d.tokens))
  const total = o.daily.reduce((s, d) => s + d.tokens, 0)
  if (total === 0) return null
  const w = 8
  const gap = 2
  const h = 60
  const day = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' })
  return (
    <Card className="p-4">
      <h3 className="text-sm font-medium">Tokens per day</h3>
      <svg
        className="mt-3 text-primary"
        width={o.daily.length * (w + gap)}
        height={h}
        role="img"
        aria-label={`${compact(total)} tokens in the last 30 days`}
      >
        {o.daily.map((d, i) => {
          const bh = d.tokens ? Math.max(2, (d.tokens / max) * h) : 0
          return (
            <rect key={d.day} x={i * (w + gap)} y={h - bh} width={w} height={bh} rx={1.5} fill="currentColor">
              <title>{`${day.format(new Date(d.day))}: ${num.format(d.tokens)} tokens`}</title>
            </rect>
          )
        })}
      </svg>
    </Card>
  )
}
