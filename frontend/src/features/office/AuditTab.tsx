import { useCallback, useEffect, useRef, useState } from 'react'
import { officeApi, type AdminWorkspace, type AuditEntry, type ServerUser } from '@/api'
import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { NativeSelect } from '@/components/ui/native-select'
import { dayEnd, dayStart, when } from './format'
import { useAdminCall } from './useAdminCall'
import { ErrorLine } from './ErrorLine'

interface Filter {
  action: string
  actor: string
  workspace: string
  from: string
  to: string
}

const empty: Filter = { action: '', actor: '', workspace: '', from: '', to: '' }

/** AuditTab reads the audit log newest first, 50 at a time, filtered by action, person, workspace and dates. */
export function AuditTab() {
  const { error, run } = useAdminCall()
  const [filter, setFilter] = useState<Filter>(empty)
  const [entries, setEntries] = useState<AuditEntry[]>([])
  const [next, setNext] = useState('')
  const [users, setUsers] = useState<ServerUser[]>([])
  const [workspaces, setWorkspaces] = useState<AdminWorkspace[]>([])

  useEffect(() => {
    void run(async () => {
      setUsers(await officeApi.users())
      setWorkspaces(await officeApi.workspaces())
    })
  }, [run])

  // Only the newest request's answer is shown: a filter typed letter by
  // letter, or an older page still loading, must not land on another
  // filter's entries (or twice).
  const latest = useRef(0)
  const [loading, setLoading] = useState(true)
  const page = useCallback(
    async (before: string) => {
      const mine = ++latest.current
      setLoading(true)
      await run(async () => {
        const to = filter.to ? dayEnd(filter.to) : 0
        const p = await officeApi.audit({ before, limit: 50, actor: filter.actor, action: filter.action, workspace: filter.workspace, from: filter.from ? dayStart(filter.from) : 0, to })
        if (mine !== latest.current) return
        setEntries((old) => (before ? [...old, ...p.entries] : p.entries))
        setNext(p.next ?? '')
      })
      if (mine === latest.current) setLoading(false)
    },
    [run, filter],
  )
  useEffect(() => {
    void page('')
  }, [page])

  const who = (id?: string) => (id ? (users.find((u) => u.id === id)?.email ?? id) : 'the server')
  const wsName = (id?: string) => (id ? (workspaces.find((w) => w.id === id)?.name ?? id) : '')
  const set = (k: keyof Filter) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setFilter((f) => ({ ...f, [k]: e.target.value }))

  return (
    <div className="grid gap-4" data-testid="office-audit">
      <div className="flex flex-wrap items-end gap-3">
        <div className="grid gap-1">
          <Label htmlFor="audit-action">Action (e.g. admin. for admins’ changes)</Label>
          <Input id="audit-action" value={filter.action} onChange={set('action')} className="w-56" />
        </div>
        <div className="grid gap-1">
          <Label htmlFor="audit-actor">Person</Label>
          <NativeSelect id="audit-actor" value={filter.actor} onChange={set('actor')} className="w-52">
            <option value="">Anyone</option>
            {users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.email}
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="grid gap-1">
          <Label htmlFor="audit-ws">Workspace</Label>
          <NativeSelect id="audit-ws" value={filter.workspace} onChange={set('workspace')} className="w-44">
            <option value="">Any</option>
            {workspaces.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="grid gap-1">
          <Label htmlFor="audit-from">From</Label>
          <Input id="audit-from" type="date" value={filter.from} onChange={set('from')} />
        </div>
        <div className="grid gap-1">
          <Label htmlFor="audit-to">To</Label>
          <Input id="audit-to" type="date" value={filter.to} onChange={set('to')} />
        </div>
        <Button variant="ghost" onClick={() => setFilter(empty)}>
          Clear filters
        </Button>
      </div>
      <ErrorLine error={error} />
      <ol className="grid text-sm" data-testid="office-audit-entries" aria-busy={loading}>
        {entries.map((e) => (
          <li key={e.id} className="grid grid-cols-[11rem_12rem_1fr] gap-3 border-t py-1.5">
            <span className="text-muted-foreground">{when(e.at)}</span>
            <span className="font-mono text-xs leading-5">{e.action}</span>
            <span>
              {who(e.actorId)}
              {e.workspaceId && <span className="text-muted-foreground"> · {wsName(e.workspaceId)}</span>}
              {e.targetId && e.targetId !== e.actorId && <span className="text-muted-foreground"> · {who(e.targetId)}</span>}
              {e.detail && Object.keys(e.detail).length > 0 && (
                <span className="text-muted-foreground">
                  {' '}
                  · {Object.entries(e.detail).map(([k, v]) => `${k}: ${v}`).join(', ')}
                </span>
              )}
            </span>
          </li>
        ))}
      </ol>
      {entries.length === 0 && !error && <p className="text-sm text-muted-foreground">{loading ? 'Loading the log…' : 'Nothing in the log matches.'}</p>}
      {next && (
        <div>
          <Button variant="outline" disabled={loading} onClick={() => void page(next)}>
            Load older entries
          </Button>
        </div>
      )}
    </div>
  )
}
