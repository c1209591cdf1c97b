import { useEffect, useState } from 'react'
import { appApi, errorMessage, EventNames, updateApi, type UpdateApplied, type UpdateChannel, type UpdateCheck, type UpdateProgress, type UpdateSettings } from '@/api'
import { outsideClick } from '@/lib/links'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { Progress } from '@/components/ui/progress'
import { Segmented } from '@/components/ui/segmented'
import { formatBytes } from './format'
import { useEventWhile } from './useBackupProgress'

const channels: { value: UpdateChannel; label: string }[] = [
  { value: 'stable', label: 'Stable' },
  { value: 'beta', label: 'Beta' },
]

/** UpdatesCard is the Settings section "Updates": channel, check, install or the package's link. */
export function UpdatesCard() {
  const [st, setSt] = useState<UpdateSettings | null>(null)
  const [url, setUrl] = useState('')
  const [key, setKey] = useState('')
  const [check, setCheck] = useState<UpdateCheck | null>(null)
  const [applied, setApplied] = useState<UpdateApplied | null>(null)
  const [busy, setBusy] = useState(false)
  const [installing, setInstalling] = useState(false)
  const [error, setError] = useState('')
  const progress = useEventWhile<UpdateProgress>(EventNames.updateProgress, installing)

  useEffect(() => {
    updateApi.settings().then(
      (s) => {
        setSt(s)
        setUrl(s.url)
        setKey(s.publicKey)
      },
      (e) => setError(errorMessage(e)),
    )
  }, [])

  const run = async (f: () => Promise<void>) => {
    setBusy(true)
    setError('')
    try {
      await f()
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }
  const install = () =>
    run(async () => {
      setInstalling(true)
      try {
        setApplied(await updateApi.apply())
      } finally {
        setInstalling(false)
      }
    })
  const save = (s: UpdateSettings) =>
    run(async () => {
      setSt(await updateApi.setSettings(s))
      setCheck(null)
      setApplied(null)
    })

  return (
    <Card>
      <CardHeader>
        <CardTitle>Updates</CardTitle>
        <CardDescription>Updates are signed; one whose signature, size or checksum is wrong, or that is older, is refused.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3 text-sm">
        {st && (
          <Segmented label="Update channel" value={st.channel as UpdateChannel} options={channels} onChange={(c) => void save({ ...st, channel: c })} disabled={busy} />
        )}
        <details>
          <summary className="cursor-pointer text-muted-foreground">Your own update channel</summary>
          <div className="mt-2 grid max-w-xl gap-2">
            <Label htmlFor="update-url">Manifest URL (empty: this build's)</Label>
            <Input id="update-url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://example.org/bookbag/channel.json" />
            <Label htmlFor="update-key">minisign public key (empty: this build's)</Label>
            <Input id="update-key" value={key} onChange={(e) => setKey(e.target.value)} placeholder="RW…" />
            <div>
              <Button variant="outline" disabled={!st || busy} onClick={() => st && void save({ ...st, url, publicKey: key })}>
                Save
              </Button>
            </div>
          </div>
        </details>
        <div>
          <Button onClick={() => void run(async () => setCheck(await updateApi.check()))} disabled={busy}>
            Check now
          </Button>
        </div>
        {check && (
          <div className="grid gap-2" role="status">
            <p>{check.message}</p>
            {check.available && check.notes && <p className="whitespace-pre-wrap text-muted-foreground">{check.notes}</p>}
            {check.available && check.packageManaged && (
              <p>
                New package:{' '}
                <a
                  href={check.packageUrl}
                  className="break-all underline"
                  onClick={outsideClick(check.packageUrl)}
                >
                  {check.packageUrl}
                </a>
              </p>
            )}
            {check.available && !check.packageManaged && !applied && (
              <div>
                <Button onClick={() => void install()} disabled={busy}>
                  Install {check.version} ({formatBytes(check.size)})
                </Button>
              </div>
            )}
          </div>
        )}
        {applied && (
          <div className="grid gap-2" role="status">
            <p>{applied.message}</p>
            {applied.restartNeeded && (
              <div>
                <Button onClick={() => void run(() => appApi.restart())} disabled={busy}>
                  Restart now
                </Button>
              </div>
            )}
          </div>
        )}
        {installing && (
          <div className="grid gap-1" data-testid="update-progress">
            <div className="flex items-center gap-2">
              <p className="text-muted-foreground">{installText(progress)}</p>
              {progress?.stage !== 'install' && (
                <Button variant="outline" size="sm" onClick={() => void updateApi.cancel()}>
                  Cancel
                </Button>
              )}
            </div>
            <Progress value={progress && progress.total > 0 ? (100 * progress.done) / progress.total : 0} label="Update progress" announce />
          </div>
        )}
        {busy && !installing && <p className="text-muted-foreground">Working…</p>}
        {error && (
          <p role="alert" className="text-destructive">
            {error}
          </p>
        )}
      </CardContent>
    </Card>
  )
}

/** installText says where an install is. */
function installText(p: UpdateProgress | null): string {
  if (!p) return 'Checking the update again…'
  if (p.stage === 'install') return 'Installing…'
  return `Downloading ${formatBytes(p.done)} of ${formatBytes(p.total)}`
}
