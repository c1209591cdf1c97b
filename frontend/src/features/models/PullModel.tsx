import { useId, useState } from 'react'
import { CircleAlert, CircleCheck, Download, X } from 'lucide-react'
import type { Provider } from '@/api'
import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { Progress } from '@/components/ui/progress'
import { formatBytes, percent } from './format'
import { useModelsStore, type PullState } from './store'

function statusLine(p: PullState): string {
  if (p.done && p.status === 'canceled') return 'Download canceled'
  if (p.done) return p.error ? p.error : `${p.model} is ready`
  if (p.status === 'starting') return 'Starting…'
  return p.status ? p.status.charAt(0).toUpperCase() + p.status.slice(1) : 'Downloading…'
}

/** PullProgress shows one Ollama download: bytes, percent, and its end. */
export function PullProgress({ pull, onCancel, onDismiss }: { pull: PullState; onCancel: () => void; onDismiss: () => void }) {
  const pct = pull.done && !pull.error ? 100 : percent(pull.completed, pull.total)
  const failed = pull.done && !!pull.error
  const canceled = pull.done && pull.status === 'canceled'
  return (
    <div className="grid gap-2 rounded-lg border bg-muted/40 p-3" role="group" aria-label={`Download of ${pull.model}`}>
      <div className="flex items-center justify-between gap-3 text-sm">
        <span className="flex min-w-0 items-center gap-1.5">
          {pull.done && !failed && <CircleCheck className="size-4 shrink-0 text-success" />}
          {failed && !canceled && <CircleAlert className="size-4 shrink-0 text-destructive" />}
          <span className="truncate font-mono">{pull.model}</span>
        </span>
        {pull.done ? (
          <Button variant="ghost" size="icon" aria-label="Dismiss" onClick={onDismiss}>
            <X />
          </Button>
        ) : (
          <Button variant="outline" size="sm" onClick={onCancel}>
            Cancel
          </Button>
        )}
      </div>
      {!failed && <Progress value={pct} label={`Downloading ${pull.model}`} announce={!pull.done} />}
      <div className="flex items-center justify-between gap-3 text-xs">
        {/* Only the stage and the end are announced; the byte count changes too often to be read out. */}
        <span className={failed && !canceled ? 'text-destructive' : 'text-muted-foreground'} data-testid="pull-status" role={failed && !canceled ? 'alert' : 'status'}>
          {statusLine(pull)}
        </span>
        {!failed && (
          <span className="tabular-nums text-muted-foreground">
            {pull.total > 0 && `${formatBytes(pull.completed)} of ${formatBytes(pull.total)} · `}
            {pct}%
          </span>
        )}
      </div>
    </div>
  )
}

/** PullModel downloads a model into a local Ollama by name. */
export function PullModel({ provider }: { provider: Provider }) {
  const id = useId()
  const [name, setName] = useState('')
  const pull = useModelsStore((s) => s.pulls[provider.id])
  const running = pull != null && !pull.done

  const start = (e: React.FormEvent) => {
    e.preventDefault()
    if (!name.trim() || running) return
    void useModelsStore.getState().pull(provider.id, name)
    setName('')
  }

  return (
    <div className="grid gap-2">
      <form onSubmit={start} className="flex items-end gap-2">
        <div className="grid flex-1 gap-1.5">
          <Label htmlFor={`${id}-pull`}>Pull a model</Label>
          <Input
            id={`${id}-pull`}
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="llama3.2:3b"
            spellCheck={false}
            className="font-mono text-xs"
            disabled={running}
          />
        </div>
        <Button type="submit" variant="outline" disabled={!name.trim() || running}>
          <Download /> Pull
        </Button>
      </form>
      {pull && (
        <PullProgress
          pull={pull}
          onCancel={() => void useModelsStore.getState().cancelPull(provider.id)}
          onDismiss={() => useModelsStore.getState().dismissPull(provider.id)}
        />
      )}
    </div>
  )
}
