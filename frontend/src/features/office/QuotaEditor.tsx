import { useState } from 'react'
import { officeApi, type AdminWorkspace } from '@/api'
import { Button } from '@/components/ui/button'
import { Confirm } from '@/components/ui/confirm'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { binBytes, MiB } from './format'

interface Props {
  workspace: AdminWorkspace
  onSaved: (w: AdminWorkspace) => void
  run: <T>(f: () => Promise<T>) => Promise<T | undefined>
}

/**
 * QuotaEditor sets one workspace's storage quota in MiB, or returns it to
 * the server's default, after saying what changes: a quota below what the
 * workspace holds refuses its members' growing changes at once.
 */
export function QuotaEditor({ workspace: w, onSaved, run }: Props) {
  const [mib, setMib] = useState(w.ownQuota ? String(Math.round(w.quotaBytes / MiB)) : '')
  const [asking, setAsking] = useState<number | null>(null) // the quota in bytes awaiting a yes (0: the default)
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
        if (valid) setAsking(Math.round(value * MiB))
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
        <Button type="button" variant="outline" size="sm" onClick={() => setAsking(0)}>
          Use the default
        </Button>
      )}
      <Confirm
        open={asking !== null}
        onOpenChange={(o) => !o && setAsking(null)}
        {...(asking !== null ? asks(w, asking) : { title: '', description: '' })}
        destructive={asking !== null && asking > 0 && asking < w.usageBytes}
        onConfirm={() => {
          const bytes = asking
          setAsking(null)
          if (bytes !== null) void save(bytes)
        }}
      />
    </form>
  )
}

/** asks words the question before a quota changes: from what, to what, and what a quota below the stored size does. */
function asks(w: AdminWorkspace, bytes: number): { title: string; description: string; confirmLabel: string } {
  const now = `${binBytes(w.quotaBytes)}${w.ownQuota ? '' : ' (the server default)'}`
  if (bytes === 0) {
    return {
      title: `Return ${w.name} to the server's default quota?`,
      description: `Its quota is ${now} now; the default set in Server settings applies instead. It holds ${binBytes(w.usageBytes)}.`,
      confirmLabel: 'Use the default',
    }
  }
  const over = bytes < w.usageBytes
  return {
    title: `Set the quota of ${w.name} to ${binBytes(bytes)}?`,
    description: over
      ? `It holds ${binBytes(w.usageBytes)}, more than that: its members' changes that add data will be refused until it holds less or the quota is raised. The quota is ${now} now.`
      : `The quota is ${now} now; it holds ${binBytes(w.usageBytes)}.`,
    confirmLabel: 'Set quota',
  }
}
