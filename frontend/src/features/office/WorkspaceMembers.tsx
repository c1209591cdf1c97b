import { useEffect, useState } from 'react'
import { officeApi, type ServerMember } from '@/api'
import { NativeSelect } from '@/components/ui/native-select'
import { useAdminCall } from './useAdminCall'
import { ErrorLine } from './ErrorLine'

/** WorkspaceMembers lists a workspace's members and changes their roles (a server admin may, in any workspace). */
export function WorkspaceMembers({ workspaceId }: { workspaceId: string }) {
  const { error, run } = useAdminCall()
  const [members, setMembers] = useState<ServerMember[]>([])

  useEffect(() => {
    void run(async () => setMembers((await officeApi.members(workspaceId)).members))
  }, [run, workspaceId])

  const setRole = async (m: ServerMember, role: string) => {
    const next = await run(() => officeApi.setMemberRole(workspaceId, m.userId, role))
    if (next) setMembers((all) => all.map((x) => (x.userId === next.userId ? next : x)))
  }

  return (
    <div className="grid gap-1 rounded-lg bg-muted/40 p-3 text-sm" data-testid="office-members">
      <ErrorLine error={error} />
      {members.map((m) => (
        <div key={m.userId} className="flex items-center justify-between gap-3">
          <span>
            {m.displayName || m.email} <span className="text-muted-foreground">{m.email}</span>
          </span>
          <NativeSelect aria-label={`Workspace role of ${m.email}`} value={m.role} onChange={(e) => void setRole(m, e.target.value)} className="w-28">
            <option value="member">Member</option>
            <option value="admin">Admin</option>
          </NativeSelect>
        </div>
      ))}
    </div>
  )
}
