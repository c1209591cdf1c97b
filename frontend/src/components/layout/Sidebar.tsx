import type { LucideIcon } from 'lucide-react'
import { PanelLeftClose, PanelLeftOpen, Plus, Search } from 'lucide-react'
import { Button } from '@/components/ui/button'
import { cn } from '@/lib/utils'

/** One entry of the sidebar's main navigation. */
export interface NavItem<P extends string = string> {
  page: P
  label: string
  icon: LucideIcon
}

interface SidebarProps<P extends string> {
  /** Above New chat: the app shell puts the workspace switcher here (a compact one when collapsed). */
  header?: React.ReactNode
  nav: NavItem<P>[]
  /** The page shown now; its entry is marked aria-current. */
  current: P
  onNavigate: (page: P) => void
  onNewChat: () => void
  onSearch: () => void
  chatList?: React.ReactNode
  /** collapsed: only a narrow rail of icons (toggle, new chat, search, pages); no chat list. */
  collapsed?: boolean
  onToggle?: () => void
  /** The shortcut named in the toggle's tooltip. */
  toggleShortcut?: string
}

const SIDEBAR_ID = 'app-sidebar'

/**
 * Sidebar: a header slot, New chat, the chat list and navigation, or when
 * collapsed a rail of the same actions as icons. It reads no store: the app
 * shell (features/app/AppSidebar) connects it, so this stays a layout piece
 * any feature can render.
 */
export function Sidebar<P extends string>(p: SidebarProps<P>) {
  const { header, nav, current, onNavigate, onNewChat, onSearch, chatList, collapsed = false, onToggle } = p
  const toggle = onToggle && (
    <Button
      variant="ghost"
      size="icon"
      className="h-9 w-9 shrink-0"
      onClick={onToggle}
      aria-label="Toggle sidebar"
      aria-expanded={!collapsed}
      aria-controls={SIDEBAR_ID}
      title={`${collapsed ? 'Show' : 'Hide'} sidebar${p.toggleShortcut ? ` (${p.toggleShortcut})` : ''}`}
    >
      {collapsed ? <PanelLeftOpen /> : <PanelLeftClose />}
    </Button>
  )
  if (collapsed) {
    return (
      <aside id={SIDEBAR_ID} className="flex h-full w-12 shrink-0 flex-col items-center gap-1 overflow-y-auto border-r bg-sidebar py-2" aria-label="Sidebar" data-collapsed="true">
        {toggle}
        {header}
        <Button variant="outline" size="icon" className="h-9 w-9" onClick={onNewChat} aria-label="New chat" title="New chat (Ctrl+Shift+O)">
          <Plus />
        </Button>
        <Button variant="ghost" size="icon" className="h-9 w-9" onClick={onSearch} aria-label="Search chats" title="Search (Ctrl+K)">
          <Search />
        </Button>
        <nav className="mt-auto flex flex-col items-center gap-0.5 border-t pt-2" aria-label="Main">
          <NavButtons nav={nav} current={current} onNavigate={onNavigate} iconsOnly />
        </nav>
      </aside>
    )
  }
  return (
    <aside id={SIDEBAR_ID} className="flex h-full w-64 shrink-0 flex-col border-r bg-sidebar" aria-label="Sidebar" data-collapsed="false">
      <div className="flex items-start gap-1 px-1.5 pb-2 pt-2">
        <div className="min-w-0 flex-1">{header}</div>
        {toggle}
      </div>
      <div className="flex gap-1.5 px-3 pb-2">
        <Button className="flex-1 justify-start" variant="outline" onClick={onNewChat} title="New chat (Ctrl+Shift+O)">
          <Plus /> New chat
        </Button>
        <Button variant="outline" size="icon" className="h-9 w-9" onClick={onSearch} aria-label="Search chats" title="Search (Ctrl+K)">
          <Search />
        </Button>
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto px-2" role="region" aria-label="Chat list">
        {chatList ?? <p className="px-2 py-3 text-xs text-muted-foreground">No chats yet.</p>}
      </div>
      <nav className="border-t p-2" aria-label="Main">
        <NavButtons nav={nav} current={current} onNavigate={onNavigate} />
      </nav>
    </aside>
  )
}

/** NavButtons are the pages' buttons: icon and label, or in the rail the icon named by aria-label and tooltip. */
function NavButtons<P extends string>({ nav, current, onNavigate, iconsOnly = false }: { nav: NavItem<P>[]; current: P; onNavigate: (page: P) => void; iconsOnly?: boolean }) {
  return nav.map(({ page, label, icon: Icon }) => (
    <button
      key={page}
      type="button"
      onClick={() => onNavigate(page)}
      aria-current={current === page ? 'page' : undefined}
      aria-label={iconsOnly ? label : undefined}
      title={iconsOnly ? label : undefined}
      className={cn(
        'flex items-center rounded-md transition-colors',
        iconsOnly ? 'size-8 justify-center' : 'w-full gap-2 px-2 py-1.5 text-sm',
        current === page ? 'bg-accent font-medium text-accent-foreground' : 'text-muted-foreground hover:bg-accent/60 hover:text-foreground',
      )}
    >
      <Icon className="size-4" />
      {!iconsOnly && label}
    </button>
  ))
}
