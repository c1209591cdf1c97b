import { useEffect } from 'react'
import { backupApi } from '@/api'
import { useToasts } from '@/components/ui/toast'
import { keysSentence, secretsSentence } from './format'

/**
 * useRestoreNotice: on the first screen after a restore, a toast says so and
 * names the providers whose key (and the other secrets) must be entered again; Settings keeps the
 * full report until it is dismissed there.
 */
export function useRestoreNotice(openSettings: () => void) {
  useEffect(() => {
    let live = true
    backupApi.notice().then(
      (n) => {
        if (!live || !n.restored) return
        useToasts.getState().show(
          {
            message: `Restored from ${n.source}. ${keysSentence(n.providers)}${secretsSentence(n.secrets) ? ' ' + secretsSentence(n.secrets) : ''}`,
            action: { label: 'Settings', run: openSettings },
          },
          20000,
        )
      },
      () => {},
    )
    return () => {
      live = false
    }
  }, [openSettings])
}
