import { useEffect, useState } from 'react'
import { appApi, backupApi, toApiError, type BackupInspection, type PendingRestore } from '@/api'
import { Button } from '@/components/ui/button'
import { Confirm } from '@/components/ui/confirm'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { Progress } from '@/components/ui/progress'
import { formatBytes, keysSentence, progressPercent, progressText, secretsSentence, when } from './format'
import { useBackupJob } from './useBackupProgress'

/**
 * RestoreFromFile: choose a backup, see what it is (asking for its
 * passphrase), confirm; it is checked in full and staged, and the next start
 * swaps it in. A pending restore can be cancelled or finished by restarting.
 */
export function RestoreFromFile() {
  const [path, setPath] = useState('')
  const [pass, setPass] = useState('')
  const [info, setInfo] = useState<BackupInspection | null>(null)
  const [pending, setPending] = useState<PendingRestore | null>(null)
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')
  const [note, setNote] = useState('') // a cancelled check or restore: not an error
  const [checked, setChecked] = useState('')
  const job = useBackupJob()
  const op = job.progress?.op
  // A check or restore this view did not start (the user left Settings and
  // came back): it shows, and can be cancelled, all the same.
  const elsewhere = !busy && job.running && (op === 'verify' || op === 'restore')
  const stage = job.progress?.stage

  const loadPending = () => backupApi.pending().then((p) => setPending(p.pending ? p : null), () => {})
  useEffect(() => {
    void loadPending()
  }, [])
  // Such a restore, once staged, is waiting for the restart.
  useEffect(() => {
    if (!busy && op === 'restore' && stage === 'done') void loadPending()
  }, [busy, op, stage])

  const guard = async (f: () => Promise<void>) => {
    setError('')
    setNote('')
    try {
      await f()
    } catch (e) {
      const err = toApiError(e)
      if (err.code === 'canceled') setNote(err.message)
      else setError(err.message)
    }
  }

  const choose = () =>
    guard(async () => {
      const p = await backupApi.chooseBackupFile()
      if (!p) return
      setPath(p)
      setPass('')
      setInfo(null)
      setChecked('')
      setInfo(await backupApi.inspect(p, ''))
    })

  const unlock = () => guard(async () => setInfo(await backupApi.inspect(path, pass)))

  const verify = async () => {
    job.reset()
    setBusy(true)
    await guard(async () => {
      const v = await backupApi.verify(path, pass)
      setChecked(`Checked: all ${v.checked} entries match their SHA-256 and the database is sound.`)
    })
    setBusy(false)
  }

  const restore = async () => {
    job.reset()
    setBusy(true)
    await guard(async () => {
      setPending(await backupApi.restore(path, pass))
      setInfo(null)
      setPath('')
      setPass('')
    })
    setBusy(false)
  }

  if (pending) {
    return (
      <section className="grid gap-2 text-sm" aria-label="Pending restore" role="status">
        {pending.dir && (
          <>
            <p>
              A restore of the backup taken {when(pending.createdAt)} is checked and ready. BookBag swaps it in when it
              restarts; your current data is kept aside until you remove it.
            </p>
            <p className="text-muted-foreground">{keysSentence(pending.providers)}</p>
          </>
        )}
        {pending.problem && <p className="text-destructive">{pending.problem}</p>}
        <div className="flex gap-2">
          {pending.dir && <Button onClick={() => void guard(() => appApi.restart())}>Restart now</Button>}
          <Button variant="outline" onClick={() => void guard(async () => setPending((await backupApi.cancelPending()).pending ? pending : null))}>
            Cancel restore
          </Button>
        </div>
        {error && <p role="alert" className="text-destructive">{error}</p>}
      </section>
    )
  }

  return (
    <section className="grid gap-3" aria-label="Restore">
      <div>
        <Button variant="outline" onClick={() => void choose()} disabled={busy || elsewhere}>
          Restore from a file…
        </Button>
      </div>
      {info?.needsPassphrase && (
        <form
          className="flex max-w-md items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault()
            void unlock()
          }}
        >
          <div className="flex flex-1 flex-col gap-1.5">
            <Label htmlFor="restore-pass">This backup is encrypted: its passphrase</Label>
            <Input id="restore-pass" type="password" value={pass} onChange={(e) => setPass(e.target.value)} />
          </div>
          <Button type="submit" variant="outline" disabled={!pass}>
            Unlock
          </Button>
        </form>
      )}
      {info && !info.needsPassphrase && (
        <div className="grid gap-2 text-sm" data-testid="backup-info">
          <dl className="grid grid-cols-[9rem_1fr] gap-x-4 gap-y-1">
            <dt className="text-muted-foreground">File</dt>
            <dd className="break-all font-mono text-xs">{info.path}</dd>
            <dt className="text-muted-foreground">Taken</dt>
            <dd>
              {when(info.createdAt)} by BookBag {info.appVersion || '(unknown)'}
            </dd>
            <dt className="text-muted-foreground">Contents</dt>
            <dd>
              the database and {info.files} files, {formatBytes(info.totalBytes)}
              {info.encrypted ? ', encrypted' : ''}
            </dd>
            {info.embeddings.length > 0 && (
              <>
                <dt className="text-muted-foreground">Embeddings</dt>
                <dd>{[...new Set(info.embeddings.map((e) => `${e.ref} (${e.dimensions} dimensions)`))].join(', ')}</dd>
              </>
            )}
          </dl>
          {info.compatible ? (
            <>
              <p className="text-muted-foreground">{keysSentence(info.providers)}</p>
              {secretsSentence(info.secrets) && <p className="text-muted-foreground">{secretsSentence(info.secrets)}</p>}
            </>
          ) : (
            <p className="text-destructive">This backup cannot be restored: {info.problem}</p>
          )}
          {checked && <p role="status">{checked}</p>}
          <div className="flex gap-2">
            <Button variant="outline" onClick={() => void verify()} disabled={!info.compatible || busy}>
              Check every file
            </Button>
            <Button onClick={() => setConfirming(true)} disabled={!info.compatible || busy}>
              Restore this backup…
            </Button>
          </div>
        </div>
      )}
      {(busy || elsewhere) && (
        <div className="grid gap-1" data-testid="restore-progress">
          <p className="text-sm text-muted-foreground">
            {elsewhere && (op === 'restore' ? 'A restore is running. ' : 'A backup is being checked. ')}
            {progressText(job.progress)}
          </p>
          <Progress value={progressPercent(job.progress)} label="Restore progress" announce />
          <div>
            <Button variant="outline" size="sm" onClick={() => void backupApi.cancelRunning()}>
              Cancel
            </Button>
          </div>
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
      <Confirm
        open={confirming}
        onOpenChange={setConfirming}
        title="Restore this backup?"
        description="Every file in the backup is checked first. At the next start BookBag replaces all its data with the backup's; your current data is kept aside in a folder next to it until you remove it."
        confirmLabel="Check and restore"
        destructive
        onConfirm={() => void restore()}
      />
    </section>
  )
}
