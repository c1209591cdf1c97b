import { useState } from 'react'
import { Boxes, Plus } from 'lucide-react'
import type { Provider } from '@/api'
import { Button } from '@/components/ui/button'
import { AddProviderDialog } from './AddProviderDialog'
import { DefaultsCard } from './DefaultsCard'
import { EditProviderDialog } from './EditProviderDialog'
import { KeychainBanner } from './KeychainBanner'
import { ProviderCard } from './ProviderCard'
import { useModelsStore } from './store'

/** ProvidersTab: the keychain state, defaults, and every provider with its models. */
export function ProvidersTab() {
  const providers = useModelsStore((s) => s.providers)
  const keychain = useModelsStore((s) => s.keychain)
  const loaded = useModelsStore((s) => s.loaded)
  const [adding, setAdding] = useState(false)
  const [editing, setEditing] = useState<Provider | null>(null)

  return (
    <div className="grid gap-4">
      <KeychainBanner keychain={keychain} />
      <div className="flex items-center justify-between gap-3">
        <p className="text-sm text-muted-foreground">
          {providers.length === 0 ? 'No providers yet.' : `${providers.length} ${providers.length === 1 ? 'provider' : 'providers'}`}
        </p>
        <Button onClick={() => setAdding(true)}>
          <Plus /> Add provider
        </Button>
      </div>

      {loaded && providers.length === 0 && (
        <div className="flex flex-col items-center gap-3 rounded-xl border border-dashed p-10 text-center">
          <Boxes className="size-8 text-muted-foreground" />
          <div>
            <p className="font-medium">Connect your first model</p>
            <p className="mt-1 max-w-md text-sm text-muted-foreground">
              Add a cloud provider with your API key, or a server on this computer such as Ollama or LM Studio.
            </p>
          </div>
          <Button variant="outline" onClick={() => setAdding(true)}>
            <Plus /> Connect a provider
          </Button>
        </div>
      )}

      {providers.length > 0 && <DefaultsCard />}
      {providers.map((p) => (
        <ProviderCard key={p.id} provider={p} onEdit={setEditing} />
      ))}

      <AddProviderDialog open={adding} onOpenChange={setAdding} />
      <EditProviderDialog provider={editing} onClose={() => setEditing(null)} />
    </div>
  )
}
