import { appApi } from '@/api'

// What a link may open: the web and mail, nothing on this machine.
const outside = /^(https?|mailto):/i

/**
 * openOutside opens a web or mail address in the system's browser or mail
 * app; any other is ignored. The webview opens no window for
 * target="_blank" (such a link does nothing) and must never navigate away
 * from the app itself.
 */
export function openOutside(url: string) {
  if (outside.test(url)) appApi.openLink(url)
}

/** outsideClick is a link's click handler that opens url outside the webview instead of following it. */
export function outsideClick(url: string) {
  return (e: { preventDefault: () => void }) => {
    e.preventDefault()
    openOutside(url)
  }
}
