import { Boxes, FileText, FolderKanban, MessageSquare, Plus, Search, Settings } from 'lucide-react'
import { Button } from '@/components/ui/button'
import { cn } from '@/lib/utils'
import { useAppStore, type Page } from '@/features/app/store'
import { WorkspaceSwitcher } from '@/features/workspaces/WorkspaceSwitcher'
import { useWorkspaceStore } from '@/features/workspaces/store'
import { SyncIndicator } from '@/features/sync/SyncIndicator'

const nav: { page: Page; label: string; icon: typeof MessageSquare }[] = [
  { page: 'chats', label: 'Chats', icon: MessageSquare },
  { page: 'models', label: 'Models', icon: Boxes },
  { page: 'documents', label: 'Documents', icon: FileText },
  { page: 'workspaces', label: 'Workspaces', icon: FolderKanban },
  { page: 'settings', label: 'Settings', icon: Settings },
]

interface SidebarProps {
  onNewChat: () => void
  onSearch: () => void
  chatList?: React.ReactNode
}

/** Sidebar: the workspace switcher, New chat, the chat list and navigation. */
export function Sidebar({ onNewChat, onSearch, chatList }: SidebarProps) {
  const page = useAppStore((s) => s.page)
  const navigate = useAppStore((s) => s.navigate)
  const wsId = useWorkspaceStore((s) => s.currentId)
  return (
    <aside className="flex h-full w-64 shrink-0 flex-col border-r bg-sidebar" aria-label="Sidebar">
      <div className="px-1.5 pb-2 pt-2">
        <WorkspaceSwitcher />
        {wsId && <SyncIndicator workspaceId={wsId} className="px-1.5 pt-1" />}
      </div>
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
            onClick={() => navigate(p)}
            aria-current={page === p ? 'page' : undefined}
            className={cn(
              'flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-sm transition-colors',
              page === p ? 'bg-accent font-medium text-accent-foreground' : 'text-muted-foreground hover:bg-accent/60 hover:text-foreground',
            )}
          >
            <Icon className="size-4" /> {label}
          </button>
        ))}
      </nav>
    </aside>
  )
}
