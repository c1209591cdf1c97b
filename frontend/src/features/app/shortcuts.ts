import { useEffect } from 'react'
import { appApi } from '@/api'

/** isQuitShortcut reports Ctrl+Q (Cmd+Q on macOS). */
export function isQuitShortcut(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): boolean {
  return (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'q'
}

/** useGlobalShortcuts installs the app-wide keyboard shortcuts. */
export function useGlobalShortcuts() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isQuitShortcut(e)) {
        e.preventDefault()
        void appApi.quit().catch(() => {})
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
}
