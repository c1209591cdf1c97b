import { useState } from 'react'
import { backupApi, errorMessage, type SettingsImport } from '@/api'
import { Button } from '@/components/ui/button'

/** describeSettingsImport says what a settings import merged. */
export function describeSettingsImport(r: SettingsImport): string[] {
  const out = [
    `${r.providersAdded.length} provider${r.providersAdded.length === 1 ? '' : 's'} added` +
      (r.providersKept.length ? `, ${r.providersKept.length} already there` : '') +
      `; ${r.profilesAdded} profile${r.profilesAdded === 1 ? '' : 's'} and ${r.templatesAdded} template${r.templatesAdded === 1 ? '' : 's'} added` +
      (r.skipped ? ` (${r.skipped} kept: the name was taken)` : '') +
      '.',
  ]
  if (r.needKeys.length) out.push(`Enter the API key for: ${r.needKeys.join(', ')}.`)
  return out.concat(r.notes)
}

/** SettingsFile exports and imports the settings alone (no data, no keys). */
export function SettingsFile() {
  const [msg, setMsg] = useState<string[]>([])
  const [error, setError] = useState('')
  const run = async (f: () => Promise<string[]>) => {
    setError('')
    try {
      setMsg(await f())
    } catch (e) {
      setMsg([])
      setError(errorMessage(e))
    }
  }
  return (
    <section className="grid gap-2 text-sm" aria-label="Settings only">
      <p className="text-muted-foreground">
        Settings only: providers (without keys), default models, your profiles and prompt templates, the theme. Importing merges
        them into what is here.
      </p>
      <div className="flex gap-2">
        <Button variant="outline" onClick={() => void run(async () => {
          const p = await backupApi.exportSettings()
          return p ? [`Settings saved to ${p}.`] : []
        })}>
          Export settings…
        </Button>
        <Button variant="outline" onClick={() => void run(async () => {
          const r = await backupApi.importSettings()
          return r.path ? describeSettingsImport(r) : []
        })}>
          Import settings…
        </Button>
      </div>
      {msg.length > 0 && (
        <div role="status" className="grid gap-1">
          {msg.map((m) => (
            <p key={m}>{m}</p>
          ))}
        </div>
      )}
      {error && <p role="alert" className="text-destructive">{error}</p>}
    </section>
  )
}
