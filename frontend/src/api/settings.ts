import * as Settings from '../../wailsjs/go/settings/API'
import { call } from './errors'
import type { AppSettings, Theme } from './types'

export const settingsApi = {
  get: (): Promise<AppSettings> => call(Settings.Get()),
  setTheme: (theme: Theme): Promise<AppSettings> => call(Settings.SetTheme(theme)),
  setSidebarCollapsed: (collapsed: boolean): Promise<AppSettings> => call(Settings.SetSidebarCollapsed(collapsed)),
  setDisplayName: (name: string): Promise<AppSettings> => call(Settings.SetDisplayName(name)),
  openLogFolder: (): Promise<void> => call(Settings.OpenLogFolder()),
  openDataFolder: (): Promise<void> => call(Settings.OpenDataFolder()),
}
