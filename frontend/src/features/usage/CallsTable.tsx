import type { UsageCall } from '@/api'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Breakable, cellGap, fitBox, narrowOnly, wideOnly } from '@/components/ui/fit'
import { cn } from '@/lib/utils'
import { dollars } from './format'

const short: Intl.DateTimeFormatOptions = { dateStyle: 'short', timeStyle: 'short' }

/**
 * CallsTable lists the range's calls, newest first, a page at a time. In a
 * narrow box the workspace and source leave their columns for a line under
 * the model; the time shows to the minute (to the second in its tooltip).
 */
export function CallsTable({
  calls,
  names,
  loading = false,
  hasMore,
  onMore,
}: {
  calls: UsageCall[]
  names: Map<string, string>
  loading?: boolean
  hasMore: boolean
  onMore: () => void
}) {
  if (calls.length === 0) {
    // Not "no calls" before the range's calls have come.
    return <p className="text-sm text-muted-foreground">{loading ? 'Loading…' : 'No model calls in these days.'}</p>
  }
  return (
    <div>
      <div className={fitBox}>
        <table className={cn('w-full text-left text-sm', cellGap)} aria-label="Model calls">
          <thead className="text-xs text-muted-foreground">
            <tr>
              <th className="py-1 font-normal">Time</th>
              <th className={cn('font-normal', wideOnly)}>Workspace</th>
              <th className="font-normal">Model</th>
              <th className={cn('font-normal', wideOnly)}>Source</th>
              <th className="text-right font-normal">Tokens in / out</th>
              <th className="text-right font-normal">Cost</th>
            </tr>
          </thead>
          <tbody>
            {calls.map((c) => {
              const at = new Date(c.at)
              const ws = c.workspaceId ? names.get(c.workspaceId) ?? c.workspaceId : '—'
              return (
                <tr key={c.id} className="border-t align-top">
                  <td className="py-1" title={at.toLocaleString()}>
                    {at.toLocaleString(undefined, short)}
                  </td>
                  <td className={cn('py-1 wrap-anywhere', wideOnly)}>{ws}</td>
                  <td className="py-1">
                    <span className="font-mono text-xs wrap-anywhere">
                      <Breakable text={c.modelRef} />
                    </span>
                    <span className={cn('text-xs text-muted-foreground wrap-anywhere', narrowOnly)} data-testid="narrow-line">
                      {ws} · {c.source}
                    </span>
                  </td>
                  <td className={cn('py-1', wideOnly)}>{c.source}</td>
                  <td className="py-1 text-right tabular-nums" title={c.estimated ? 'estimated: the provider gave no counts' : undefined}>
                    {c.estimated ? '≈' : ''}
                    {c.inputTokens.toLocaleString()} / {c.outputTokens.toLocaleString()}
                  </td>
                  <td className="py-1 text-right tabular-nums">
                    {c.local ? 'local' : c.priced ? dollars(c.costMicros) : <Badge variant="warning" className="whitespace-nowrap">
                        no price
                      </Badge>}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
      {hasMore && (
        <Button variant="outline" size="sm" className="mt-2" onClick={onMore}>
          Load more
        </Button>
      )}
    </div>
  )
}
