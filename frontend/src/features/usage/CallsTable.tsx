import type { UsageCall } from '@/api'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { dollars } from './format'

/** CallsTable lists the range's calls, newest first, a page at a time. */
export function CallsTable({ calls, names, hasMore, onMore }: { calls: UsageCall[]; names: Map<string, string>; hasMore: boolean; onMore: () => void }) {
  if (calls.length === 0) return <p className="text-sm text-muted-foreground">No model calls in these days.</p>
  return (
    <div>
      <table className="w-full text-left text-sm" aria-label="Model calls">
        <thead className="text-xs text-muted-foreground">
          <tr>
            <th className="py-1 font-normal">Time</th>
            <th className="font-normal">Workspace</th>
            <th className="font-normal">Model</th>
            <th className="font-normal">Source</th>
            <th className="text-right font-normal">Tokens in / out</th>
            <th className="text-right font-normal">Cost</th>
          </tr>
        </thead>
        <tbody>
          {calls.map((c) => (
            <tr key={c.id} className="border-t">
              <td className="py-1">{new Date(c.at).toLocaleString()}</td>
              <td>{c.workspaceId ? names.get(c.workspaceId) ?? c.workspaceId : '—'}</td>
              <td className="font-mono text-xs">{c.modelRef}</td>
              <td>{c.source}</td>
              <td className="text-right tabular-nums" title={c.estimated ? 'estimated: the provider gave no counts' : undefined}>
                {c.estimated ? '≈' : ''}
                {c.inputTokens.toLocaleString()} / {c.outputTokens.toLocaleString()}
              </td>
              <td className="text-right tabular-nums">
                {c.local ? 'local' : c.priced ? dollars(c.costMicros) : <Badge variant="warning">no price</Badge>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {hasMore && (
        <Button variant="outline" size="sm" className="mt-2" onClick={onMore}>
          Load more
        </Button>
      )}
    </div>
  )
}
