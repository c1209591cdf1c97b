import type { UsageKeyed } from '@/api'
import { Badge } from '@/components/ui/badge'
import { Breakable, cellGap, fitBox, narrowOnly, wideOnly } from '@/components/ui/fit'
import { cn } from '@/lib/utils'
import { dollars } from './format'

/**
 * UsageTable lists the totals per model or per workspace, with the calls that
 * had no price. In a narrow box the calls and cached tokens leave their
 * columns for a line under the name.
 */
export function UsageTable({ title, rows, label }: { title: string; rows: UsageKeyed[]; label: string }) {
  return (
    <div className={fitBox}>
      <table className={cn('w-full text-left text-sm', cellGap)} aria-label={label}>
        <thead className="text-xs text-muted-foreground">
          <tr>
            <th className="py-1 font-normal">{title}</th>
            <th className={cn('text-right font-normal', wideOnly)}>Calls</th>
            <th className="text-right font-normal">Input</th>
            <th className={cn('text-right font-normal', wideOnly)}>Cached</th>
            <th className="text-right font-normal">Output</th>
            <th className="text-right font-normal">Cost</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} className="border-t align-top">
              <td className="py-1">
                <span className={title === 'Model' ? 'font-mono text-xs wrap-anywhere' : 'wrap-anywhere'}>
                  <Breakable text={r.name || r.key} />
                </span>
                {r.unpricedCalls > 0 && (
                  <Badge variant="warning" className="ml-2" title={`${r.unpricedCalls} calls of a model without a price count as $0: add it in Prices`}>
                    no price
                  </Badge>
                )}
                <span className={cn('text-xs text-muted-foreground', narrowOnly)} data-testid="narrow-line">
                  {r.calls.toLocaleString()} calls · {r.cachedTokens.toLocaleString()} cached
                </span>
              </td>
              <td className={cn('py-1 text-right tabular-nums', wideOnly)}>{r.calls.toLocaleString()}</td>
              <td className="py-1 text-right tabular-nums">{r.inputTokens.toLocaleString()}</td>
              <td className={cn('py-1 text-right tabular-nums', wideOnly)}>{r.cachedTokens.toLocaleString()}</td>
              <td className="py-1 text-right tabular-nums">{r.outputTokens.toLocaleString()}</td>
              <td className="py-1 text-right tabular-nums">{dollars(r.costMicros)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
