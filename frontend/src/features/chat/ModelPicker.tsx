import { useEffect, useState } from 'react'
import { Brain, ChevronDown, Eye } from 'lucide-react'
import { EventNames, modelsApi, onEvent, type DataChanged, type Model } from '@/api'
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator, DropdownMenuTrigger } from '@/components/ui/dropdown-menu'
import { Button } from '@/components/ui/button'
import { useAppStore } from '@/features/app/store'
import { findModel } from '@/features/models/ref'

/** useChatModels lists the enabled chat models (not embedding models). */
export function useChatModels(): Model[] {
  const [models, setModels] = useState<Model[]>([])
  useEffect(() => {
    const load = () => void modelsApi.enabledModels().then((ms) => setModels(ms.filter((m) => !m.embedding)), () => setModels([]))
    load()
    return onEvent<DataChanged>(EventNames.dataChanged, (p) => {
      if (p.tables.includes('models') || p.tables.includes('providers')) load()
    })
  }, [])
  return models
}

/** ModelPicker chooses the model of a chat from the enabled models. */
export function ModelPicker({ value, models, onChange }: { value: string; models: Model[]; onChange: (ref: string) => void }) {
  const navigate = useAppStore((s) => s.navigate)
  const current = findModel(models, value)
  const byProvider = new Map<string, Model[]>()
  for (const m of models) byProvider.set(m.providerName, [...(byProvider.get(m.providerName) ?? []), m])
  const label = current ? current.displayName || current.name : value ? value.slice(value.indexOf(':') + 1) : 'Default model'
  // Two providers listing this model (a local Ollama and a GPU box): say which one runs it.
  const where = current && models.some((m) => m !== current && m.name === current.name) ? current.providerName : ''
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="sm" aria-label="Model" className="max-w-72 font-medium">
          <span className="truncate">{label}</span>
          {where && <span className="truncate font-normal text-muted-foreground">{where}</span>}
          <ChevronDown />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="max-h-96 w-72 overflow-y-auto">
        {models.length === 0 && (
          <DropdownMenuItem onSelect={() => navigate('models')}>No models yet: add a provider…</DropdownMenuItem>
        )}
        {[...byProvider.entries()].map(([provider, ms], i) => (
          <div key={provider}>
            {i > 0 && <DropdownMenuSeparator />}
            <DropdownMenuLabel>{provider}</DropdownMenuLabel>
            {ms.map((m) => (
              <DropdownMenuItem key={m.id} onSelect={() => onChange(m.ref)} aria-checked={m === current} role="menuitemradio">
                <span className="flex-1 truncate">{m.displayName || m.name}</span>
                {m.vision && <Eye className="text-muted-foreground" aria-label="vision" />}
                {m.thinking && <Brain className="text-muted-foreground" aria-label="thinking" />}
              </DropdownMenuItem>
            ))}
          </div>
        ))}
      </DropdownMenuContent>
    </DropdownMenu>
  )
}
