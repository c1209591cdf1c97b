import { AlertTriangle, LoaderCircle } from 'lucide-react'
import type { ToolServerStatus } from '@/api'
import { Badge } from '@/components/ui/badge'

/** statusText is a server's state in words, as the badge says it. */
export function statusText(st: ToolServerStatus): string {
  switch (st.state) {
    case 'ready':
      return `Ready · ${st.tools} ${st.tools === 1 ? 'tool' : 'tools'}`
    case 'starting':
      return 'Starting…'
    case 'failed':
      return 'Failed'
    case 'disabled':
      return 'Disabled'
    default:
      return 'Stopped'
  }
}

const variants = { ready: 'success', starting: 'secondary', failed: 'destructive', disabled: 'outline', stopped: 'outline' } as const

/** ServerStatusBadge: stopped, starting, ready with N tools, failed or disabled. */
export function ServerStatusBadge({ status }: { status: ToolServerStatus }) {
  const v = variants[status.state as keyof typeof variants] ?? 'outline'
  return (
    <Badge variant={v} data-testid="server-status" data-state={status.state} title={status.state === 'stopped' ? 'Starts on first use' : undefined}>
      {status.state === 'starting' && <LoaderCircle className="size-3 animate-spin" />}
      {statusText(status)}
    </Badge>
  )
}

/**
 * ServerProblems shows why a server failed, with the last lines it wrote
 * to stderr (folded: they can be long), and warnings that did not stop it.
 */
export function ServerProblems({ status }: { status: ToolServerStatus }) {
  const failed = status.state === 'failed'
  // Go sends a nil list as null.
  const warnings = status.warnings ?? []
  const stderr = status.stderr ?? []
  if (!failed && warnings.length === 0) return null
  return (
    <div className="grid gap-2 text-sm">
      {failed && (
        <div role="alert" className="rounded-md border border-destructive/40 bg-destructive/5 px-3 py-2 text-destructive">
          <p className="flex items-start gap-2">
            <AlertTriangle className="mt-0.5 size-4 shrink-0" />
            <span className="whitespace-pre-wrap break-words">{status.error || 'The server stopped.'}</span>
          </p>
          {status.nextRetry > Date.now() && (
            <p className="mt-1 text-xs text-muted-foreground">
              Tried again on its next use after {new Date(status.nextRetry).toLocaleTimeString()}, or now with Restart.
            </p>
          )}
          {stderr.length > 0 && (
            <details className="mt-2 text-foreground">
              <summary className="cursor-pointer text-xs text-muted-foreground">Last {stderr.length} lines of its error output</summary>
              <pre className="mt-1 max-h-60 overflow-auto whitespace-pre-wrap rounded bg-muted p-2 font-mono text-xs" data-testid="server-stderr">
                {stderr.join('\n')}
              </pre>
            </details>
          )}
        </div>
      )}
      {warnings.length > 0 && (
        <ul className="grid gap-1 rounded-md border border-warning/50 bg-warning/10 px-3 py-2 text-xs" aria-label="Warnings">
          {warnings.map((w, i) => (
            <li key={i} className="flex items-start gap-2">
              <AlertTriangle className="mt-0.5 size-3.5 shrink-0" /> {w}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
