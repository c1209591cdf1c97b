import { useCallback, useEffect, useState } from 'react'
import { Trash2, X } from 'lucide-react'
import { errorMessage, syncApi, type SyncMembers } from '@/api'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Confirm } from '@/components/ui/confirm'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { NativeSelect } from '@/components/ui/native-select'

interface Props {
  workspaceId: string
}

interface Asking {
  title: string
  description: string
  label: string
  run: () => Promise<unknown>
}

/**
 * MembersPanel lists a shared workspace's members and their roles; workspace
 * admins invite by email, change roles and remove members.
 */
export function MembersPanel({ workspaceId }: Props) {
  const [data, setData] = useState<SyncMembers | null>(null)
  const [error, setError] = useState('')
  const [email, setEmail] = useState('')
  const [role, setRole] = useState('member')
  const [busy, setBusy] = useState(false)
  // asking: the action waiting for the user's yes (remove a member, revoke
  // an invitation, give up one's own admin role).
  const [asking, setAsking] = useState<Asking | null>(null)

  const load = useCallback(async () => {
    try {
      setData(await syncApi.members(workspaceId))
      setError('')
    } catch (e) {
      setError(errorMessage(e))
    }
  }, [workspaceId])
  useEffect(() => {
    void load()
  }, [load])

  const act = async (f: () => Promise<unknown>) => {
    setBusy(true)
    setError('')
    try {
      await f()
      await load()
      return true
    } catch (e) {
      setError(errorMessage(e))
      return false
    } finally {
      setBusy(false)
    }
  }

  const invite = async (e: React.FormEvent) => {
    e.preventDefault()
    if (await act(() => syncApi.invite(workspaceId, email, role))) setEmail('')
  }

  const manage = !!data?.canManage && !data.offline
  return (
    <section className="grid gap-3" aria-label="Members">
      {data?.offline && <p className="text-sm text-muted-foreground">Offline: the members as last seen.</p>}
      <ul className="grid gap-1" aria-label="Member list">
        {data?.members.map((m) => (
          <li key={m.userId} className="flex items-center gap-2 rounded-md border px-3 py-2" aria-label={m.displayName || m.email}>
            <div className="min-w-0 flex-1">
              <div className="truncate text-sm font-medium">
                {m.displayName || m.email} {m.me && <span className="text-muted-foreground">(you)</span>}
              </div>
              <div className="truncate text-xs text-muted-foreground">{m.email}</div>
            </div>
            {manage ? (
              <NativeSelect
                aria-label={`Role of ${m.displayName || m.email}`}
                className="w-28"
                value={m.role}
                disabled={busy}
                onChange={(e) => {
                  const to = e.target.value
                  const run = () => act(() => syncApi.setRole(workspaceId, m.userId, to))
                  if (!(m.me && m.role === 'admin' && to !== 'admin')) return void run()
                  setAsking({
                    title: 'Stop being an admin',
                    description: 'You will no longer invite, remove members or change roles here; only another admin can make you an admin again.',
                    label: 'Stop being an admin',
                    run,
                  })
                }}
              >
                <option value="admin">Admin</option>
                <option value="member">Member</option>
              </NativeSelect>
            ) : (
              <Badge variant={m.role === 'admin' ? 'default' : 'secondary'}>{m.role === 'admin' ? 'Admin' : 'Member'}</Badge>
            )}
            {manage && !m.me && (
              <Button size="icon" variant="ghost" aria-label={`Remove ${m.displayName || m.email}`} disabled={busy} onClick={() =>
                  setAsking({
                    title: 'Remove member',
                    description: `${m.displayName || m.email} will stop receiving this workspace's changes. Their own copy stays on their computer.`,
                    label: 'Remove',
                    run: () => act(() => syncApi.removeMember(workspaceId, m.userId)),
                  })
                }>
                <Trash2 />
              </Button>
            )}
          </li>
        ))}
      </ul>
      {manage && data && data.invitations.length > 0 && (
        <div className="grid gap-1">
          <h3 className="text-sm font-medium">Invitations</h3>
          <ul className="grid gap-1" aria-label="Pending invitations">
            {data.invitations.map((i) => (
              <li key={i.id} className="flex items-center gap-2 text-sm">
                <span className="flex-1 truncate">
                  {i.email} · {i.role}
                </span>
                <Button size="icon" variant="ghost" aria-label={`Revoke invitation of ${i.email}`} disabled={busy}
                  onClick={() =>
                    setAsking({
                      title: 'Revoke invitation',
                      description: `${i.email} will no longer be able to join this workspace with this invitation; you can invite them again later.`,
                      label: 'Revoke',
                      run: () => act(() => syncApi.revokeInvitation(workspaceId, i.id)),
                    })
                  }>
                  <X />
                </Button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {manage && (
        <form onSubmit={invite} className="flex items-end gap-2" aria-label="Invite a member">
          <div className="grid flex-1 gap-1.5">
            <Label htmlFor="sync-invite-email">Invite by email</Label>
            <Input id="sync-invite-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} placeholder="name@example.com" />
          </div>
          <NativeSelect aria-label="Role of the invitee" className="w-28" value={role} onChange={(e) => setRole(e.target.value)}>
            <option value="member">Member</option>
            <option value="admin">Admin</option>
          </NativeSelect>
          <Button type="submit" disabled={busy || !email}>
            Invite
          </Button>
        </form>
      )}
      {error && (
        <p role="alert" className="text-sm text-destructive">
          {error}
        </p>
      )}
      <Confirm
        open={!!asking}
        onOpenChange={(o) => !o && setAsking(null)}
        title={asking?.title ?? ''}
        description={asking?.description ?? ''}
        confirmLabel={asking?.label}
        destructive
        onConfirm={() => {
          const a = asking
          setAsking(null)
          if (a) void a.run()
        }}
      />
    </section>
  )
}
