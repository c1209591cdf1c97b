import { useId, useState } from 'react'
import { KeyRound, LoaderCircle, ShieldCheck, TriangleAlert } from 'lucide-react'
import type { KeychainState, Preset, Provider, ProviderInput } from '@/api'
import { Button } from '@/components/ui/button'
import { outsideClick } from '@/lib/links'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { keyIsOptional } from './format'

interface ProviderFormProps {
  preset: Preset
  /** The provider being edited; absent when adding. */
  provider?: Provider | null
  keychain: KeychainState | null
  busy: boolean
  error: string
  submitLabel: string
  onSubmit: (input: ProviderInput) => void
  onBack?: () => void
}

/** ProviderForm edits a provider's name, base URL and where its key comes from. */
export function ProviderForm({ preset, provider, keychain, busy, error, submitLabel, onSubmit, onBack }: ProviderFormProps) {
  const id = useId()
  const [name, setName] = useState(provider?.name ?? preset.displayName)
  const [baseUrl, setBaseUrl] = useState(provider?.baseUrl ?? preset.baseUrl)
  const [keyEnv, setKeyEnv] = useState(provider?.keyEnv ?? preset.keyEnv)
  const [apiKey, setApiKey] = useState('')
  const [clearKey, setClearKey] = useState(false)
  const stored = provider?.key?.source === 'keychain'
  // Local servers rarely need a key: the field is one click away instead of in the way.
  const [wantsKey, setWantsKey] = useState(!keyIsOptional(preset) || stored)
  const noKeychain = keychain != null && !keychain.available

  const submit = (e: React.FormEvent) => {
    e.preventDefault()
    onSubmit({
      preset: preset.id,
      name: name.trim(),
      baseUrl: baseUrl.trim(),
      keyEnv: keyEnv.trim(),
      apiKey: wantsKey && !clearKey ? apiKey.trim() : '',
      clearKey: stored && clearKey,
      enabled: provider?.enabled ?? true,
    })
  }

  return (
    <form className="grid gap-4" onSubmit={submit} aria-label={`${preset.displayName} settings`}>
      <div className="grid gap-1.5">
        <Label htmlFor={`${id}-name`}>Name</Label>
        <Input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} maxLength={80} required />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor={`${id}-url`}>Base URL</Label>
        <Input
          id={`${id}-url`}
          value={baseUrl}
          onChange={(e) => setBaseUrl(e.target.value)}
          placeholder={preset.baseUrl || 'https://host/v1'}
          required={!preset.baseUrl}
          spellCheck={false}
          className="font-mono text-xs"
          aria-describedby={`${id}-url-hint`}
        />
        <p id={`${id}-url-hint`} className="text-xs text-muted-foreground">
          {preset.baseUrl ? `Default: ${preset.baseUrl}` : 'The server’s OpenAI-compatible endpoint, usually ending in /v1.'}
        </p>
      </div>

      {wantsKey ? (
        <div className="grid gap-1.5">
          <Label htmlFor={`${id}-key`}>API key{!preset.keyRequired && <span className="font-normal text-muted-foreground"> (optional)</span>}</Label>
          <Input
            id={`${id}-key`}
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={apiKey}
            onChange={(e) => setApiKey(e.target.value)}
            disabled={noKeychain || clearKey}
            placeholder={stored ? `Leave empty to keep the stored key ${provider?.key.hint ?? ''}`.trim() : preset.keyRequired ? 'Paste your key' : ''}
            aria-describedby={`${id}-key-hint`}
          />
          <div id={`${id}-key-hint`} className="grid gap-1 text-xs text-muted-foreground">
            {noKeychain ? (
              <p className="flex items-start gap-1.5 text-foreground">
                <TriangleAlert className="mt-0.5 size-3.5 shrink-0 text-warning" />
                The system keychain is not available, so a key cannot be stored here. Set it in the environment variable below.
              </p>
            ) : (
              <p className="flex items-center gap-1.5">
                <ShieldCheck className="size-3.5 shrink-0" /> Stored in the system keychain, never written to disk.
              </p>
            )}
            {preset.keyUrl && (
              <p>
                Get a key at{' '}
                <a
                  href={preset.keyUrl}
                  className="font-mono text-foreground underline"
                  onClick={outsideClick(preset.keyUrl)}
                >
                  {preset.keyUrl}
                </a>
              </p>
            )}
          </div>
          {stored && (
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={clearKey} onChange={(e) => setClearKey(e.target.checked)} className="size-4 accent-primary" />
              Remove the stored key
            </label>
          )}
        </div>
      ) : (
        <Button type="button" variant="link" className="h-auto justify-self-start p-0" onClick={() => setWantsKey(true)}>
          <KeyRound /> This server needs an API key
        </Button>
      )}

      <div className="grid gap-1.5">
        <Label htmlFor={`${id}-env`}>Or read the key from environment variable</Label>
        <Input
          id={`${id}-env`}
          value={keyEnv}
          onChange={(e) => setKeyEnv(e.target.value)}
          placeholder={preset.keyEnv}
          spellCheck={false}
          className="font-mono text-xs"
          aria-describedby={`${id}-env-hint`}
        />
        <p id={`${id}-env-hint`} className="text-xs text-muted-foreground">
          Used when no key is stored in the keychain; set it in the environment BookBag is started from.
        </p>
      </div>

      {error && (
        <p role="alert" className="text-sm text-destructive">
          {error}
        </p>
      )}
      <div className="flex justify-end gap-2">
        {onBack && (
          <Button variant="outline" onClick={onBack} disabled={busy}>
            Back
          </Button>
        )}
        <Button type="submit" disabled={busy}>
          {busy && <LoaderCircle className="animate-spin" />} {submitLabel}
        </Button>
      </div>
    </form>
  )
}
