import { create } from 'zustand'
import { appApi, errorMessage, type Bootstrap } from '@/api'

export type Page = 'chats' | 'models' | 'tools' | 'documents' | 'workspaces' | 'usage' | 'office' | 'settings'

interface AppState {
  status: 'loading' | 'ready' | 'failed'
  error: string
  boot: Bootstrap | null
  page: Page
  load: () => Promise<void>
  navigate: (page: Page) => void
  setFirstRun: (firstRun: boolean) => void
}

/** The app slice: bootstrap data and which page is shown. */
export const useAppStore = create<AppState>((set) => ({
  status: 'loading',
  error: '',
  boot: null,
  page: 'chats',
  load: async () => {
    try {
      const boot = await appApi.bootstrap()
      set({ boot, status: 'ready', error: '' })
    } catch (e) {
      set({ status: 'failed', error: errorMessage(e) })
    }
  },
  navigate: (page) => set({ page }),
  setFirstRun: (firstRun) => set((s) => (s.boot ? { boot: { ...s.boot, firstRun } } : {})),
}))
