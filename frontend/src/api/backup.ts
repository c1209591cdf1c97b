import * as B from '../../wailsjs/go/backup/API'
import type { backup } from '../../wailsjs/go/models'
import { call } from './errors'
import type { Plain } from './types'
import { wire } from './wire'

// Backups of the whole data dir, restore, the schedule (backend/backup).

export type BackupOptions = Plain<backup.Options>
export type BackupResult = Plain<backup.Result>
export type BackupInspection = Plain<backup.Inspection>
export type BackupVerification = Plain<backup.Verification>
export type PendingRestore = Plain<backup.Pending>
export type RestoreNotice = Plain<backup.Notice>
export type KeptFolder = Plain<backup.KeptFolder>
export type BackupSchedule = Plain<backup.Schedule>
export type ProviderKey = Plain<backup.ProviderKey>
export type SettingsImport = Plain<backup.SettingsImport>
export type BackupFrequency = 'off' | 'daily' | 'weekly'

/** The backup:progress event (backend/events BackupProgressPayload): bytes done of total. */
export interface BackupProgress {
  op: 'backup' | 'verify' | 'restore'
  stage: 'starting' | 'snapshot' | 'files' | 'verify' | 'check' | 'done' | 'failed' | 'canceled'
  done: number
  total: number
}

/** The backup:scheduled event (backend/events BackupScheduledPayload): a scheduled backup failed. */
export interface BackupScheduledFailure {
  error: string
  at: number
}

export const backupApi = {
  backupNow: (opts: BackupOptions): Promise<BackupResult> => call(B.BackupNow(wire(opts))),
  cancelRunning: (): Promise<boolean> => call(B.CancelRunning()),
  /** progress is the running operation's last report, null when none runs. */
  progress: async (): Promise<BackupProgress | null> => {
    const p = await call(B.Progress())
    return p.op ? (p as BackupProgress) : null
  },
  chooseBackupFile: (): Promise<string> => call(B.ChooseBackupFile()),
  inspect: (path: string, passphrase: string): Promise<BackupInspection> => call(B.InspectBackup(path, passphrase)),
  verify: (path: string, passphrase: string): Promise<BackupVerification> => call(B.VerifyBackup(path, passphrase)),
  restore: (path: string, passphrase: string): Promise<PendingRestore> => call(B.RestoreBackup(path, passphrase)),
  pending: (): Promise<PendingRestore> => call(B.PendingRestore()),
  cancelPending: (): Promise<PendingRestore> => call(B.CancelPendingRestore()),
  notice: (): Promise<RestoreNotice> => call(B.RestoreNotice()),
  dismissNotice: (): Promise<RestoreNotice> => call(B.DismissRestoreNotice()),
  keptAside: (): Promise<KeptFolder[]> => call(B.KeptAside()),
  removeKeptAside: (name: string): Promise<KeptFolder[]> => call(B.RemoveKeptAside(name)),
  schedule: (): Promise<BackupSchedule> => call(B.GetSchedule()),
  setSchedule: (s: BackupSchedule): Promise<BackupSchedule> => call(B.SetSchedule(wire(s))),
  chooseScheduleFolder: (): Promise<string> => call(B.ChooseScheduleFolder()),
  exportSettings: (): Promise<string> => call(B.ExportSettings()),
  importSettings: (): Promise<SettingsImport> => call(B.ImportSettings()),
}
