import { useEffect, useState } from 'react'
import { useToasts } from './toast'

/**
 * useCopy copies text to the clipboard and says whether it worked: `copied`
 * is true for a moment after a copy, and a refused copy (no clipboard in
 * this webview, no permission) is shown as an error instead of doing nothing.
 */
export function useCopy(): { copied: boolean; copy: (text: string) => Promise<void> } {
  const [copied, setCopied] = useState(false)
  const show = useToasts((s) => s.show)
  useEffect(() => {
    if (!copied) return
    const t = setTimeout(() => setCopied(false), 1500)
    return () => clearTimeout(t)
  }, [copied])
  const copy = async (text: string) => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard here')
      await navigator.clipboard.writeText(text)
      setCopied(true)
    } catch (e) {
      show({ message: `Could not copy: ${(e as Error).message}`, tone: 'error' })
    }
  }
  return { copied, copy }
}
