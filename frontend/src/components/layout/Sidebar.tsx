import type { LucideIcon } from 'lucide-react'
import { Plus, Search } from 'lucide-react'
import { Button } from '@/components/ui/button'
import { cn } from '@/lib/utils'

/** One entry of the sidebar's main navigation. */
export interface NavItem<P extends string = string> {
  page: P
  label: string
  icon: LucideIcon
}

interface SidebarProps<P extends string> {
  /** Above New chat: the app shell puts the workspace switcher here. */
  header?: React.ReactNode
  nav: NavItem<P>[]
  /** The page shown now; its entry is marked aria-current. */
  current: P
  onNavigate: (page: P) => void
  onNewChat: () => void
  onSearch: () => void
  chatList?: React.ReactNode
}

/**
 * Sidebar: a header slot, New chat, the chat list and navigation. It reads no
 * store: the app shell (features/app/AppSidebar) connects it, so this stays a
 * layout piece any feature can render.
 */
export function Sidebar<P extends string>({ header, nav, current, onNavigate, onNewChat, onSearch, chatList }: SidebarProps<P>) {
  return (
    <aside className="flex h-full w-64 shrink-0 flex-col border-r bg-sidebar" aria-label="Sidebar">
      <div className="px-1.5 pb-2 pt-2">{header}</div>
      <div className="flex gap-1.5 px-3 pb-2">
        <Button className="flex-1 justify-start" variant="outline" onClick={onNewChat} title="New chat (Ctrl+Shift+O)">
          <Plus /> New chat
        </Button>
        <Button variant="outline" size="icon" className="h-9 w-9" onClick={onSearch} aria-label="Search chats" title="Search (Ctrl+K)">
          <Search />
        </Button>
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto px-2" aria-label="Chat list">
        {chatList ?? <p className="px-2 py-3 text-xs text-muted-foreground">No chats yet.</p>}
      </div>
      <nav className="border-t p-2" aria-label="Main">
        {nav.map(({ page: p, label, icon: Icon }) => (
          <button
            key={p}
            type="button"
            onClick={() => onNavigate(p)}
            aria-current={current === p ? 'page' : undefined}
            className={cn(
              'flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-sm transition-colors',
              current === p ? 'bg-accent font-medium text-accent-foreground' : 'text-muted-foreground hover:bg-accent/60 hover:text-foreground',
            )}
          >
            <Icon className="size-4" /> {label}
          </button>
        ))}
      </nav>
    </aside>
  )
}
