import { useEffect, useState } from 'react'
import { EventNames, onEvent, type BackupProgress } from '@/api'

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

/** useBackupProgress follows backup:progress events while active. */
export function useBackupProgress(active: boolean): BackupProgress | null {
  return useEventWhile<BackupProgress>(EventNames.backupProgress, active)
}
