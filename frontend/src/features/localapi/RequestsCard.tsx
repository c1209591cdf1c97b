import { RefreshCw } from 'lucide-react'
import type { LocalApiRequest } from '@/api'
import { REQUESTS_PAGE } from './useLocalApi'
import { Button } from '@/components/ui/button'
import { Pager } from '@/components/ui/pager'
import { Breakable, cellGap, fitBox, narrowOnly, wideOnly } from '@/components/ui/fit'
import { cn } from '@/lib/utils'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'

type Props = {
  requests: LocalApiRequest[]
  total: number
  page: number
  onPage: (page: number) => void
  onRefresh: () => void
}

/** RequestsCard lists the requests the local API answered, newest first, a page at a time. */
export function RequestsCard({ requests, total, page, onPage, onRefresh }: Props) {
  return (
    <Card data-testid="localapi-requests">
      <CardHeader className="flex-row items-start justify-between">
        <div>
          <CardTitle>Recent API requests</CardTitle>
          <CardDescription>Token counts are estimated where the provider gave none (marked ≈).</CardDescription>
        </div>
        <Button variant="outline" size="sm" onClick={onRefresh}>
          <RefreshCw /> Refresh
        </Button>
      </CardHeader>
      <CardContent className="text-sm">
        {requests.length === 0 ? (
          <p className="text-muted-foreground">No requests yet.</p>
        ) : (
          <div className={fitBox}>
            <table className={cn('w-full text-left', cellGap)} aria-label="Recent API requests">
              <thead className="text-xs text-muted-foreground">
                <tr>
                  <th className="py-1 font-normal">Time</th>
                  <th className="font-normal">Model</th>
                  <th className={cn('font-normal', wideOnly)}>Token</th>
                  <th className="font-normal">Status</th>
                  <th className="text-right font-normal">Tokens in / out</th>
                  <th className={cn('text-right font-normal', wideOnly)}>Time taken</th>
                </tr>
              </thead>
              <tbody>
                {requests.map((r) => (
                  <tr key={r.id} className="border-t align-top">
                    <td className="whitespace-nowrap py-1">{new Date(r.createdAt).toLocaleTimeString()}</td>
                    <td className="py-1">
                      <span className="font-mono text-xs wrap-anywhere">
                        <Breakable text={r.model} />
                      </span>
                      <span className={cn('text-xs text-muted-foreground wrap-anywhere', narrowOnly)} data-testid="narrow-line">
                        {r.tokenName} · {r.durationMs.toLocaleString()} ms
                      </span>
                      {r.error && (
                        // Why it failed, in view: a tooltip is found by few and read by no screen reader.
                        <span className="block text-xs text-destructive wrap-anywhere" data-testid="request-error">
                          {r.error}
                        </span>
                      )}
                    </td>
                    <td className={cn('py-1 wrap-anywhere', wideOnly)}>{r.tokenName}</td>
                    <td className={cn('py-1', r.status >= 400 && 'text-destructive')}>{r.status}</td>
                    <td className="py-1 text-right tabular-nums">
                      {r.estimated ? '≈' : ''}
                      {r.inputTokens.toLocaleString()} / {r.outputTokens.toLocaleString()}
                    </td>
                    <td className={cn('whitespace-nowrap py-1 text-right tabular-nums', wideOnly)}>{r.durationMs.toLocaleString()} ms</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pager page={page} total={total} onPage={onPage} size={REQUESTS_PAGE} />
      </CardContent>
    </Card>
  )
}
