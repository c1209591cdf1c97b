import { useState } from 'react'
import { backupApi, toApiError, type BackupResult } from '@/api'
import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { Progress } from '@/components/ui/progress'
import { Switch } from '@/components/ui/switch'
import { formatBytes, keysSentence, progressPercent, progressText } from './format'
import { useBackupJob } from './useBackupProgress'

/** BackupNow writes a backup where the user chooses, with progress and cancel. */
export function BackupNow() {
  const [encrypt, setEncrypt] = useState(false)
  const [pass, setPass] = useState('')
  const [pass2, setPass2] = useState('')
  const [compress, setCompress] = useState(true)
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<BackupResult | null>(null)
  const [error, setError] = useState('')
  const [note, setNote] = useState('') // a cancelled backup: not an error
  const job = useBackupJob()
  // A backup this view did not start: before the user came back to
  // Settings, or a scheduled one. It shows, and can be cancelled, all the same.
  const elsewhere = !busy && job.running && job.progress?.op === 'backup'
  const mismatch = encrypt && pass !== pass2
  const canStart = !busy && !job.running && (!encrypt || (pass.length >= 8 && !mismatch))

  const start = async () => {
    job.reset()
    setBusy(true)
    setError('')
    setNote('')
    setResult(null)
    try {
      const r = await backupApi.backupNow({ passphrase: encrypt ? pass : '', compress })
      setResult(r.path ? r : null)
    } catch (e) {
      const err = toApiError(e)
      if (err.code === 'canceled') setNote(err.message)
      else setError(err.message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="grid gap-3" aria-label="Back up now">
      <div className="flex flex-wrap items-center gap-4 text-sm">
        <label className="flex items-center gap-2">
          <Switch checked={compress} onCheckedChange={setCompress} aria-label="Compress" disabled={busy} />
          Compress
        </label>
        <label className="flex items-center gap-2">
          <Switch checked={encrypt} onCheckedChange={setEncrypt} aria-label="Protect with a passphrase" disabled={busy} />
          Protect with a passphrase
        </label>
      </div>
      {encrypt && (
        <div className="grid max-w-md gap-2">
          <Label htmlFor="backup-pass">Passphrase (at least 8 characters; without it the backup cannot be restored)</Label>
          <Input id="backup-pass" type="password" value={pass} onChange={(e) => setPass(e.target.value)} autoComplete="new-password" />
          <Label htmlFor="backup-pass2">Passphrase again</Label>
          <Input
            id="backup-pass2"
            type="password"
            value={pass2}
            onChange={(e) => setPass2(e.target.value)}
            autoComplete="new-password"
            aria-invalid={mismatch && pass2 !== '' ? true : undefined}
            aria-describedby={mismatch && pass2 !== '' ? 'backup-pass-error' : undefined}
          />
          {mismatch && pass2 !== '' && (
            <p id="backup-pass-error" className="text-xs text-destructive">
              The passphrases differ.
            </p>
          )}
        </div>
      )}
      <div className="flex items-center gap-2">
        <Button onClick={() => void start()} disabled={!canStart}>
          Back up now…
        </Button>
        {(busy || elsewhere) && (
          <Button variant="outline" onClick={() => void backupApi.cancelRunning()}>
            Cancel
          </Button>
        )}
      </div>
      {(busy || elsewhere) && (
        <div className="grid gap-1" data-testid="backup-progress">
          <p className="text-sm text-muted-foreground">
            {elsewhere && 'A backup is running (started earlier, or on schedule). '}
            {progressText(job.progress)}
          </p>
          <Progress value={progressPercent(job.progress)} label="Backup progress" announce />
        </div>
      )}
      {result && (
        <div className="grid gap-1 text-sm" role="status">
          <p>
            Backed up {result.files} files ({formatBytes(result.bytes)}{result.encrypted ? ', encrypted' : ''}) to{' '}
            <span className="break-all font-mono text-xs">{result.path}</span>.
          </p>
          <p className="text-muted-foreground">{keysSentence(result.providers)}</p>
        </div>
      )}
      {note && (
        <p role="status" className="text-sm text-muted-foreground">
          {note}
        </p>
      )}
      {error && (
        <p role="alert" className="text-sm text-destructive">
          {error}
        </p>
      )}
    </section>
  )
}
