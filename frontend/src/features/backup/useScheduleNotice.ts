import { useEffect } from 'react'
import { backupApi, EventNames, onEvent, type BackupScheduledFailure } from '@/api'
import { useToasts } from '@/components/ui/toast'

/**
 * useScheduleNotice: a scheduled backup that fails is told at once, and at
 * each start while the last run failed, not only on the schedule card in
 * Settings: backups failing unseen, night after night, are how people find
 * they have none.
 */
export function useScheduleNotice(openSettings: () => void) {
  useEffect(() => {
    let live = true
    const tell = (error: string) =>
      useToasts.getState().show(
        { message: `The scheduled backup failed: ${error}`, tone: 'error', action: { label: 'Settings', run: openSettings } },
        20000,
      )
    const off = onEvent<BackupScheduledFailure>(EventNames.backupScheduled, (f) => tell(f.error))
    backupApi.schedule().then(
      (s) => {
        if (live && s.frequency !== 'off' && s.lastError && s.lastErrorAt > s.lastRunAt) tell(s.lastError)
      },
      () => {},
    )
    return () => {
      live = false
      off()
    }
  }, [openSettings])
}
