import { useState } from 'react'
import { KeyRound, LoaderCircle, Pencil, Plug, RefreshCw, Trash2 } from 'lucide-react'
import { errorMessage, type Model, type Provider } from '@/api'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { Confirm } from '@/components/ui/confirm'
import { Switch } from '@/components/ui/switch'
import { cn } from '@/lib/utils'
import { keyStatusText, presetName } from './format'
import { ModelList } from './ModelList'
import { PresetBadge } from './PresetBadge'
import { PullModel } from './PullModel'
import { TestStatus } from './TestStatus'
import { useModelsStore } from './store'

const EMPTY: Model[] = []

/** KeyStatus says where the key comes from: keychain (last 4 characters), environment, or none. */
export function KeyStatus({ provider }: { provider: Provider }) {
  const source = provider.key?.source ?? 'none'
  const missing = source === 'none' && provider.keyRequired
  return (
    <Badge variant={source === 'none' ? (missing ? 'warning' : 'outline') : 'secondary'} data-testid="key-status">
      <KeyRound className="size-3" /> {keyStatusText(provider)}
    </Badge>
  )
}

/** ProviderCard: one provider, its actions, its test result and its models. */
export function ProviderCard({ provider, onEdit }: { provider: Provider; onEdit: (p: Provider) => void }) {
  const presets = useModelsStore((s) => s.presets)
  const models = useModelsStore((s) => s.models[provider.id] ?? EMPTY)
  const test = useModelsStore((s) => s.tests[provider.id])
  const refreshing = useModelsStore((s) => !!s.refreshing[provider.id])
  const notice = useModelsStore((s) => s.notices[provider.id])
  const [confirming, setConfirming] = useState(false)
  const [error, setError] = useState('')
  const s = useModelsStore.getState

  const remove = async () => {
    setError('')
    try {
      await s().removeProvider(provider.id)
    } catch (e) {
      setError(errorMessage(e))
    }
  }

  return (
    <Card role="article" aria-label={provider.name} className={cn('overflow-hidden', !provider.enabled && 'opacity-75')}>
      <div className="flex flex-wrap items-start gap-3 p-4">
        <PresetBadge preset={provider.preset} name={presetName(presets, provider.preset)} />
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-2">
            <h3 className="truncate font-semibold">{provider.name}</h3>
            <Badge variant="outline">{presetName(presets, provider.preset)}</Badge>
            {!provider.enabled && <Badge variant="secondary">Off</Badge>}
          </div>
          <p className="mt-0.5 truncate font-mono text-xs text-muted-foreground" title={provider.baseUrl}>
            {provider.baseUrl}
          </p>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <KeyStatus provider={provider} />
          </div>
        </div>
        <label className="flex items-center gap-2 text-sm text-muted-foreground">
          {provider.enabled ? 'On' : 'Off'}
          <Switch
            aria-label={`Use provider ${provider.name}`}
            checked={provider.enabled}
            onCheckedChange={(on) => void s().setProviderEnabled(provider.id, on)}
          />
        </label>
      </div>

      <div className="flex flex-wrap items-center gap-2 border-t bg-muted/30 px-4 py-2">
        <Button variant="outline" size="sm" onClick={() => void s().testProvider(provider.id)} disabled={test?.running}>
          {test?.running ? <LoaderCircle className="animate-spin" /> : <Plug />} Test connection
        </Button>
        <Button variant="outline" size="sm" onClick={() => void s().refreshModels(provider.id)} disabled={refreshing}>
          <RefreshCw className={cn(refreshing && 'animate-spin')} /> Refresh models
        </Button>
        <Button variant="ghost" size="sm" onClick={() => onEdit(provider)}>
          <Pencil /> Edit
        </Button>
        <Button variant="ghost" size="sm" className="text-destructive hover:text-destructive" onClick={() => setConfirming(true)}>
          <Trash2 /> Remove
        </Button>
        <TestStatus state={test} className="ml-auto min-w-0" />
      </div>

      <div className="grid gap-4 p-4">
        {(notice || error) && (
          <p role="alert" className="text-sm text-destructive">
            {error || notice}
          </p>
        )}
        <ModelList provider={provider} models={models} />
        {provider.preset === 'ollama' && <PullModel provider={provider} />}
      </div>

      <Confirm
        open={confirming}
        onOpenChange={setConfirming}
        title={`Remove ${provider.name}?`}
        description={
          provider.key?.source === 'keychain'
            ? 'Its model list and its API key in the system keychain are deleted. Chats keep their messages.'
            : 'Its model list is deleted. Chats keep their messages.'
        }
        confirmLabel="Remove"
        destructive
        onConfirm={() => void remove()}
      />
    </Card>
  )
}
