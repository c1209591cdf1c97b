import type { UsageKeyed } from '@/api'
import { Badge } from '@/components/ui/badge'
import { dollars } from './format'

/** UsageTable lists the totals per model or per workspace, with the calls that had no price. */
export function UsageTable({ title, rows, label }: { title: string; rows: UsageKeyed[]; label: string }) {
  return (
    <table className="w-full text-left text-sm" aria-label={label}>
      <thead className="text-xs text-muted-foreground">
        <tr>
          <th className="py-1 font-normal">{title}</th>
          <th className="text-right font-normal">Calls</th>
          <th className="text-right font-normal">Input</th>
          <th className="text-right font-normal">Cached</th>
          <th className="text-right font-normal">Output</th>
          <th className="text-right font-normal">Cost</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} className="border-t">
            <td className="py-1">
              <span className={title === 'Model' ? 'font-mono text-xs' : undefined}>{r.name || r.key}</span>
              {r.unpricedCalls > 0 && (
                <Badge variant="warning" className="ml-2" title={`${r.unpricedCalls} calls of a model without a price count as $0: add it in Prices`}>
                  no price
                </Badge>
              )}
            </td>
            <td className="text-right tabular-nums">{r.calls.toLocaleString()}</td>
            <td className="text-right tabular-nums">{r.inputTokens.toLocaleString()}</td>
            <td className="text-right tabular-nums">{r.cachedTokens.toLocaleString()}</td>
            <td className="text-right tabular-nums">{r.outputTokens.toLocaleString()}</td>
            <td className="text-right tabular-nums">{dollars(r.costMicros)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
