import { useEffect } from 'react'
import { appApi } from '@/api'

/** isQuitShortcut reports Ctrl+Q (Cmd+Q on macOS). */
export function isQuitShortcut(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): boolean {
  return (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'q'
}

const mod = (e: Pick<KeyboardEvent, 'ctrlKey' | 'metaKey' | 'altKey'>) => (e.ctrlKey || e.metaKey) && !e.altKey

/** isSearchShortcut reports Ctrl+K (Cmd+K) or Ctrl+Shift+F. */
export function isSearchShortcut(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): boolean {
  return mod(e) && ((e.key.toLowerCase() === 'k' && !e.shiftKey) || (e.key.toLowerCase() === 'f' && e.shiftKey))
}

/** isNewChatShortcut reports Ctrl+Shift+O (as in ChatGPT) or Ctrl+N. */
export function isNewChatShortcut(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): boolean {
  return mod(e) && ((e.key.toLowerCase() === 'o' && e.shiftKey) || (e.key.toLowerCase() === 'n' && !e.shiftKey))
}

/** SIDEBAR_SHORTCUT names the sidebar's shortcut in tooltips. */
export const SIDEBAR_SHORTCUT = 'Ctrl+Shift+S'

/**
 * isSidebarShortcut reports Ctrl+Shift+S (Cmd+Shift+S), ChatGPT's: Ctrl+B
 * would be bold in text editing, and backward-char in macOS and Emacs-style
 * text fields, where the message box is most of the time.
 */
export function isSidebarShortcut(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): boolean {
  return mod(e) && e.shiftKey && e.key.toLowerCase() === 's'
}

/** useGlobalShortcuts installs the app-wide keyboard shortcuts. */
export function useGlobalShortcuts(h: { onSearch: () => void; onNewChat: () => void; onToggleSidebar: () => void }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isQuitShortcut(e)) {
        e.preventDefault()
        void appApi.quit().catch(() => {})
      } else if (isSearchShortcut(e)) {
        e.preventDefault()
        h.onSearch()
      } else if (isNewChatShortcut(e)) {
        e.preventDefault()
        h.onNewChat()
      } else if (isSidebarShortcut(e)) {
        e.preventDefault()
        h.onToggleSidebar()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [h])
}
