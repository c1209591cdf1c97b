import { useState } from 'react'
import { AlertTriangle, Check, CloudOff, Loader2, RefreshCw } from 'lucide-react'
import type { SyncStatus } from '@/api'
import { Button } from '@/components/ui/button'
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { cn } from '@/lib/utils'
import { ReconnectDialog } from './ReconnectDialog'
import { lastSyncedText, useSyncStatus, useSyncStore } from './store'

/** label is the indicator's short text for a state. */
export function indicatorLabel(st: SyncStatus): string {
  switch (st.state) {
    case 'synced':
      return st.rejections.length > 0 ? `Synced · ${st.rejections.length} refused` : 'Synced'
    case 'syncing':
      return st.pending > 0 ? `Syncing ${st.pending.toLocaleString()}` : 'Syncing…'
    case 'offline':
      return 'Offline'
    case 'error':
      return st.errorCode === 'signed_out' ? 'Signed out' : 'Sync error'
  }
  return ''
}

interface Props {
  workspaceId: string
  className?: string
  /** compact: the icon alone (the collapsed sidebar), the state in its tooltip; the details offer the rest. */
  compact?: boolean
}

/**
 * SyncIndicator shows a linked workspace's sync state (synced, syncing N,
 * offline, error) with Retry and the last synced time; a click opens the
 * details (reason, refused changes, sign in again). Nothing for a workspace
 * that is not shared.
 */
export function SyncIndicator({ workspaceId, className, compact = false }: Props) {
  const st = useSyncStatus(workspaceId)
  const busy = useSyncStore((s) => !!s.busy[workspaceId])
  const retry = useSyncStore((s) => s.retry)
  const [details, setDetails] = useState(false)
  const [reconnect, setReconnect] = useState(false)
  if (!st || !st.linked) return null
  const label = indicatorLabel(st)
  const last = lastSyncedText(st.lastSyncedAt)
  const warn = st.state === 'error' || st.state === 'offline' || st.rejections.length > 0
  const Icon = st.state === 'syncing' ? Loader2 : st.state === 'offline' ? CloudOff : warn ? AlertTriangle : Check
  const canRetry = st.state === 'offline' || (st.state === 'error' && st.errorCode !== 'signed_out')
  return (
    <div
      className={cn('flex items-center gap-1 text-xs', className)}
      data-testid="sync-indicator"
      data-state={st.state}
      role="status"
      aria-label={`Sync: ${label}`}
    >
      <button
        type="button"
        onClick={() => setDetails(true)}
        title={[compact && label, st.error, last].filter(Boolean).join('\n')}
        className={cn(
          'inline-flex items-center gap-1 rounded-md px-1.5 py-0.5 hover:bg-accent',
          st.state === 'synced' && !warn && 'text-muted-foreground',
          warn && 'text-amber-700 dark:text-amber-400',
          st.state === 'error' && 'text-destructive',
        )}
      >
        <Icon className={cn('size-3.5', st.state === 'syncing' && 'animate-spin')} />
        <span className={compact ? 'sr-only' : undefined}>{label}</span>
      </button>
      {canRetry && !compact && (
        <Button size="sm" variant="ghost" className="h-6 px-1.5" onClick={() => void retry(workspaceId)} disabled={busy} aria-label="Retry sync">
          <RefreshCw className={cn('size-3', busy && 'animate-spin')} /> Retry
        </Button>
      )}
      {st.errorCode === 'signed_out' && !compact && (
        <Button size="sm" variant="ghost" className="h-6 px-1.5" onClick={() => setReconnect(true)}>
          Sign in
        </Button>
      )}
      <SyncDetailsDialog
        status={st}
        open={details}
        onOpenChange={setDetails}
        onReconnect={() => {
          setDetails(false)
          setReconnect(true)
        }}
      />
      <ReconnectDialog workspaceId={workspaceId} email={st.email} serverUrl={st.serverUrl} open={reconnect} onOpenChange={setReconnect} />
    </div>
  )
}

interface DetailsProps {
  status: SyncStatus
  open: boolean
  onOpenChange: (open: boolean) => void
  onReconnect: () => void
}

/** SyncDetailsDialog explains a workspace's sync state. */
export function SyncDetailsDialog({ status: st, open, onOpenChange, onReconnect }: DetailsProps) {
  const ws = st.workspaceId
  const busy = useSyncStore((s) => !!s.busy[ws])
  const actionError = useSyncStore((s) => s.actionError[ws] ?? '')
  const { retry, clearRejections } = useSyncStore.getState()
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent aria-describedby={undefined}>
        <DialogHeader>
          <DialogTitle>Sync</DialogTitle>
          <DialogDescription>
            {st.serverUrl} · {st.displayName || st.email} ({st.role || 'member'})
          </DialogDescription>
        </DialogHeader>
        <dl className="grid grid-cols-[8rem_1fr] gap-x-3 gap-y-1 text-sm">
          <dt className="text-muted-foreground">State</dt>
          <dd>{indicatorLabel(st)}</dd>
          <dt className="text-muted-foreground">Last synced</dt>
          <dd>{st.lastSyncedAt ? new Date(st.lastSyncedAt).toLocaleString() : 'never'}</dd>
          <dt className="text-muted-foreground">Waiting to sync</dt>
          <dd>{st.pending.toLocaleString()} change(s)</dd>
        </dl>
        {st.error && (
          <p role="alert" className="rounded-md bg-destructive/10 p-2 text-sm text-destructive">
            {st.error}
          </p>
        )}
        {!st.keychainAvailable && (
          <p className="text-sm text-muted-foreground">
            The system keychain is not available: the session is kept only until BookBag quits.
          </p>
        )}
        {st.rejections.length > 0 && (
          <div className="grid gap-1">
            <h3 className="text-sm font-medium">Changes the server refused (your copy keeps them)</h3>
            <ul className="max-h-40 overflow-y-auto text-xs" aria-label="Refused changes">
              {st.rejections.map((r) => (
                <li key={r.table + r.rowId} className="border-b py-1">
                  {r.reason}
                </li>
              ))}
            </ul>
            <Button size="sm" variant="outline" className="justify-self-start" onClick={() => void clearRejections(ws)}>
              Dismiss
            </Button>
          </div>
        )}
        {actionError && <p role="alert" className="text-sm text-destructive">{actionError}</p>}
        <DialogFooter>
          {st.errorCode === 'signed_out' ? (
            <Button onClick={onReconnect}>Sign in again</Button>
          ) : (
            <Button variant="outline" onClick={() => void retry(ws)} disabled={busy}>
              <RefreshCw className={cn(busy && 'animate-spin')} /> Sync now
            </Button>
          )}
        </DialogFooter>
      </DialogContent>
    </Dialog>
  )
}
