import * as App from '../../wailsjs/go/main/App'
import { BrowserOpenURL } from '../../wailsjs/runtime/runtime'
import { call } from './errors'
import type { Bootstrap } from './types'

export const appApi = {
  bootstrap: (): Promise<Bootstrap> => call(App.Bootstrap()),
  ready: (screen: string): Promise<void> => call(App.Ready(screen)),
  moveDatabaseAside: (): Promise<string> => call(App.MoveDatabaseAside()),
  restart: (): Promise<void> => call(App.Restart()),
  quit: (): Promise<void> => call(App.Quit()),
  /** openLink opens a web or mail link in the system's browser or mail app (the webview opens no windows of its own). */
  openLink: (url: string): void => BrowserOpenURL(url),
}
