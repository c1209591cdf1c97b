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
  const adding = useModelsStore((s) => s.adding)
  const openAdd = () => useModelsStore.getState().openAddProvider()
  const [editing, setEditing] = useState<Provider | null>(null)

  return (
    <div className="grid gap-4">
      <KeychainBanner keychain={keychain} />
      {/* Nothing until the list is read: the add button would otherwise move from the header to the empty state under the cursor. */}
      {!loaded ? null : providers.length === 0 ? (
        // One way in when there is nothing yet: the empty state's button, not a second one above it.
        <div className="flex flex-col items-center gap-3 rounded-xl border border-dashed p-10 text-center">
          <Boxes className="size-8 text-muted-foreground" />
          <div>
            <p className="font-medium">Connect your first model</p>
            <p className="mt-1 max-w-md text-sm text-muted-foreground">
              Add a cloud provider with your API key, or a server on this computer such as Ollama or LM Studio.
            </p>
          </div>
          <Button onClick={openAdd}>
            <Plus /> Add provider
          </Button>
        </div>
      ) : (
        <div className="flex items-center justify-between gap-3">
          <p className="text-sm text-muted-foreground">{`${providers.length} ${providers.length === 1 ? 'provider' : 'providers'}`}</p>
          <Button onClick={openAdd}>
            <Plus /> Add provider
          </Button>
        </div>
      )}

      {providers.length > 0 && <DefaultsCard />}
      {providers.map((p) => (
        <ProviderCard key={p.id} provider={p} onEdit={setEditing} />
      ))}

      <AddProviderDialog
        open={adding.open}
        presetId={adding.presetId}
        onOpenChange={(o) => (o ? useModelsStore.getState().openAddProvider(adding.presetId) : useModelsStore.getState().closeAddProvider())}
      />
      <EditProviderDialog provider={editing} onClose={() => setEditing(null)} />
    </div>
  )
}
