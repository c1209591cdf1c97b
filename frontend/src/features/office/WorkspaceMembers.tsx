import { useEffect, useState } from 'react'
import { officeApi, type ServerMember } from '@/api'
import { Confirm } from '@/components/ui/confirm'
import { NativeSelect } from '@/components/ui/native-select'
import { useAdminCall } from './useAdminCall'
import { ErrorLine } from './ErrorLine'

/**
 * WorkspaceMembers lists a workspace's members and changes their roles (a
 * server admin may, in any workspace), asking first: a select moved by an
 * arrow key would otherwise hand over or take back the workspace at once.
 */
export function WorkspaceMembers({ workspaceId, workspaceName }: { workspaceId: string; workspaceName: string }) {
  const { error, run } = useAdminCall()
  const [members, setMembers] = useState<ServerMember[] | null>(null)
  const [pending, setPending] = useState<{ member: ServerMember; role: string } | null>(null)

  useEffect(() => {
    void run(async () => setMembers((await officeApi.members(workspaceId)).members))
  }, [run, workspaceId])

  const setRole = async (m: ServerMember, role: string) => {
    const next = await run(() => officeApi.setMemberRole(workspaceId, m.userId, role))
    if (next) setMembers((all) => (all ?? []).map((x) => (x.userId === next.userId ? next : x)))
  }

  return (
    <div className="grid gap-1 rounded-lg bg-muted/40 p-3 text-sm" data-testid="office-members" aria-busy={members === null && !error}>
      <ErrorLine error={error} />
      {members === null && !error && <p className="text-muted-foreground">Loading members…</p>}
      {members?.length === 0 && <p className="text-muted-foreground">This workspace has no members.</p>}
      {members?.map((m) => (
        <div key={m.userId} className="flex items-center justify-between gap-3">
          <span>
            {m.displayName || m.email} <span className="text-muted-foreground">{m.email}</span>
          </span>
          <NativeSelect aria-label={`Workspace role of ${m.email}`} value={m.role} onChange={(e) => setPending({ member: m, role: e.target.value })} className="w-28">
            <option value="member">Member</option>
            <option value="admin">Admin</option>
          </NativeSelect>
        </div>
      ))}
      <Confirm
        open={pending !== null}
        onOpenChange={(o) => !o && setPending(null)}
        {...(pending ? asks(pending.member.email, workspaceName, pending.role) : { title: '', description: '', confirmLabel: '' })}
        destructive
        onConfirm={() => {
          const p = pending
          setPending(null)
          if (p) void setRole(p.member, p.role)
        }}
      />
    </div>
  )
}

/** asks words the question before a workspace role changes hands. */
function asks(who: string, ws: string, role: string): { title: string; description: string; confirmLabel: string } {
  return role === 'admin'
    ? { title: `Make ${who} an admin of ${ws}?`, description: 'They will invite and remove members, change roles and may delete the workspace.', confirmLabel: 'Make admin' }
    : { title: `Make ${who} a member of ${ws}?`, description: 'They will no longer manage its members or invitations. Their work in it stays.', confirmLabel: 'Make member' }
}
