import { useCallback, useEffect, useState } from 'react'
import { backupApi, EventNames, onEvent, type BackupProgress } from '@/api'

/** useEventWhile follows one backend event while active: its latest payload, null before the first. */
export function useEventWhile<T>(name: string, active: boolean): T | null {
  const [p, setP] = useState<T | null>(null)
  useEffect(() => {
    if (!active) {
      setP(null)
      return
    }
    return onEvent<T>(name, setP)
  }, [name, active])
  return p
}

const ended: BackupProgress['stage'][] = ['done', 'failed', 'canceled']

export interface BackupJob {
  /** the latest report, the last one of a finished operation included; null before any */
  progress: BackupProgress | null
  /** an operation runs: this view's, one started before it opened, or a scheduled backup */
  running: boolean
  /** forgets the last report, before this view starts an operation */
  reset: () => void
}

/**
 * useBackupJob follows the one backup, check or restore the backend runs at a
 * time, also one started before this view opened (the user left Settings
 * and came back, or the schedule started it), so its progress and Cancel
 * are there.
 */
export function useBackupJob(): BackupJob {
  const [progress, setProgress] = useState<BackupProgress | null>(null)
  useEffect(() => {
    let heard = false
    const off = onEvent<BackupProgress>(EventNames.backupProgress, (p) => {
      heard = true
      setProgress(p)
    })
    backupApi.progress().then(
      (p) => !heard && p && setProgress(p),
      () => {},
    )
    return () => {
      heard = true // the answer may come after the view closed
      off()
    }
  }, [])
  const reset = useCallback(() => setProgress(null), [])
  return { progress, running: progress !== null && !ended.includes(progress.stage), reset }
}
