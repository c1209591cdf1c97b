import { useCallback, useEffect, useState } from 'react'
import { officeApi, type AdminWorkspace } from '@/api'
import { Button } from '@/components/ui/button'
import { Progress } from '@/components/ui/progress'
import { binBytes } from './format'
import { QuotaEditor } from './QuotaEditor'
import { WorkspaceMembers } from './WorkspaceMembers'
import { PAGE, Pager } from '@/components/ui/pager'
import { useAdminCall } from './useAdminCall'
import { ErrorLine } from './ErrorLine'

/** WorkspacesTab lists every workspace with its storage against its quota; sets quotas and members' roles. */
export function WorkspacesTab() {
  const { error, run } = useAdminCall()
  const [list, setList] = useState<AdminWorkspace[] | null>(null) // null: not answered yet
  const [open, setOpen] = useState<string | null>(null)
  const [page, setPage] = useState(0)

  const reload = useCallback(() => run(async () => setList(await officeApi.workspaces())), [run])
  useEffect(() => {
    void reload()
  }, [reload])

  const replace = (w: AdminWorkspace) => setList((all) => (all ?? []).map((x) => (x.id === w.id ? w : x)))

  return (
    <div className="grid gap-3" data-testid="office-workspaces" aria-busy={list === null && !error}>
      <ErrorLine error={error} />
      {list === null && !error && <p className="text-sm text-muted-foreground">Loading workspaces…</p>}
      {list?.length === 0 && <p className="text-sm text-muted-foreground">No workspace is shared with this server yet.</p>}
      {(list ?? []).slice(page * PAGE, (page + 1) * PAGE).map((w) => {
        const used = w.quotaBytes > 0 ? (100 * w.usageBytes) / w.quotaBytes : 0
        return (
          <div key={w.id} className="grid gap-2 rounded-xl border p-4" data-testid={`office-ws-${w.name}`}>
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <div>
                <span className="font-medium">{w.name}</span>{' '}
                <span className="text-sm text-muted-foreground">
                  · {w.members} {w.members === 1 ? 'member' : 'members'} · {w.files} {w.files === 1 ? 'file' : 'files'}
                </span>
              </div>
              <span className="text-sm" data-testid="office-ws-storage">
                {binBytes(w.usageBytes)} of {binBytes(w.quotaBytes)}
                {!w.ownQuota && <span className="text-muted-foreground"> (server default)</span>}
              </span>
            </div>
            <Progress value={used} label={`Storage of ${w.name}`} className={used >= 90 ? '[&>div]:bg-destructive' : ''} />
            <div className="flex flex-wrap items-end gap-3">
              <QuotaEditor workspace={w} onSaved={replace} run={run} />
              <Button variant="ghost" size="sm" aria-expanded={open === w.id} onClick={() => setOpen(open === w.id ? null : w.id)}>
                {open === w.id ? 'Hide members' : 'Members'}
              </Button>
            </div>
            {open === w.id && <WorkspaceMembers workspaceId={w.id} workspaceName={w.name} />}
          </div>
        )
      })}
      <Pager page={page} total={list?.length ?? 0} onPage={setPage} />
    </div>
  )
}
