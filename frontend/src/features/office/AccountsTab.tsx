import { useCallback, useEffect, useMemo, useState } from 'react'
import { officeApi, type ServerUser } from '@/api'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Confirm } from '@/components/ui/confirm'
import { cellGap, fitBox, narrowOnly, wideOnly } from '@/components/ui/fit'
import { Input } from '@/components/ui/input'
import { NativeSelect } from '@/components/ui/native-select'
import { CreateAccount } from './CreateAccount'
import { when } from './format'
import { PAGE, Pager } from '@/components/ui/pager'
import { useOffice } from './store'
import { useAdminCall } from './useAdminCall'
import { ErrorLine } from './ErrorLine'
import { cn } from '@/lib/utils'

type Pending = { kind: 'disable' | 'reset'; user: ServerUser } | { kind: 'role'; user: ServerUser; role: string } | null

/** AccountsTab lists the server's accounts; creates, disables, re-enables, changes roles and resets passwords. */
export function AccountsTab() {
  const me = useOffice((s) => s.session.account.id)
  const { error, run } = useAdminCall()
  const [users, setUsers] = useState<ServerUser[] | null>(null) // null: not answered yet
  const [filter, setFilter] = useState('')
  const [page, setPage] = useState(0)
  const [pending, setPending] = useState<Pending>(null)
  const [secret, setSecret] = useState<{ email: string; password: string } | null>(null)

  const reload = useCallback(() => run(async () => setUsers(await officeApi.users())), [run])
  useEffect(() => {
    void reload()
  }, [reload])

  const shown = useMemo(() => {
    const f = filter.trim().toLowerCase()
    const all = users ?? []
    return f ? all.filter((u) => u.email.toLowerCase().includes(f) || u.displayName.toLowerCase().includes(f)) : all
  }, [users, filter])

  const update = async (u: ServerUser, req: { role?: string; disabled?: boolean }) => {
    const next = await run(() => officeApi.updateUser(u.id, req))
    if (next) setUsers((all) => (all ?? []).map((x) => (x.id === next.id ? next : x)))
  }
  const reset = async (u: ServerUser) => {
    const r = await run(() => officeApi.resetPassword(u.id, ''))
    if (r?.password) setSecret({ email: u.email, password: r.password })
  }

  return (
    <div className="@container grid gap-4" data-testid="office-accounts">
      <CreateAccount
        onCreated={(res) => {
          if (res.password) setSecret({ email: res.user.email, password: res.password })
          void reload()
        }}
      />
      {secret && (
        <div className="grid gap-1 rounded-lg border border-primary/40 bg-primary/5 p-3 text-sm" data-testid="office-secret">
          <p>
            The password of <strong>{secret.email}</strong>, shown only this once:
          </p>
          <code className="font-mono" data-testid="office-secret-password">
            {secret.password}
          </code>
          <div>
            <Button variant="ghost" size="sm" onClick={() => setSecret(null)}>
              Done
            </Button>
          </div>
        </div>
      )}
      <ErrorLine error={error} />
      <Input aria-label="Find an account" placeholder="Find by email or name" value={filter} onChange={(e) => (setFilter(e.target.value), setPage(0))} className="max-w-xs" />
      <div className={fitBox} aria-busy={users === null && !error}>
        <table className={cn('w-full text-sm', cellGap)} aria-label="Accounts">
          <thead className="text-left text-muted-foreground">
            <tr>
              <th className="py-2">Account</th>
              <th>Role</th>
              <th className={wideOnly}>Created</th>
              <th className="text-right">Actions</th>
            </tr>
          </thead>
          <tbody>
            {shown.slice(page * PAGE, (page + 1) * PAGE).map((u) => (
              <tr key={u.id} className="border-t" data-testid={`office-user-${u.email}`}>
                <td className="py-2">
                  <div className="font-medium wrap-anywhere">{u.displayName || u.email}</div>
                  <div className="text-muted-foreground wrap-anywhere">
                    {u.email} {u.disabled && <Badge variant="secondary">Disabled</Badge>}
                  </div>
                  <div className={cn('text-xs text-muted-foreground', narrowOnly)} data-testid="narrow-line">
                    created {when(u.createdAt)}
                  </div>
                </td>
                <td>
                  <NativeSelect
                    aria-label={`Role of ${u.email}`}
                    value={u.role}
                    disabled={u.id === me}
                    onChange={(e) => setPending({ kind: 'role', user: u, role: e.target.value })}
                    className="w-28"
                  >
                    <option value="member">Member</option>
                    <option value="admin">Admin</option>
                  </NativeSelect>
                </td>
                <td className={cn('text-muted-foreground', wideOnly)}>{when(u.createdAt)}</td>
                <td>
                  <div className="flex flex-wrap justify-end gap-2">
                    <Button variant="outline" size="sm" onClick={() => setPending({ kind: 'reset', user: u })}>
                      Reset password
                    </Button>
                    {u.disabled ? (
                      <Button variant="outline" size="sm" onClick={() => void update(u, { disabled: false })}>
                        Enable
                      </Button>
                    ) : (
                      <Button variant="outline" size="sm" disabled={u.id === me} onClick={() => setPending({ kind: 'disable', user: u })}>
                        Disable
                      </Button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {users === null && !error && <p className="text-sm text-muted-foreground">Loading accounts…</p>}
      {users !== null && shown.length === 0 && !!filter.trim() && <p className="text-sm text-muted-foreground">No account matches “{filter.trim()}”.</p>}
      <Pager page={page} total={shown.length} onPage={setPage} />
      <Confirm
        open={pending !== null}
        onOpenChange={(o) => !o && setPending(null)}
        {...(pending ? asks(pending, pending.user.id === me) : { title: '', description: '', confirmLabel: '' })}
        destructive
        onConfirm={() => {
          const p = pending
          setPending(null)
          if (p?.kind === 'disable') void update(p.user, { disabled: true })
          if (p?.kind === 'reset') void reset(p.user)
          if (p?.kind === 'role') void update(p.user, { role: p.role })
        }}
      />
    </div>
  )
}

/** asks words the question before an action on an account; a server role hands over or takes back the office's keys. */
function asks(p: NonNullable<Pending>, self: boolean): { title: string; description: string; confirmLabel: string } {
  const who = p.user.email
  switch (p.kind) {
    case 'disable':
      return { title: `Disable ${who}?`, description: 'The account is signed out on every device and cannot sign in until enabled again. Its work stays.', confirmLabel: 'Disable' }
    case 'reset':
      return self
        ? {
            title: 'Reset your own password?',
            description: 'A new password is made and shown once. This admin session ends with your other sessions: copy the password before you go on, then sign in again with it.',
            confirmLabel: 'Reset my password',
          }
        : { title: `Reset the password of ${who}?`, description: 'A new password is made and shown once; the account is signed out on every device.', confirmLabel: 'Reset password' }
    case 'role':
      return p.role === 'admin'
        ? { title: `Make ${who} a server admin?`, description: 'They will manage every account, workspace quota and server setting, and read the whole audit log.', confirmLabel: 'Make admin' }
        : { title: `Make ${who} a member?`, description: 'They will no longer manage accounts, quotas or server settings. Their workspaces and work stay.', confirmLabel: 'Make member' }
  }
}
