import { useId, useState } from 'react'
import { Binary, Brain, Eye, Search, Trash2, Wrench } from 'lucide-react'
import { errorMessage, type Model, type Provider } from '@/api'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Confirm } from '@/components/ui/confirm'
import { Input } from '@/components/ui/input'
import { Switch } from '@/components/ui/switch'
import { formatContext } from './format'
import { useModelsStore } from './store'

/** Lists longer than this fold, showing the first FOLDED models. */
const FOLD_OVER = 8
const FOLDED = 6
/** Lists longer than this get a filter box. */
const FILTER_OVER = 12

export function CapabilityBadges({ m }: { m: Model }) {
  return (
    <>
      {m.vision && (
        <Badge variant="secondary">
          <Eye className="size-3" /> vision
        </Badge>
      )}
      {m.thinking && (
        <Badge variant="secondary">
          <Brain className="size-3" /> thinking
        </Badge>
      )}
      {m.tools && (
        <Badge variant="secondary">
          <Wrench className="size-3" /> tools
        </Badge>
      )}
      {m.embedding && (
        <Badge variant="secondary">
          <Binary className="size-3" /> embedding
        </Badge>
      )}
    </>
  )
}

/** ModelList shows a provider's models with capabilities and an on/off switch each. */
export function ModelList({ provider, models }: { provider: Provider; models: Model[] }) {
  const id = useId()
  const [expanded, setExpanded] = useState(false)
  const [filter, setFilter] = useState('')
  const [deleting, setDeleting] = useState<Model | null>(null)
  const [error, setError] = useState('')
  const setModelEnabled = useModelsStore((s) => s.setModelEnabled)
  const local = provider.preset === 'ollama'

  if (models.length === 0) {
    return (
      <p className="text-sm text-muted-foreground">
        {local ? 'No models on this Ollama yet. Pull one below.' : 'No models listed yet. Test the connection or refresh to fetch them.'}
      </p>
    )
  }

  const q = filter.trim().toLowerCase()
  const matching = q ? models.filter((m) => m.name.toLowerCase().includes(q) || m.displayName.toLowerCase().includes(q)) : models
  const folds = !q && matching.length > FOLD_OVER
  const shown = folds && !expanded ? matching.slice(0, FOLDED) : matching
  const enabledCount = models.filter((m) => m.enabled).length

  const remove = async (m: Model) => {
    setError('')
    try {
      await useModelsStore.getState().deleteLocalModel(provider.id, m.name)
    } catch (e) {
      setError(errorMessage(e))
    }
  }

  return (
    <div className="grid gap-2">
      <div className="flex items-center justify-between gap-3">
        <p className="text-xs text-muted-foreground">
          {models.length} {models.length === 1 ? 'model' : 'models'} · {enabledCount} shown in pickers
        </p>
        {models.length > FILTER_OVER && (
          <div className="relative w-56">
            <Search className="pointer-events-none absolute left-2.5 top-1/2 size-3.5 -translate-y-1/2 text-muted-foreground" />
            <Input
              aria-label={`Filter ${provider.name} models`}
              placeholder="Filter models"
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
              className="h-8 pl-8 text-xs"
            />
          </div>
        )}
      </div>
      <ul id={`${id}-list`} aria-label={`${provider.name} models`} className="divide-y rounded-lg border">
        {shown.map((m) => (
          <li key={m.id} aria-label={m.name} className="flex items-center gap-3 px-3 py-2">
            <div className="min-w-0 flex-1">
              <div className="flex flex-wrap items-center gap-1.5">
                <span className="truncate font-mono text-sm">{m.name}</span>
                {m.displayName && m.displayName !== m.name && <span className="truncate text-xs text-muted-foreground">{m.displayName}</span>}
              </div>
              <div className="mt-1 flex flex-wrap items-center gap-1">
                <CapabilityBadges m={m} />
                <ContextBadge m={m} />
                {m.embedding && m.dimensions > 0 && <Badge variant="outline">{m.dimensions} dims</Badge>}
              </div>
            </div>
            {local && (
              <Button variant="ghost" size="icon" aria-label={`Delete ${m.name}`} title="Delete from Ollama" onClick={() => setDeleting(m)}>
                <Trash2 />
              </Button>
            )}
            <Switch
              aria-label={`Use ${m.name}`}
              checked={m.enabled}
              onCheckedChange={(on) => void setModelEnabled(m, on)}
              title={m.enabled ? 'Shown in model pickers' : 'Hidden from model pickers'}
            />
          </li>
        ))}
        {shown.length === 0 && <li className="px-3 py-2 text-sm text-muted-foreground">No model matches “{filter}”.</li>}
      </ul>
      {folds && (
        <Button
          variant="ghost"
          size="sm"
          className="justify-self-start"
          aria-expanded={expanded}
          aria-controls={`${id}-list`}
          onClick={() => setExpanded(!expanded)}
        >
          {expanded ? 'Show fewer' : `Show all ${matching.length} models`}
        </Button>
      )}
      {error && (
        <p role="alert" className="text-sm text-destructive">
          {error}
        </p>
      )}
      <Confirm
        open={deleting != null}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={`Delete ${deleting?.name ?? ''}?`}
        description={`This removes the model's files from Ollama at ${provider.baseUrl}. You can pull it again later.`}
        confirmLabel="Delete model"
        destructive
        onConfirm={() => deleting && void remove(deleting)}
      />
    </div>
  )
}

/** ContextBadge: the model's context, and the smaller window BookBag runs it with when there is one (Ollama's). */
function ContextBadge({ m }: { m: Model }) {
  if (m.window > 0 && m.window < m.contextLength) {
    return (
      <Badge
        variant="outline"
        title={`Trained on ${formatContext(m.contextLength)}; BookBag runs it with ${formatContext(m.window)}, which Ollama keeps in memory. A parameter profile's Context length gives it more.`}
      >
        {formatContext(m.window)} of {formatContext(m.contextLength)} context
      </Badge>
    )
  }
  const n = m.contextLength || m.window
  return n > 0 ? <Badge variant="outline">{formatContext(n)} context</Badge> : null
}
