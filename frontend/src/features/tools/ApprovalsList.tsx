import { ShieldCheck } from 'lucide-react'
import { Button } from '@/components/ui/button'
import { useWorkspaceTools } from './workspaceStore'

/** ApprovalsList: the workspace's standing "always allow" answers, each revocable. */
export function ApprovalsList() {
  const approvals = useWorkspaceTools((s) => s.approvals)
  const revoke = useWorkspaceTools((s) => s.revoke)
  if (approvals.length === 0) {
    return <p className="text-sm text-muted-foreground">No standing approvals: every call that is not auto-allowed asks first.</p>
  }
  return (
    <ul className="grid gap-1.5" aria-label="Standing approvals">
      {approvals.map((a) => {
        const what = a.tool ? `${a.server} / ${a.tool}` : `every tool of ${a.server} (destructive ones still ask)`
        return (
          <li key={`${a.serverId}/${a.tool}`} className="flex items-center gap-2 rounded-md border px-3 py-1.5 text-sm">
            <ShieldCheck className="size-4 shrink-0 text-success" />
            <span className="min-w-0 flex-1 truncate">{what}</span>
            <span className="text-xs text-muted-foreground">since {new Date(a.createdAt).toLocaleDateString()}</span>
            <Button variant="ghost" size="sm" aria-label={`Revoke ${a.tool ? `${a.server}/${a.tool}` : a.server}`} onClick={() => void revoke(a)}>
              Revoke
            </Button>
          </li>
        )
      })}
    </ul>
  )
}
