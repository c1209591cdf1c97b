import * as App from '../../wailsjs/go/main/App'
import { call } from './errors'
import type { AddReport, Bootstrap, ImportResult } from './types'
import { wireBytes } from './wire'

export const appApi = {
  bootstrap: (): Promise<Bootstrap> => call(App.Bootstrap()),
  ready: (screen: string): Promise<void> => call(App.Ready(screen)),
  moveDatabaseAside: (): Promise<string> => call(App.MoveDatabaseAside()),
  restart: (): Promise<void> => call(App.Restart()),
  quit: (): Promise<void> => call(App.Quit()),
  /** saveText asks where to save an export and writes it; returns the path or '' if cancelled. */
  saveText: (title: string, defaultName: string, text: string): Promise<string> =>
    call(App.SaveFile(title, defaultName, wireBytes(new TextEncoder().encode(text)))),
  /** importChats opens the native file dialog and imports the chosen chat file. */
  importChats: (workspaceId: string): Promise<ImportResult> => call(App.ImportChats(workspaceId)),
  /** pickDocuments opens the native file (or folder) dialog and adds what is chosen. */
  pickDocuments: (workspaceId: string, chatId = '', folder = false): Promise<AddReport> =>
    call(App.PickDocuments(workspaceId, chatId, folder)),
}
