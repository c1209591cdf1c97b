import { Check } from 'lucide-react'
import { Badge } from '@/components/ui/badge'
import { Card } from '@/components/ui/card'
import { Page } from '@/components/layout/Page'
import { useWorkspaceStore } from './store'

/** WorkspacesPage lists workspaces. */
export function WorkspacesPage() {
  const workspaces = useWorkspaceStore((s) => s.workspaces)
  const currentId = useWorkspaceStore((s) => s.currentId)
  return (
    <Page title="Workspaces">
      <ul className="grid gap-3" aria-label="Workspaces">
        {workspaces.map((w) => (
          <li key={w.id}>
            <Card className="flex items-center gap-3 p-4">
              <div className="flex size-9 items-center justify-center rounded-md bg-primary/10 font-semibold text-primary">
                {w.icon || w.name.slice(0, 1).toUpperCase()}
              </div>
              <div className="min-w-0 flex-1">
                <div className="font-medium">{w.name}</div>
                <div className="text-xs text-muted-foreground">Created {new Date(w.createdAt).toLocaleDateString()}</div>
              </div>
              {w.isDefault && <Badge variant="secondary">Default</Badge>}
              {w.id === currentId && (
                <Badge>
                  <Check className="size-3" /> Open
                </Badge>
              )}
            </Card>
          </li>
        ))}
      </ul>
    </Page>
  )
}
