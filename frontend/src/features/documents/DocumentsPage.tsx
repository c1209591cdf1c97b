import { Page } from '@/components/layout/Page'
import { useCurrentWorkspace } from '@/features/workspaces/store'

/** DocumentsPage lists the current workspace's documents. */
export function DocumentsPage() {
  const ws = useCurrentWorkspace()
  return (
    <Page title="Documents">
      <p className="text-muted-foreground">Documents in {ws?.name ?? 'this workspace'}.</p>
    </Page>
  )
}
