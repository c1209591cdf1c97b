import { lazy, Suspense, useEffect } from 'react'
import { appApi } from '@/api'
import { Sidebar } from '@/components/layout/Sidebar'
import { ChatsPage } from '@/features/chat/ChatsPage'
import { useGlobalShortcuts } from './shortcuts'
import { useAppStore } from './store'

// Pages other than chats load on first visit: less JavaScript before the first screen.
const ModelsPage = lazy(() => import('@/features/models/ModelsPage').then((m) => ({ default: m.ModelsPage })))
const DocumentsPage = lazy(() => import('@/features/documents/DocumentsPage').then((m) => ({ default: m.DocumentsPage })))
const WorkspacesPage = lazy(() => import('@/features/workspaces/WorkspacesPage').then((m) => ({ default: m.WorkspacesPage })))
const SettingsPage = lazy(() => import('@/features/settings/SettingsPage').then((m) => ({ default: m.SettingsPage })))

/** AppShell is the main screen: sidebar and the page in the main pane. */
export function AppShell() {
  const page = useAppStore((s) => s.page)
  const navigate = useAppStore((s) => s.navigate)
  useGlobalShortcuts()

  useEffect(() => {
    // Tell Go the main screen is on screen (the --smoke measurement ends here).
    void appApi.ready('main').catch(() => {})
  }, [])

  return (
    <div className="flex h-full" data-testid="app-shell">
      <Sidebar onNewChat={() => navigate('chats')} />
      <main className="flex min-w-0 flex-1">
        <Suspense fallback={<div className="flex-1" aria-busy="true" />}>
          {page === 'chats' && <ChatsPage />}
          {page === 'models' && <ModelsPage />}
          {page === 'documents' && <DocumentsPage />}
          {page === 'workspaces' && <WorkspacesPage />}
          {page === 'settings' && <SettingsPage />}
        </Suspense>
      </main>
    </div>
  )
}
