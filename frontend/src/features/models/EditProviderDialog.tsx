import { useState } from 'react'
import { errorMessage, type Preset, type Provider, type ProviderInput } from '@/api'
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { ProviderForm } from './ProviderForm'
import { useModelsStore } from './store'

/** EditProviderDialog changes a provider's settings, then tests it again. */
export function EditProviderDialog({ provider, onClose }: { provider: Provider | null; onClose: () => void }) {
  const presets = useModelsStore((s) => s.presets)
  const keychain = useModelsStore((s) => s.keychain)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')
  const preset: Preset | undefined =
    provider == null
      ? undefined
      : (presets.find((p) => p.id === provider.preset) ?? {
      id: provider.preset,
      displayName: provider.preset,
      kind: provider.kind,
      baseUrl: '',
      keyEnv: '',
      keyRequired: provider.keyRequired,
      local: provider.local,
      keyUrl: '',
    })

  const save = async (input: ProviderInput) => {
    if (!provider) return
    setBusy(true)
    setError('')
    try {
      const s = useModelsStore.getState()
      await s.updateProvider(provider.id, input)
      onClose()
      void s.testProvider(provider.id)
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Dialog
      open={provider != null}
      onOpenChange={(o) => {
        if (!o) {
          setError('')
          onClose()
        }
      }}
    >
      <DialogContent className="max-w-xl">
        <DialogHeader>
          <DialogTitle>Edit {provider?.name}</DialogTitle>
          <DialogDescription>Leave the API key empty to keep the stored one.</DialogDescription>
        </DialogHeader>
        {provider?.slug && (
          <p className="text-xs text-muted-foreground" data-testid="provider-slug">
            When another {preset?.displayName ?? provider.preset} provider lists a model of the same name, this one&apos;s is
            told apart as <code className="font-mono">{provider.preset}@{provider.slug}:…</code>. That name stays when you rename
            the provider, so chats that chose it keep running here.
          </p>
        )}
        {provider && preset && (
          <ProviderForm
            key={provider.id}
            preset={preset}
            provider={provider}
            keychain={keychain}
            busy={busy}
            error={error}
            submitLabel="Save"
            onSubmit={(input) => void save(input)}
          />
        )}
      </DialogContent>
    </Dialog>
  )
}
