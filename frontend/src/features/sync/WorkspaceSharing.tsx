import { useState } from 'react'
import { Share2 } from 'lucide-react'
import type { SyncStatus } from '@/api'
import { Button } from '@/components/ui/button'
import { Confirm } from '@/components/ui/confirm'
import { MembersPanel } from './MembersPanel'
import { ReconnectDialog } from './ReconnectDialog'
import { ShareDialog } from './ShareDialog'
import { SyncIndicator } from './SyncIndicator'
import { lastSyncedText, useSyncStatus, useSyncStore } from './store'

interface Props {
  workspaceId: string
  workspaceName: string
  /** Called after joining a workspace from the dialog (to open it). */
  onLinked?: (status: SyncStatus) => void
}

/**
 * WorkspaceSharing is the "Sharing" section of a workspace's settings: the
 * Share with a server button when the workspace is local, else the server,
 * the account, the sync state, members, sign out and stop sharing.
 */
export function WorkspaceSharing({ workspaceId, workspaceName, onLinked }: Props) {
  const st = useSyncStatus(workspaceId)
  const [share, setShare] = useState(false)
  const [reconnect, setReconnect] = useState(false)
  const [unlink, setUnlink] = useState(false)
  const { signOut, unlink: doUnlink } = useSyncStore.getState()
  // busy: a sign-out waits up to 5 s for an unreachable server; the
  // actions wait for it. error: why this section's own action failed (a
  // failed Retry is told by the indicator's details).
  const busy = useSyncStore((s) => !!s.busy[workspaceId])
  const [error, setError] = useState('')
  const act = async (f: (ws: string) => Promise<void>) => {
    setError('')
    await f(workspaceId)
    setError(useSyncStore.getState().actionError[workspaceId] ?? '')
  }
  if (!st) return null
  if (!st.linked) {
    return (
      <section className="grid gap-2" aria-label="Sharing">
        <p className="text-sm text-muted-foreground">This workspace is only on this computer.</p>
        <Button variant="outline" className="justify-self-start" onClick={() => setShare(true)}>
          <Share2 /> Share with a server
        </Button>
        <ShareDialog workspaceId={workspaceId} workspaceName={workspaceName} open={share} onOpenChange={setShare} onLinked={onLinked} />
      </section>
    )
  }
  return (
    <section className="grid gap-3" aria-label="Sharing">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span>
          Shared on <strong>{st.serverUrl}</strong> as {st.displayName || st.email} ({st.role})
        </span>
        <SyncIndicator workspaceId={workspaceId} />
        <span className="text-xs text-muted-foreground">{lastSyncedText(st.lastSyncedAt)}</span>
      </div>
      <div className="flex gap-2">
        {st.signedIn ? (
          <Button size="sm" variant="outline" disabled={busy} onClick={() => void act(signOut)}>
            Sign out
          </Button>
        ) : (
          <Button size="sm" onClick={() => setReconnect(true)}>
            Sign in again
          </Button>
        )}
        <Button size="sm" variant="outline" disabled={busy} onClick={() => setUnlink(true)}>
          Stop sharing on this computer
        </Button>
      </div>
      {error && (
        <p role="alert" className="text-sm text-destructive">
          {error}
        </p>
      )}
      {st.signedIn && <MembersPanel workspaceId={workspaceId} />}
      <ReconnectDialog workspaceId={workspaceId} email={st.email} serverUrl={st.serverUrl} open={reconnect} onOpenChange={setReconnect} />
      <Confirm
        open={unlink}
        onOpenChange={setUnlink}
        title="Stop sharing on this computer"
        description="This computer stops syncing the workspace. Your copy stays here, and the shared workspace stays on the server for its members."
        confirmLabel="Stop sharing"
        onConfirm={() => void act(doUnlink)}
      />
    </section>
  )
}
