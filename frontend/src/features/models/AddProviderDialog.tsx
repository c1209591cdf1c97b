import { useEffect, useState } from 'react'
import { errorMessage, type Preset, type Provider, type ProviderInput } from '@/api'
import { Button } from '@/components/ui/button'
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { PresetBadge } from './PresetBadge'
import { PresetPicker } from './PresetPicker'
import { ProviderForm } from './ProviderForm'
import { TestStatus } from './TestStatus'
import { useModelsStore } from './store'

type Step = 'pick' | 'form' | 'result'

/**
 * AddProviderDialog: pick a kind, fill in the form, save, and see the
 * connection test at once. A failed test leads back to the form, which then
 * edits the provider just created rather than adding a second one.
 */
export function AddProviderDialog({ open, presetId = '', onOpenChange }: { open: boolean; presetId?: string; onOpenChange: (open: boolean) => void }) {
  const presets = useModelsStore((s) => s.presets)
  const keychain = useModelsStore((s) => s.keychain)
  const tests = useModelsStore((s) => s.tests)
  const [step, setStep] = useState<Step>('pick')
  const [preset, setPreset] = useState<Preset | null>(null)
  const [created, setCreated] = useState<Provider | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')

  // Opened for one kind (the first-run screen's Set up Ollama): start at its form once the kinds are loaded.
  useEffect(() => {
    if (!open || !presetId || preset) return
    const p = presets.find((x) => x.id === presetId)
    if (p) {
      setPreset(p)
      setStep('form')
    }
  }, [open, presetId, presets, preset])

  const reset = () => {
    setStep('pick')
    setPreset(null)
    setCreated(null)
    setError('')
    setBusy(false)
  }
  const change = (o: boolean) => {
    onOpenChange(o)
    if (!o) reset()
  }

  const save = async (input: ProviderInput) => {
    const s = useModelsStore.getState()
    setBusy(true)
    setError('')
    try {
      const p = created ? await s.updateProvider(created.id, input) : await s.addProvider(input)
      setCreated(p)
      setStep('result')
      setBusy(false)
      await useModelsStore.getState().testProvider(p.id)
    } catch (e) {
      setError(errorMessage(e))
      setBusy(false)
    }
  }

  const test = created ? tests[created.id] : undefined
  const title = step === 'pick' || !preset ? 'Add provider' : created ? created.name : `Add ${preset.displayName}`

  return (
    <Dialog open={open} onOpenChange={change}>
      <DialogContent className="max-w-2xl">
        <DialogHeader>
          <DialogTitle className="flex items-center gap-3">
            {preset && step !== 'pick' && <PresetBadge preset={preset.id} name={preset.displayName} className="size-8" />}
            {title}
          </DialogTitle>
          <DialogDescription>
            {step === 'pick'
              ? 'Choose what to connect. Cloud providers need an API key; local servers usually do not.'
              : step === 'form'
                ? 'Check the address and give a key, or name the environment variable that holds it.'
                : 'Saved. BookBag asked the provider for its models.'}
          </DialogDescription>
        </DialogHeader>

        {step === 'pick' && (
          <PresetPicker
            presets={presets}
            onPick={(p) => {
              setPreset(p)
              setStep('form')
            }}
          />
        )}
        {step === 'form' && preset && (
          <ProviderForm
            key={created?.id ?? preset.id}
            preset={preset}
            provider={created}
            keychain={keychain}
            busy={busy}
            error={error}
            submitLabel={created ? 'Save and test again' : 'Save and test'}
            onSubmit={(input) => void save(input)}
            onBack={created ? undefined : () => setStep('pick')}
          />
        )}
        {step === 'result' && created && (
          <>
            <div className="rounded-lg border bg-muted/40 p-4">
              <TestStatus state={test ?? { running: true }} />
            </div>
            <DialogFooter>
              {test && !test.running && !test.result?.ok && (
                <>
                  <Button variant="outline" onClick={() => void useModelsStore.getState().testProvider(created.id)}>
                    Try again
                  </Button>
                  <Button variant="outline" onClick={() => setStep('form')}>
                    Change settings
                  </Button>
                </>
              )}
              <Button onClick={() => change(false)} disabled={!test || test.running}>
                Done
              </Button>
            </DialogFooter>
          </>
        )}
      </DialogContent>
    </Dialog>
  )
}
