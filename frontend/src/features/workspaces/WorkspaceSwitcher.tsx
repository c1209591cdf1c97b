import { lazy, Suspense, useEffect, useState } from 'react'
import { ChevronsUpDown } from 'lucide-react'
import { EventNames, onEvent, type DataChanged } from '@/api'
import { useAppStore } from '@/features/app/store'
import { isSwitcherShortcut, useCurrentWorkspace, useWorkspaceStore } from './store'
import { WorkspaceIcon } from './WorkspaceIcon'

// The dialogs load when first opened: the sidebar draws without them.
const SwitcherDialog = lazy(() => import('./SwitcherDialog').then((m) => ({ default: m.SwitcherDialog })))
const WorkspaceDialog = lazy(() => import('./WorkspaceDialog').then((m) => ({ default: m.WorkspaceDialog })))

/**
 * WorkspaceSwitcher is the workspace block at the top of the sidebar: it
 * shows the open workspace and opens a quick switcher (also Ctrl+Shift+K)
 * with a filter; switching remembers the workspace for the next start.
 * Compact, in the collapsed sidebar, it is the workspace's icon alone.
 */
export function WorkspaceSwitcher({ compact = false }: { compact?: boolean }) {
  const workspace = useCurrentWorkspace()
  const open = useWorkspaceStore((s) => s.switcherOpen)
  const setOpen = useWorkspaceStore((s) => s.setSwitcherOpen)
  const [creating, setCreating] = useState(false)

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!isSwitcherShortcut(e)) return
      e.preventDefault()
      const st = useWorkspaceStore.getState()
      st.setSwitcherOpen(!st.switcherOpen)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  // Workspaces change behind the UI: an import, a purge, another window.
  useEffect(
    () =>
      onEvent<DataChanged>(EventNames.dataChanged, (p) => {
        if (p.tables?.includes('workspaces')) void useWorkspaceStore.getState().refresh()
      }),
    [],
  )

  return (
    <>
      {compact ? (
        <button
          type="button"
          onClick={() => setOpen(true)}
          aria-label="Switch workspace"
          title={`${workspace?.name ?? 'BookBag'}: switch workspace (Ctrl+Shift+K)`}
          aria-haspopup="dialog"
          className="flex size-9 shrink-0 items-center justify-center rounded-md hover:bg-accent/60"
        >
          <WorkspaceIcon workspace={workspace} />
        </button>
      ) : (
        <button
          type="button"
          onClick={() => setOpen(true)}
          aria-label="Switch workspace"
          title="Switch workspace (Ctrl+Shift+K)"
          aria-haspopup="dialog"
          className="flex w-full items-center gap-2 rounded-md px-1.5 py-1 text-left hover:bg-accent/60"
        >
          <WorkspaceIcon workspace={workspace} />
          <span className="min-w-0 flex-1">
            <span className="block truncate text-sm font-semibold" data-testid="workspace-name">
              {workspace?.name ?? 'BookBag'}
            </span>
            <span className="block text-xs text-muted-foreground">Workspace</span>
          </span>
          <ChevronsUpDown className="size-4 shrink-0 text-muted-foreground" />
        </button>
      )}
      <Suspense fallback={null}>
        {open && <SwitcherDialog onClose={() => setOpen(false)} onCreate={() => setCreating(true)} />}
        {creating && (
          <WorkspaceDialog
            open={creating}
            onOpenChange={setCreating}
            onSaved={(w) => {
              useWorkspaceStore.getState().setCurrent(w.id)
              useAppStore.getState().navigate('chats')
            }}
          />
        )}
      </Suspense>
    </>
  )
}
