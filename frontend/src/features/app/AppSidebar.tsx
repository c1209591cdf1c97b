import { Boxes, Building2, ChartColumn, FileText, FolderKanban, MessageSquare, Settings, Wrench } from 'lucide-react'
import { Sidebar, type NavItem } from '@/components/layout/Sidebar'
import { SyncIndicator } from '@/features/sync/SyncIndicator'
import { WorkspaceSwitcher } from '@/features/workspaces/WorkspaceSwitcher'
import { useWorkspaceStore } from '@/features/workspaces/store'
import { SIDEBAR_SHORTCUT } from './shortcuts'
import { useAppStore, type Page } from './store'

const nav: NavItem<Page>[] = [
  { page: 'chats', label: 'Chats', icon: MessageSquare },
  { page: 'models', label: 'Models', icon: Boxes },
  { page: 'tools', label: 'Tools', icon: Wrench },
  { page: 'documents', label: 'Documents', icon: FileText },
  { page: 'workspaces', label: 'Workspaces', icon: FolderKanban },
  { page: 'usage', label: 'Usage', icon: ChartColumn },
  { page: 'office', label: 'Office', icon: Building2 },
  { page: 'settings', label: 'Settings', icon: Settings },
]

interface AppSidebarProps {
  onNewChat: () => void
  onSearch: () => void
  chatList?: React.ReactNode
}

/**
 * AppSidebar connects the generic Sidebar to the app, workspace and sync
 * stores. Collapsed, it keeps the workspace switcher and the sync state as
 * icons (the switcher also holds the Ctrl+Shift+K shortcut) and leaves out
 * the chat list.
 */
export function AppSidebar({ onNewChat, onSearch, chatList }: AppSidebarProps) {
  const page = useAppStore((s) => s.page)
  const navigate = useAppStore((s) => s.navigate)
  const collapsed = useAppStore((s) => s.sidebarCollapsed)
  const toggle = useAppStore((s) => s.toggleSidebar)
  return (
    <Sidebar
      header={<WorkspaceHeader compact={collapsed} />}
      nav={nav}
      current={page}
      onNavigate={navigate}
      onNewChat={onNewChat}
      onSearch={onSearch}
      chatList={collapsed ? undefined : chatList}
      collapsed={collapsed}
      onToggle={() => void toggle()}
      toggleShortcut={SIDEBAR_SHORTCUT}
    />
  )
}

// Its own component so a workspace switch re-renders only the header, not the
// sidebar or the shell around it.
function WorkspaceHeader({ compact }: { compact: boolean }) {
  const wsId = useWorkspaceStore((s) => s.currentId)
  return (
    <>
      <WorkspaceSwitcher compact={compact} />
      {wsId && <SyncIndicator workspaceId={wsId} compact={compact} className={compact ? 'justify-center' : 'px-1.5 pt-1'} />}
    </>
  )
}
