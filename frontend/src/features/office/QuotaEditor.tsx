import { useState } from 'react'
import { officeApi, type AdminWorkspace } from '@/api'
import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { MiB } from './format'

interface Props {
  workspace: AdminWorkspace
  onSaved: (w: AdminWorkspace) => void
  run: <T>(f: () => Promise<T>) => Promise<T | undefined>
}

/** QuotaEditor sets one workspace's storage quota in MiB, or returns it to the server's default. */
export function QuotaEditor({ workspace: w, onSaved, run }: Props) {
  const [mib, setMib] = useState(w.ownQuota ? String(Math.round(w.quotaBytes / MiB)) : '')
  const value = Number(mib)
  const valid = mib.trim() !== '' && Number.isFinite(value) && value > 0

  const save = async (bytes: number) => {
    const next = await run(() => officeApi.setQuota(w.id, bytes))
    if (!next) return
    onSaved(next)
    setMib(next.ownQuota ? String(Math.round(next.quotaBytes / MiB)) : '')
  }

  return (
    <form
      className="flex items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault()
        if (valid) void save(Math.round(value * MiB))
      }}
    >
      <div className="grid gap-1">
        <Label htmlFor={`quota-${w.id}`} className="text-xs">
          Quota of {w.name} (MiB)
        </Label>
        <Input id={`quota-${w.id}`} inputMode="numeric" className="h-8 w-32" value={mib} placeholder="default" onChange={(e) => setMib(e.target.value)} />
      </div>
      <Button type="submit" size="sm" disabled={!valid}>
        Set quota
      </Button>
      {w.ownQuota && (
        <Button type="button" variant="outline" size="sm" onClick={() => void save(0)}>
          Use the default
        </Button>
      )}
    </form>
  )
}
