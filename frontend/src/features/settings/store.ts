import { create } from 'zustand'
import { errorMessage, settingsApi, type AppSettings, type Theme } from '@/api'

interface SettingsState {
  theme: Theme
  settings: AppSettings | null
  error: string
  setInitialTheme: (t: Theme) => void
  load: () => Promise<void>
  setTheme: (t: Theme) => Promise<void>
  setDisplayName: (name: string) => Promise<boolean>
}

/** The settings slice: theme (applied app-wide) and the Settings page data. */
export const useSettingsStore = create<SettingsState>((set, get) => ({
  theme: 'system',
  settings: null,
  error: '',
  setInitialTheme: (theme) => set({ theme }),
  load: async () => {
    try {
      const settings = await settingsApi.get()
      set({ settings, theme: settings.theme as Theme, error: '' })
    } catch (e) {
      set({ error: errorMessage(e) })
    }
  },
  setTheme: async (theme) => {
    const previous = get().theme
    set({ theme }) // apply at once; roll back if saving fails
    try {
      const settings = await settingsApi.setTheme(theme)
      set({ settings, error: '' })
    } catch (e) {
      set({ theme: previous, error: errorMessage(e) })
    }
  },
  setDisplayName: async (name) => {
    try {
      set({ settings: await settingsApi.setDisplayName(name), error: '' })
      return true
    } catch (e) {
      set({ error: errorMessage(e) })
      return false
    }
  },
}))
