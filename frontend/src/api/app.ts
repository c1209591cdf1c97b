import * as App from '../../wailsjs/go/main/App'
import { call } from './errors'
import type { AddResult, Bootstrap } from './types'

export const appApi = {
  bootstrap: (): Promise<Bootstrap> => call(App.Bootstrap()),
  ready: (screen: string): Promise<void> => call(App.Ready(screen)),
  moveDatabaseAside: (): Promise<string> => call(App.MoveDatabaseAside()),
  restart: (): Promise<void> => call(App.Restart()),
  quit: (): Promise<void> => call(App.Quit()),
  /** pickDocuments opens the native file (or folder) dialog and adds what is chosen. */
  pickDocuments: (workspaceId: string, chatId = '', folder = false): Promise<AddResult[]> =>
    call(App.PickDocuments(workspaceId, chatId, folder)),
}
