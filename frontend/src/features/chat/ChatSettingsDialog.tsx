import { useEffect, useState } from 'react'
import { errorMessage, modelsApi, type Chat, type ChatSettings, type Overrides, type ParamSupport, type Profile } from '@/api'
import { Button } from '@/components/ui/button'
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { Textarea } from '@/components/ui/textarea'
import { fieldDescription, ParamField } from '@/features/models/ParamField'
import { allEfforts } from '@/features/models/profileForm'
import type { ParamKey } from '@/features/models/profileForm'
import { useWorkspaceStore } from '@/features/workspaces/store'

interface Props {
  chat: Chat
  open: boolean
  onOpenChange: (o: boolean) => void
  onSave: (cs: ChatSettings) => Promise<void>
}

const num = (s: string): number | undefined => (s.trim() === '' ? undefined : Number(s))

/** ChatSettingsDialog edits a chat's system prompt, profile and parameter overrides. */
export function ChatSettingsDialog({ chat, open, onOpenChange, onSave }: Props) {
  const ws = useWorkspaceStore((s) => s.currentId)
  const [profiles, setProfiles] = useState<Profile[]>([])
  const [profileId, setProfileId] = useState(chat.profileId)
  const [system, setSystem] = useState(chat.systemPrompt)
  const [o, setO] = useState<Record<string, string>>({})
  const [error, setError] = useState('')
  // What the chat's model takes: a parameter it does not take is shown as
  // not applicable (and is not sent), never dropped without a word.
  const [support, setSupport] = useState<ParamSupport | null>(null)

  useEffect(() => {
    if (!open || !chat.modelRef) {
      setSupport(null)
      return
    }
    let live = true
    modelsApi.paramSupport(chat.modelRef).then(
      (s) => live && setSupport(s ?? null),
      () => live && setSupport(null),
    )
    return () => {
      live = false
    }
  }, [open, chat.modelRef])

  useEffect(() => {
    if (!open) return
    setProfileId(chat.profileId)
    setSystem(chat.systemPrompt)
    const p = chat.params
    setO({
      temperature: p.temperature?.toString() ?? '',
      topP: p.topP?.toString() ?? '',
      maxTokens: p.maxTokens?.toString() ?? '',
      contextLength: p.contextLength?.toString() ?? '',
      reasoningEffort: p.reasoningEffort ?? '',
      think: p.think === undefined || p.think === null ? '' : p.think ? 'on' : 'off',
    })
    setError('')
    void modelsApi.listProfiles(ws).then(setProfiles, () => setProfiles([]))
  }, [open, chat, ws])

  const save = async () => {
    const params: Overrides = {
      temperature: num(o.temperature),
      topP: num(o.topP),
      maxTokens: num(o.maxTokens),
      contextLength: num(o.contextLength),
      reasoningEffort: o.reasoningEffort || undefined,
      think: o.think === '' ? undefined : o.think === 'on',
      // Set from the composer's tools button, not here: kept as it is.
      toolsOff: chat.params.toolsOff,
    }
    if (Object.values(params).some((v) => typeof v === 'number' && Number.isNaN(v))) {
      setError('Numbers only, please.')
      return
    }
    try {
      await onSave({ modelRef: chat.modelRef, profileId, systemPrompt: system, params })
      onOpenChange(false)
    } catch (e) {
      setError(errorMessage(e))
    }
  }

  const modelName = chat.modelRef.slice(chat.modelRef.indexOf(':') + 1) || 'this model'
  const frame = (key: ParamKey, label: string, children: React.ReactNode) => (
    <ParamField id={`cs-${key}`} param={key} label={label} support={support} modelName={modelName} hasValue={(o[key] ?? '') !== ''}>
      {children}
    </ParamField>
  )
  const field = (key: ParamKey, label: string, placeholder: string) =>
    frame(
      key,
      label,
      <Input id={`cs-${key}`} inputMode="decimal" placeholder={placeholder} value={o[key] ?? ''} aria-describedby={fieldDescription(`cs-${key}`)}
        onChange={(e) => setO({ ...o, [key]: e.target.value })} />,
    )
  const efforts = support?.efforts?.length ? support.efforts : allEfforts

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-xl">
        <DialogHeader>
          <DialogTitle>Chat settings</DialogTitle>
          <DialogDescription>
            These override the profile, which overrides the workspace's settings and the model's defaults. Empty means inherited.
          </DialogDescription>
        </DialogHeader>
        <div className="grid gap-4">
          <div className="grid gap-1.5">
            <Label htmlFor="cs-profile">Parameter profile</Label>
            <select id="cs-profile" value={profileId} onChange={(e) => setProfileId(e.target.value)} className="h-9 rounded-md border border-input bg-background px-2 text-sm">
              <option value="">None (workspace default)</option>
              {profiles.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="cs-system">System prompt</Label>
            <Textarea id="cs-system" rows={4} value={system} onChange={(e) => setSystem(e.target.value)} placeholder="Inherited from the profile or workspace" />
          </div>
          <div className="grid grid-cols-2 gap-3">
            {field('temperature', 'Temperature', '0–2')}
            {field('topP', 'Top P', '0–1')}
            {field('maxTokens', 'Max output tokens', 'model default')}
            {field('contextLength', 'Context length', 'model default')}
            {frame(
              'reasoningEffort',
              'Reasoning effort',
              <select id="cs-reasoningEffort" value={o.reasoningEffort ?? ''} onChange={(e) => setO({ ...o, reasoningEffort: e.target.value })}
                aria-describedby={fieldDescription('cs-reasoningEffort')} className="h-9 rounded-md border border-input bg-background px-2 text-sm">
                <option value="">Inherited</option>
                {o.reasoningEffort && !efforts.includes(o.reasoningEffort) && <option value={o.reasoningEffort}>{o.reasoningEffort} (not taken by this model)</option>}
                {efforts.map((v) => (
                  <option key={v}>{v}</option>
                ))}
              </select>,
            )}
            {frame(
              'think',
              'Thinking',
              <select id="cs-think" value={o.think ?? ''} onChange={(e) => setO({ ...o, think: e.target.value })}
                aria-describedby={fieldDescription('cs-think')} className="h-9 rounded-md border border-input bg-background px-2 text-sm">
                <option value="">Inherited</option>
                <option value="on">On</option>
                <option value="off">Off</option>
              </select>,
            )}
          </div>
          {error && <p className="text-sm text-destructive">{error}</p>}
        </div>
        <DialogFooter>
          <Button variant="outline" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button onClick={() => void save()}>Save</Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  )
}
