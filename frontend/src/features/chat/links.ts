import type { MouseEvent } from 'react'
import { openOutside } from '@/lib/links'

export { openOutside }

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
