import { lazy, Suspense, useCallback, useEffect, useLayoutEffect, useState } from 'react'
import { appApi } from '@/api'
import { Toaster } from '@/components/ui/toast'
import { ChatList } from '@/features/chat/ChatList'
import { ChatsPage } from '@/features/chat/ChatsPage'
import { useChatEvents } from '@/features/chat/events'
import { useRestoreNotice } from '@/features/backup/useRestoreNotice'
import { useScheduleNotice } from '@/features/backup/useScheduleNotice'
import { useChatStore } from '@/features/chat/store'
import { useApprovalEvents, type ApprovalPlace } from '@/features/tools/approvals'
import { useWorkspaceStore } from '@/features/workspaces/store'
import { AppSidebar } from './AppSidebar'
import { useGlobalShortcuts } from './shortcuts'
import { useAppStore } from './store'

// Pages other than chats load on first visit: less JavaScript before the first screen.
const ModelsPage = lazy(() => import('@/features/models/ModelsPage').then((m) => ({ default: m.ModelsPage })))
const ToolsPage = lazy(() => import('@/features/tools/ToolsPage').then((m) => ({ default: m.ToolsPage })))
const DocumentsPage = lazy(() => import('@/features/documents/DocumentsPage').then((m) => ({ default: m.DocumentsPage })))
const WorkspacesPage = lazy(() => import('@/features/workspaces/WorkspacesPage').then((m) => ({ default: m.WorkspacesPage })))
const SearchDialog = lazy(() => import('@/features/chat/SearchDialog').then((m) => ({ default: m.SearchDialog })))
const UsagePage = lazy(() => import('@/features/usage/UsagePage').then((m) => ({ default: m.UsagePage })))
const OfficePage = lazy(() => import('@/features/office/OfficePage').then((m) => ({ default: m.OfficePage })))
const SettingsPage = lazy(() => import('@/features/settings/SettingsPage').then((m) => ({ default: m.SettingsPage })))

/** approvalPlace: a card's chat is on screen when it is the open chat of the Chats page; opening it switches there. */
const approvalPlace: ApprovalPlace = {
  shown: (card) => useAppStore.getState().page === 'chats' && useChatStore.getState().currentId === card.chatId,
  open: (card) => {
    useAppStore.getState().navigate('chats')
    if (useWorkspaceStore.getState().currentId !== card.workspaceId) useWorkspaceStore.getState().setCurrent(card.workspaceId)
    void useChatStore.getState().open(card.chatId)
  },
}

/** AppShell is the main screen: sidebar and the page in the main pane. */
export function AppShell() {
  const page = useAppStore((s) => s.page)
  const navigate = useAppStore((s) => s.navigate)
  const [searchOpen, setSearchOpen] = useState(false)
  const newChat = () => {
    const cs = useChatStore.getState()
    cs.newChat()
    cs.setComposerFocus(true)
    navigate('chats')
  }
  const toggleSidebar = useAppStore((s) => s.toggleSidebar)
  useGlobalShortcuts({ onSearch: () => setSearchOpen(true), onNewChat: newChat, onToggleSidebar: () => void toggleSidebar() })
  useChatEvents()
  useApprovalEvents(approvalPlace)
  const openSettings = useCallback(() => navigate('settings'), [navigate])
  useRestoreNotice(openSettings)
  useScheduleNotice(openSettings)

  // Switching workspace shows its chats: a store subscription rather than an
  // effect on currentId, so the list request leaves in the same tick as the
  // click (not after a paint) and the whole shell does not re-render.
  useEffect(() => {
    const show = (wsId: string) => {
      if (!wsId) return
      const cs = useChatStore.getState()
      if (cs.workspaceId !== wsId) cs.newChat()
      void cs.loadList(wsId)
    }
    show(useWorkspaceStore.getState().currentId)
    return useWorkspaceStore.subscribe((s, prev) => {
      if (s.currentId !== prev.currentId) show(s.currentId)
    })
  }, [])

  // Tell Go the main screen is committed to the DOM (the --smoke measurement
  // ends here). A layout effect, so the message goes before the calls that
  // child components make from their own effects to fill in details.
  useLayoutEffect(() => {
    void appApi.ready('main').catch(() => {})
  }, [])

  return (
    <div className="flex h-full" data-testid="app-shell">
      <AppSidebar onNewChat={newChat} onSearch={() => setSearchOpen(true)} chatList={<ChatList />} />
      <main className="flex min-w-0 flex-1">
        <Suspense fallback={<div className="flex-1" aria-busy="true" />}>
          {page === 'chats' && <ChatsPage />}
          {page === 'models' && <ModelsPage />}
          {page === 'tools' && <ToolsPage />}
          {page === 'documents' && <DocumentsPage />}
          {page === 'workspaces' && <WorkspacesPage />}
          {page === 'usage' && <UsagePage />}
          {page === 'office' && <OfficePage />}
          {page === 'settings' && <SettingsPage />}
        </Suspense>
      </main>
      {searchOpen && (
        <Suspense fallback={null}>
          <SearchDialog open={searchOpen} onOpenChange={setSearchOpen} />
        </Suspense>
      )}
      <Toaster />
    </div>
  )
}
