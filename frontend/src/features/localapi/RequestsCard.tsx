import { RefreshCw } from 'lucide-react'
import type { LocalApiRequest } from '@/api'
import { REQUESTS_PAGE } from './useLocalApi'
import { Button } from '@/components/ui/button'
import { Pager } from '@/components/ui/pager'
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
          <table className="w-full text-left">
            <thead className="text-xs text-muted-foreground">
              <tr>
                <th className="py-1 font-normal">Time</th>
                <th className="font-normal">Model</th>
                <th className="font-normal">Token</th>
                <th className="font-normal">Status</th>
                <th className="text-right font-normal">Tokens in / out</th>
                <th className="text-right font-normal">Time taken</th>
              </tr>
            </thead>
            <tbody>
              {requests.map((r) => (
                <tr key={r.id} className="border-t" title={r.error || undefined}>
                  <td className="py-1">{new Date(r.createdAt).toLocaleTimeString()}</td>
                  <td className="font-mono text-xs">{r.model}</td>
                  <td>{r.tokenName}</td>
                  <td className={r.status >= 400 ? 'text-destructive' : undefined}>{r.status}</td>
                  <td className="text-right tabular-nums">
                    {r.estimated ? '≈' : ''}
                    {r.inputTokens} / {r.outputTokens}
                  </td>
                  <td className="text-right tabular-nums">{r.durationMs} ms</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Pager page={page} total={total} onPage={onPage} size={REQUESTS_PAGE} />
      </CardContent>
    </Card>
  )
}
