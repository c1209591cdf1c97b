import { useEffect, useMemo, useRef, useState } from 'react'
import { Check, Plus, Settings2 } from 'lucide-react'
import type { Workspace } from '@/api'
import { Dialog, DialogContent, DialogDescription, DialogTitle } from '@/components/ui/dialog'
import { cn } from '@/lib/utils'
import { useAppStore } from '@/features/app/store'
import { matches, useWorkspaceStore } from './store'
import { WorkspaceIcon } from './WorkspaceIcon'

/** SwitcherDialog is the quick workspace switcher (loaded when first opened). */
export function SwitcherDialog({ onClose, onCreate }: { onClose: () => void; onCreate: () => void }) {
  const workspaces = useWorkspaceStore((s) => s.workspaces)
  const currentId = useWorkspaceStore((s) => s.currentId)
  const [query, setQuery] = useState('')
  const [active, setActive] = useState(0)
  const listRef = useRef<HTMLUListElement>(null)

  // Archived workspaces only show when the filter asks for them.
  const shown = useMemo(
    () => workspaces.filter((w) => (query ? matches(w, query) : !w.archivedAt)),
    [workspaces, query],
  )
  useEffect(() => {
    const i = shown.findIndex((w) => w.id === currentId)
    setActive(query ? 0 : Math.max(i, 0))
  }, [query, shown, currentId])
  useEffect(() => {
    listRef.current?.querySelector<HTMLElement>(`[data-index="${active}"]`)?.scrollIntoView?.({ block: 'nearest' })
  }, [active])

  const choose = (w: Workspace | undefined) => {
    if (!w) return
    useWorkspaceStore.getState().setCurrent(w.id)
    useAppStore.getState().navigate('chats')
    onClose()
  }
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault()
      setActive((i) => Math.min(i + 1, shown.length - 1))
    } else if (e.key === 'ArrowUp') {
      e.preventDefault()
      setActive((i) => Math.max(i - 1, 0))
    } else if (e.key === 'Enter') {
      e.preventDefault()
      choose(shown[active])
    }
  }

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent className="max-w-md gap-0 p-0" aria-describedby={undefined}>
        <DialogTitle className="sr-only">Switch workspace</DialogTitle>
        <DialogDescription className="sr-only">Type to filter, arrow keys to move, Enter to open.</DialogDescription>
        <input
          autoFocus
          aria-label="Find a workspace"
          role="combobox"
          aria-expanded
          aria-controls="workspace-switcher-list"
          aria-activedescendant={shown[active] ? `ws-opt-${shown[active].id}` : undefined}
          placeholder="Find a workspace…"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onKeyDown}
          className="h-12 w-full border-b bg-transparent px-4 pr-10 text-sm outline-none"
        />
        <ul id="workspace-switcher-list" ref={listRef} role="listbox" aria-label="Workspaces" className="max-h-80 overflow-y-auto p-1">
          {shown.length === 0 && <li className="px-3 py-6 text-center text-sm text-muted-foreground">No workspace matches “{query}”.</li>}
          {shown.map((w, i) => (
            <li
              key={w.id}
              id={`ws-opt-${w.id}`}
              role="option"
              aria-selected={i === active}
              data-index={i}
              onMouseMove={() => setActive(i)}
              onClick={() => choose(w)}
              className={cn('flex cursor-default items-center gap-2 rounded-md px-2 py-1.5 text-sm', i === active && 'bg-accent')}
            >
              <WorkspaceIcon workspace={w} className="size-6" />
              <span className="min-w-0 flex-1 truncate">{w.name}</span>
              {w.archivedAt > 0 && <span className="text-xs text-muted-foreground">archived</span>}
              {w.id === currentId && <Check className="size-4 text-muted-foreground" aria-label="open" />}
            </li>
          ))}
        </ul>
        <div className="flex gap-1 border-t p-1">
          <button
            type="button"
            className="flex flex-1 items-center gap-2 rounded-md px-2 py-1.5 text-sm hover:bg-accent"
            onClick={() => {
              onClose()
              onCreate()
            }}
          >
            <Plus className="size-4" /> New workspace…
          </button>
          <button
            type="button"
            className="flex flex-1 items-center gap-2 rounded-md px-2 py-1.5 text-sm hover:bg-accent"
            onClick={() => {
              onClose()
              useAppStore.getState().navigate('workspaces')
            }}
          >
            <Settings2 className="size-4" /> Manage workspaces
          </button>
        </div>
      </DialogContent>
    </Dialog>
  )
}
