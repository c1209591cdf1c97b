import { useEffect, useState } from 'react'
import { EventNames, onEvent, type BackupProgress } from '@/api'

/** useBackupProgress follows backup:progress events while active. */
export function useBackupProgress(active: boolean): BackupProgress | null {
  const [p, setP] = useState<BackupProgress | null>(null)
  useEffect(() => {
    if (!active) {
      setP(null)
      return
    }
    return onEvent<BackupProgress>(EventNames.backupProgress, setP)
  }, [active])
  return p
}
