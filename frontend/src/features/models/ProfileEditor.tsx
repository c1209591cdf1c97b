import { useEffect, useId, useState } from 'react'
import { errorMessage, modelsApi, type ParamSupport, type Profile } from '@/api'
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { NativeSelect } from '@/components/ui/native-select'
import { Segmented } from '@/components/ui/segmented'
import { Textarea } from '@/components/ui/textarea'
import { useWorkspaceStore } from '@/features/workspaces/store'
import { EditorFooter } from './EditorFooter'
import { ModelSelect } from './ModelSelect'
import { fieldDescription, ParamField } from './ParamField'
import { allEfforts, fromForm, isSet, toForm, type FormErrors, type ProfileForm } from './profileForm'
import { ScopeField } from './ScopeField'
import { useModelsStore } from './store'

interface ProfileEditorProps {
  open: boolean
  /** The profile to edit; null for a new one. */
  profile: Profile | null
  onOpenChange: (open: boolean) => void
}

/** ProfileEditor edits a parameter profile and checks it against a model. */
export function ProfileEditor({ open, profile, onOpenChange }: ProfileEditorProps) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-2xl">
        <DialogHeader>
          <DialogTitle>{profile ? `Edit ${profile.name}` : 'New profile'}</DialogTitle>
          <DialogDescription>Leave a field empty to use the model’s default.</DialogDescription>
        </DialogHeader>
        {open && <ProfileEditorForm key={profile?.id ?? 'new'} profile={profile} onDone={() => onOpenChange(false)} />}
      </DialogContent>
    </Dialog>
  )
}

function ProfileEditorForm({ profile, onDone }: { profile: Profile | null; onDone: () => void }) {
  const id = useId()
  const workspaceId = useWorkspaceStore((s) => s.currentId)
  const models = useModelsStore((s) => s.enabled).filter((m) => !m.embedding)
  const [f, setF] = useState<ProfileForm>(() => toForm(profile))
  const [errors, setErrors] = useState<FormErrors>({})
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  const [checkRef, setCheckRef] = useState('')
  const [support, setSupport] = useState<ParamSupport | null>(null)
  const [supportError, setSupportError] = useState('')
  const set = <K extends keyof ProfileForm>(k: K, v: ProfileForm[K]) => setF((x) => ({ ...x, [k]: v }))
  const checked = models.find((m) => m.ref === checkRef)
  const modelName = checked?.name ?? checkRef

  useEffect(() => {
    let live = true
    setSupportError('')
    if (!checkRef) {
      setSupport(null)
      return
    }
    modelsApi.paramSupport(checkRef).then(
      (s) => live && setSupport(s ?? null),
      (e) => {
        if (!live) return
        setSupport(null)
        setSupportError(errorMessage(e))
      },
    )
    return () => {
      live = false
    }
  }, [checkRef])

  const save = async (e: React.FormEvent) => {
    e.preventDefault()
    const out = fromForm(f, { id: profile?.id ?? '', workspaceId: profile?.workspaceId || workspaceId, updatedAt: profile?.updatedAt })
    setErrors(out.errors)
    if (!out.profile) return
    setBusy(true)
    setError('')
    try {
      await useModelsStore.getState().saveProfile(out.profile)
      onDone()
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  const efforts = support?.efforts?.length ? support.efforts : allEfforts
  const common = { support, modelName }
  const num = (k: 'temperature' | 'topP' | 'maxTokens' | 'contextLength', props: React.InputHTMLAttributes<HTMLInputElement>) => (
    <Input
      id={`${id}-${k}`}
      type="number"
      inputMode="decimal"
      placeholder="Model default"
      value={f[k]}
      onChange={(e) => set(k, e.target.value)}
      aria-invalid={errors[k] ? true : undefined}
      aria-describedby={fieldDescription(`${id}-${k}`, errors[k])}
      {...props}
    />
  )

  return (
    <form className="grid gap-5" onSubmit={save} aria-label="Profile" noValidate>
      <div className="grid gap-4 sm:grid-cols-[1fr_auto]">
        <div className="grid gap-1.5">
          <Label htmlFor={`${id}-name`}>Name</Label>
          <Input
            id={`${id}-name`}
            value={f.name}
            onChange={(e) => set('name', e.target.value)}
            maxLength={80}
            placeholder="Precise, Creative, Long answers…"
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={errors.name ? `${id}-name-error` : undefined}
          />
          {errors.name && (
            <p id={`${id}-name-error`} className="text-xs text-destructive">
              {errors.name}
            </p>
          )}
        </div>
        <ScopeField personal={f.personal} onChange={(p) => set('personal', p)} />
      </div>

      <div className="grid gap-1.5 rounded-lg border bg-muted/40 p-3">
        <Label htmlFor={`${id}-check`}>Check against a model</Label>
        <ModelSelect id={`${id}-check`} models={models} value={checkRef} onChange={setCheckRef} none="Any model (no check)" />
        <p className="text-xs text-muted-foreground">
          {supportError || 'Parameters the chosen model’s provider does not take are greyed out, with the reason. Values are never dropped.'}
        </p>
      </div>

      <div className="grid gap-4 sm:grid-cols-2">
        <ParamField id={`${id}-temperature`} param="temperature" label="Temperature" hint="0 to 2; 0 is the most predictable." hasValue={isSet(f, 'temperature')} error={errors.temperature} {...common}>
          {num('temperature', { min: 0, max: 2, step: 0.1 })}
        </ParamField>
        <ParamField id={`${id}-topP`} param="topP" label="Top P" hint="Above 0, at most 1." hasValue={isSet(f, 'topP')} error={errors.topP} {...common}>
          {num('topP', { min: 0, max: 1, step: 0.05 })}
        </ParamField>
        <ParamField id={`${id}-maxTokens`} param="maxTokens" label="Max output tokens" hint="The longest answer, in tokens." hasValue={isSet(f, 'maxTokens')} error={errors.maxTokens} {...common}>
          {num('maxTokens', { min: 1, step: 1, inputMode: 'numeric' })}
        </ParamField>
        <ParamField id={`${id}-contextLength`} param="contextLength" label="Context length" hint="How many tokens the model reads (local models)." hasValue={isSet(f, 'contextLength')} error={errors.contextLength} {...common}>
          {num('contextLength', { min: 256, step: 1024, inputMode: 'numeric' })}
        </ParamField>
        <ParamField id={`${id}-reasoningEffort`} param="reasoningEffort" label="Reasoning effort" hint="How long reasoning models think." hasValue={isSet(f, 'reasoningEffort')} {...common}>
          <NativeSelect
            id={`${id}-reasoningEffort`}
            value={f.reasoningEffort}
            onChange={(e) => set('reasoningEffort', e.target.value)}
            aria-describedby={fieldDescription(`${id}-reasoningEffort`)}
          >
            <option value="">Model default</option>
            {f.reasoningEffort && !efforts.includes(f.reasoningEffort) && (
              <option value={f.reasoningEffort}>{f.reasoningEffort} (not taken by this model)</option>
            )}
            {efforts.map((e) => (
              <option key={e} value={e}>
                {e}
              </option>
            ))}
          </NativeSelect>
        </ParamField>
        <ParamField id={`${id}-think`} param="think" label="Thinking" hint="Turn a model’s thinking on or off." hasValue={isSet(f, 'think')} {...common}>
          <div id={`${id}-think`}>
            <Segmented
              label="Thinking"
              value={f.think}
              options={[
                { value: 'default', label: 'Model default' },
                { value: 'on', label: 'On' },
                { value: 'off', label: 'Off' },
              ]}
              onChange={(v) => set('think', v)}
            />
          </div>
        </ParamField>
      </div>

      <div className="grid gap-1.5">
        <Label htmlFor={`${id}-system`}>System prompt</Label>
        <Textarea
          id={`${id}-system`}
          value={f.systemPrompt}
          onChange={(e) => set('systemPrompt', e.target.value)}
          rows={4}
          placeholder="Optional. Added before every conversation that uses this profile."
        />
      </div>

      <EditorFooter error={error} busy={busy} saveLabel="Save profile" onCancel={onDone} />
    </form>
  )
}
