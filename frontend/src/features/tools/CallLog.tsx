import { Download, LoaderCircle } from 'lucide-react'
import { errorMessage, toolsApi, type ToolCallEntry } from '@/api'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { useToasts } from '@/components/ui/toast'
import { useWorkspaceTools } from './workspaceStore'

const outcomeVariant = { ok: 'success', error: 'destructive', denied: 'warning', canceled: 'outline' } as const

function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`
}

/** CallLog is the workspace's record of tool calls, hooks and actions: newest first, a page at a time, exportable. */
export function CallLog() {
  const ws = useWorkspaceTools((s) => s.workspaceId)
  const calls = useWorkspaceTools((s) => s.calls)
  const next = useWorkspaceTools((s) => s.next)
  const loading = useWorkspaceTools((s) => s.callsLoading)
  const loadCalls = useWorkspaceTools((s) => s.loadCalls)
  const show = useToasts((s) => s.show)

  const exportAs = async (format: 'csv' | 'jsonl') => {
    try {
      const path = await toolsApi.exportCalls(ws, format)
      if (path) show({ message: `Saved the record to ${path}` })
    } catch (e) {
      show({ message: errorMessage(e), tone: 'error' })
    }
  }

  return (
    <div className="grid gap-2">
      <div className="flex items-center gap-2">
        <p className="flex-1 text-sm text-muted-foreground">Who called what, when, with which arguments, how it was allowed and how it ended.</p>
        <Button variant="outline" size="sm" onClick={() => void exportAs('csv')} disabled={calls.length === 0}>
          <Download /> CSV
        </Button>
        <Button variant="outline" size="sm" onClick={() => void exportAs('jsonl')} disabled={calls.length === 0}>
          <Download /> JSONL
        </Button>
      </div>
      {calls.length === 0 ? (
        <p className="text-sm text-muted-foreground">No calls yet.</p>
      ) : (
        <div className="overflow-x-auto rounded-md border">
          <table className="w-full text-left text-xs" aria-label="Tool calls">
            <thead className="bg-muted/50 text-muted-foreground">
              <tr>
                <th className="px-2 py-1.5 font-medium">When</th>
                <th className="px-2 py-1.5 font-medium">Tool</th>
                <th className="px-2 py-1.5 font-medium">Allowed by</th>
                <th className="px-2 py-1.5 font-medium">Outcome</th>
                <th className="px-2 py-1.5 text-right font-medium">Took</th>
              </tr>
            </thead>
            <tbody>
              {calls.map((c) => (
                <CallRow key={c.id} call={c} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next && (
        <Button variant="outline" size="sm" className="justify-self-center" onClick={() => void loadCalls(true)} disabled={loading}>
          {loading && <LoaderCircle className="animate-spin" />} Load more
        </Button>
      )}
    </div>
  )
}

function CallRow({ call: c }: { call: ToolCallEntry }) {
  return (
    <tr className="border-t align-top">
      <td className="whitespace-nowrap px-2 py-1.5 text-muted-foreground">{new Date(c.createdAt).toLocaleString()}</td>
      <td className="px-2 py-1.5">
        <details>
          <summary className="cursor-pointer">
            <span className="font-mono">
              {c.server}/{c.tool}
            </span>
            {c.kind !== 'tool' && <span className="ml-1 text-muted-foreground">({c.kind})</span>}
          </summary>
          <pre className="mt-1 max-h-40 max-w-md overflow-auto whitespace-pre-wrap break-all rounded bg-muted p-1.5 font-mono">{c.arguments}</pre>
          {c.detail && <p className="mt-1 max-w-md whitespace-pre-wrap break-words text-muted-foreground">{c.detail}</p>}
        </details>
      </td>
      <td className="px-2 py-1.5">{c.decision}</td>
      <td className="px-2 py-1.5">
        <Badge variant={outcomeVariant[c.outcome as keyof typeof outcomeVariant] ?? 'outline'}>{c.outcome}</Badge>
      </td>
      <td className="whitespace-nowrap px-2 py-1.5 text-right text-muted-foreground">{duration(c.durationMs)}</td>
    </tr>
  )
}
