import type { MouseEvent } from 'react'
import { appApi } from '@/api'

// What a link in an answer may open: the web and mail, nothing on this machine.
const outside = /^(https?|mailto):/i

/**
 * openAnswerLink opens a link clicked in an answer in the system browser. The
 * webview opens no window for target="_blank" (the link did nothing) and must
 * never navigate away from the app itself; any other scheme stays inert.
 */
export function openAnswerLink(e: MouseEvent) {
  const a = e.target instanceof Element ? e.target.closest('a[href]') : null
  if (!a) return
  e.preventDefault()
  openOutside(a.getAttribute('href') ?? '')
}

/** openOutside opens a web or mail address in the system's browser or mail app; any other is ignored. */
export function openOutside(url: string) {
  if (outside.test(url)) appApi.openLink(url)
}
