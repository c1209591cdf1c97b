import { create } from 'zustand'
import { appApi, errorMessage, settingsApi, type Bootstrap } from '@/api'
import { useToasts } from '@/components/ui/toast'

export type Page = 'chats' | 'models' | 'tools' | 'documents' | 'workspaces' | 'usage' | 'office' | 'settings'

interface AppState {
  status: 'loading' | 'ready' | 'failed'
  error: string
  boot: Bootstrap | null
  page: Page
  /** sidebarCollapsed: the sidebar shows only its narrow rail; remembered in the settings. */
  sidebarCollapsed: boolean
  load: () => Promise<void>
  navigate: (page: Page) => void
  setFirstRun: (firstRun: boolean) => void
  toggleSidebar: () => Promise<void>
}

/** The app slice: bootstrap data, which page is shown and the sidebar's state. */
export const useAppStore = create<AppState>((set, get) => ({
  status: 'loading',
  error: '',
  boot: null,
  page: 'chats',
  sidebarCollapsed: false,
  load: async () => {
    try {
      const boot = await appApi.bootstrap()
      set({ boot, status: 'ready', error: '', sidebarCollapsed: boot.sidebarCollapsed })
    } catch (e) {
      set({ status: 'failed', error: errorMessage(e) })
    }
  },
  navigate: (page) => set({ page }),
  setFirstRun: (firstRun) => set((s) => (s.boot ? { boot: { ...s.boot, firstRun } } : {})),
  toggleSidebar: async () => {
    const collapsed = !get().sidebarCollapsed
    // The layout changes at once; a failure to save only means the next start
    // may not remember it, which the user is told.
    set({ sidebarCollapsed: collapsed })
    try {
      await settingsApi.setSidebarCollapsed(collapsed)
    } catch (e) {
      useToasts.getState().show({ message: `Could not remember the sidebar: ${errorMessage(e)}`, tone: 'error' })
    }
  },
}))
