import { useEffect, useState } from 'react'
import { backupApi, errorMessage, type KeptFolder, type RestoreNotice } from '@/api'
import { Button } from '@/components/ui/button'
import { Confirm } from '@/components/ui/confirm'
import { formatBytes, keysSentence, secretsSentence, when } from './format'

/** RestoreReport: after a restore, which keys to enter again; the old data kept aside, with remove. */
export function KeptAside() {
  const [kept, setKept] = useState<KeptFolder[]>([])
  const [notice, setNotice] = useState<RestoreNotice | null>(null)
  const [removing, setRemoving] = useState<KeptFolder | null>(null)
  const [error, setError] = useState('')

  useEffect(() => {
    backupApi.keptAside().then(setKept, (e) => setError(errorMessage(e)))
    backupApi.notice().then((n) => setNotice(n.restored ? n : null), () => {})
  }, [])

  const remove = async (k: KeptFolder) => {
    try {
      setKept(await backupApi.removeKeptAside(k.name))
      setError('')
    } catch (e) {
      setError(errorMessage(e))
    }
  }

  if (!notice && kept.length === 0 && !error) return null
  return (
    <section className="grid gap-2 text-sm" aria-label="After a restore">
      {notice && (
        <div className="grid gap-1 rounded-md border p-3" role="status">
          <p>
            Restored from {notice.source} (taken {when(notice.createdAt)}) on {when(notice.restoredAt)}.
          </p>
          <p className="font-medium">{keysSentence(notice.providers)}</p>
          {secretsSentence(notice.secrets) && <p className="font-medium">{secretsSentence(notice.secrets)}</p>}
          <div>
            <Button size="sm" variant="outline" onClick={() => void backupApi.dismissNotice().then(() => setNotice(null))}>
              Dismiss
            </Button>
          </div>
        </div>
      )}
      {kept.length > 0 && (
        <>
          <p className="text-muted-foreground">Data kept aside by a restore (nothing uses it; remove it when you are sure):</p>
          <ul className="grid gap-1">
            {kept.map((k) => (
              <li key={k.name} className="flex items-center justify-between gap-2">
                <span className="break-all font-mono text-xs">
                  {k.path} · {formatBytes(k.bytes)}
                </span>
                <Button size="sm" variant="outline" onClick={() => setRemoving(k)} aria-label={`Remove ${k.name}`}>
                  Remove
                </Button>
              </li>
            ))}
          </ul>
        </>
      )}
      {error && <p role="alert" className="text-destructive">{error}</p>}
      <Confirm
        open={removing !== null}
        onOpenChange={(o) => !o && setRemoving(null)}
        title="Remove the kept data?"
        description={`${removing?.path ?? ''} and everything in it will be deleted for good.`}
        confirmLabel="Remove"
        destructive
        onConfirm={() => {
          if (removing) void remove(removing)
          setRemoving(null)
        }}
      />
    </section>
  )
}
