import { useEffect, useState } from 'react'
import { backupApi, errorMessage, type BackupFrequency, type BackupSchedule } from '@/api'
import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { Segmented } from '@/components/ui/segmented'
import { Switch } from '@/components/ui/switch'
import { when } from './format'

const frequencies: { value: BackupFrequency; label: string }[] = [
  { value: 'off', label: 'Off' },
  { value: 'daily', label: 'Daily' },
  { value: 'weekly', label: 'Weekly' },
]

/**
 * ScheduleForm: scheduled backups to a folder, keeping the newest N,
 * compressed and, when asked, encrypted with a passphrase the backend keeps
 * in the system keychain (sent once when set; never read back).
 */
export function ScheduleForm() {
  const [saved, setSaved] = useState<BackupSchedule | null>(null)
  const [freq, setFreq] = useState<BackupFrequency>('off')
  const [folder, setFolder] = useState('')
  const [keep, setKeep] = useState(7)
  const [encrypt, setEncrypt] = useState(false)
  const [changing, setChanging] = useState(false) // entering a new passphrase
  const [pass, setPass] = useState('')
  const [pass2, setPass2] = useState('')
  const [error, setError] = useState('')

  const show = (s: BackupSchedule) => {
    setSaved(s)
    setFreq(s.frequency as BackupFrequency)
    setFolder(s.folder)
    setKeep(s.keep)
    setEncrypt(s.encrypt)
    setChanging(false)
    setPass('')
    setPass2('')
  }
  // A new passphrase is asked for when encryption is turned on without one
  // in the keychain, or when the user chooses to change it.
  const asking = encrypt && freq !== 'off' && (changing || !saved?.hasPassphrase)
  const passProblem = !asking ? '' : pass.length < 8 ? 'At least 8 characters.' : pass !== pass2 ? 'The passphrases differ.' : ''
  // Both fields point at the one problem, which concerns either.
  const passError = pass !== '' && passProblem ? { 'aria-invalid': true, 'aria-describedby': 'schedule-pass-error' } : {}
  useEffect(() => {
    backupApi.schedule().then(show, (e) => setError(errorMessage(e)))
  }, [])

  const save = async () => {
    try {
      show(await backupApi.setSchedule({ ...(saved as BackupSchedule), frequency: freq, folder, keep, encrypt, passphrase: asking ? pass : '' }))
      setError('')
    } catch (e) {
      setError(errorMessage(e))
    }
  }
  const choose = async () => {
    const f = await backupApi.chooseScheduleFolder().catch(() => '')
    if (f) setFolder(f)
  }

  if (!saved) return error ? <p role="alert" className="text-sm text-destructive">{error}</p> : null
  return (
    <section className="grid gap-3 text-sm" aria-label="Scheduled backups">
      <Segmented label="Scheduled backups" value={freq} options={frequencies} onChange={setFreq} />
      {freq !== 'off' && (
        <div className="grid max-w-xl gap-2">
          <div className="flex items-end gap-2">
            <div className="flex flex-1 flex-col gap-1.5">
              <Label htmlFor="schedule-folder">Folder</Label>
              <Input id="schedule-folder" value={folder} onChange={(e) => setFolder(e.target.value)} placeholder="/path/to/backups" />
            </div>
            <Button variant="outline" onClick={() => void choose()}>
              Choose…
            </Button>
          </div>
          <div className="flex max-w-[12rem] flex-col gap-1.5">
            <Label htmlFor="schedule-keep">Keep the newest</Label>
            <Input id="schedule-keep" type="number" min={1} max={1000} value={keep} onChange={(e) => setKeep(Number(e.target.value))} />
          </div>
          <label className="flex items-center gap-2">
            <Switch checked={encrypt} onCheckedChange={setEncrypt} aria-label="Encrypt scheduled backups" />
            Encrypt with a passphrase, kept in the system keychain
          </label>
          {encrypt && !asking && (
            <p className="flex items-center gap-2 text-xs text-muted-foreground">
              The passphrase is in the keychain.
              <Button variant="link" size="sm" className="h-auto p-0 text-xs" onClick={() => setChanging(true)}>
                Change passphrase
              </Button>
            </p>
          )}
          {asking && (
            <div className="grid gap-1.5">
              <Label htmlFor="schedule-pass">Passphrase (without it these backups cannot be restored; write it down)</Label>
              <Input id="schedule-pass" type="password" autoComplete="new-password" value={pass} onChange={(e) => setPass(e.target.value)} {...passError} />
              <Label htmlFor="schedule-pass2">Passphrase again</Label>
              <Input id="schedule-pass2" type="password" autoComplete="new-password" value={pass2} onChange={(e) => setPass2(e.target.value)} {...passError} />
              {pass !== '' && passProblem && (
                <p id="schedule-pass-error" className="text-xs text-destructive">
                  {passProblem}
                </p>
              )}
            </div>
          )}
          <p className="text-xs text-muted-foreground">
            Scheduled backups are compressed{encrypt ? ' and encrypted' : ', not encrypted'}. Only scheduled backups this BookBag made (bookbag-backup-auto-…) are ever deleted, never other files in the folder.
          </p>
        </div>
      )}
      <div>
        <Button variant="outline" disabled={passProblem !== ''} onClick={() => void save()}>
          Save schedule
        </Button>
      </div>
      {saved.frequency !== 'off' && (
        <p className="text-muted-foreground" data-testid="schedule-status">
          Last backup: {when(saved.lastRunAt)}
          {saved.nextRunAt > 0 ? ` · next: ${when(saved.nextRunAt)}` : ''}
        </p>
      )}
      {saved.lastError && saved.lastErrorAt > saved.lastRunAt && (
        <p className="text-destructive">The last scheduled backup failed: {saved.lastError}</p>
      )}
      {error && <p role="alert" className="text-destructive">{error}</p>}
    </section>
  )
}
