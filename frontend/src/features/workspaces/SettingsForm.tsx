import { useEffect, useId, useState } from 'react'
import { errorMessage, modelsApi, workspacesApi, type Model, type Profile, type WorkspaceSettings } from '@/api'
import { Button } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { NativeSelect } from '@/components/ui/native-select'
import { Switch } from '@/components/ui/switch'
import { Textarea } from '@/components/ui/textarea'
import { useToasts } from '@/components/ui/toast'
import { ModelSelect } from '@/features/models/ModelSelect'
import { allowedOnly } from './allowed'

// Re-ranking's size (backend/rag/rank/llmrerank.go): the passages it sends,
// their length, and the prompt that makes at four characters a token.
const RERANK_CANDIDATES = 30
const RERANK_CLIP = 400
const RERANK_PROMPT_TOKENS = 3100

/** SettingsForm edits a workspace's settings: prompt, models, profile, retrieval. */
export function SettingsForm({ workspaceId }: { workspaceId: string }) {
  const id = useId()
  const show = useToasts((s) => s.show)
  const [saved, setSaved] = useState<WorkspaceSettings | null>(null)
  const [st, setSt] = useState<WorkspaceSettings | null>(null)
  const [models, setModels] = useState<Model[]>([])
  const [allowed, setAllowed] = useState<string[]>([])
  const [profiles, setProfiles] = useState<Profile[]>([])
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  const [reindex, setReindex] = useState(0) // documents to offer re-indexing for

  useEffect(() => {
    let live = true
    setSt(null)
    setReindex(0)
    setError('')
    Promise.all([
      workspacesApi.settings(workspaceId),
      modelsApi.enabledModels().catch(() => [] as Model[]),
      workspacesApi.allowedModels(workspaceId).catch(() => [] as string[]),
      modelsApi.listProfiles(workspaceId).catch(() => [] as Profile[]),
    ]).then(
      ([s, ms, al, ps]) => {
        if (!live) return
        setSaved(s)
        setSt(s)
        setModels(ms)
        setAllowed(al)
        setProfiles(ps)
      },
      (e) => live && setError(errorMessage(e)),
    )
    return () => {
      live = false
    }
  }, [workspaceId])

  if (!st || !saved) return error ? <p role="alert" className="text-sm text-destructive">{error}</p> : <div aria-busy="true" className="h-40" />
  const set = (patch: Partial<WorkspaceSettings>) => setSt({ ...st, ...patch })
  const chatModels = allowedOnly(
    models.filter((m) => !m.embedding),
    allowed,
  )
  const embeddingModels = models.filter((m) => m.embedding)
  const dirty = JSON.stringify(st) !== JSON.stringify(saved)
  const int = (v: string) => (v === '' ? 0 : Math.round(Number(v)))

  const save = async (e: React.FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setError('')
    try {
      const ch = await workspacesApi.updateSettings(st)
      setSaved(ch.settings)
      setSt(ch.settings)
      setReindex(ch.reindexSuggested ? ch.documents : 0)
      show({
        message: ch.reembedding
          ? `Saved. Embedding ${ch.documents} ${ch.documents === 1 ? 'document' : 'documents'} again with ${ch.settings.embeddingModelRef}…`
          : 'Workspace settings saved.',
      })
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }
  const runReindex = async () => {
    try {
      const n = await workspacesApi.reindexDocuments(workspaceId)
      setReindex(0)
      show({ message: `Re-indexing ${n} ${n === 1 ? 'document' : 'documents'} with the new chunk sizes.` })
    } catch (err) {
      setError(errorMessage(err))
    }
  }

  return (
    <form onSubmit={save} className="grid max-w-2xl gap-4" aria-label="Workspace settings">
      <Card className="grid gap-4 p-4">
        <h3 className="text-sm font-medium">Chats</h3>
        <div className="grid gap-1.5">
          <Label htmlFor={`${id}-prompt`}>System prompt</Label>
          <Textarea
            id={`${id}-prompt`}
            rows={4}
            value={st.systemPrompt}
            onChange={(e) => set({ systemPrompt: e.target.value })}
            placeholder="Instructions every chat in this workspace starts with"
          />
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <div className="grid gap-1.5">
            <Label htmlFor={`${id}-model`}>Default chat model</Label>
            <ModelSelect
              id={`${id}-model`}
              models={chatModels}
              value={st.defaultModelRef}
              none="The app's default"
              onChange={(ref) => set({ defaultModelRef: ref })}
            />
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor={`${id}-profile`}>Default parameter profile</Label>
            <NativeSelect id={`${id}-profile`} value={st.defaultProfileId} onChange={(e) => set({ defaultProfileId: e.target.value })}>
              <option value="">None (the model's defaults)</option>
              {st.defaultProfileId && !profiles.some((p) => p.id === st.defaultProfileId) && (
                <option value={st.defaultProfileId}>(not available)</option>
              )}
              {profiles.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                  {p.workspaceId ? '' : ' (personal)'}
                </option>
              ))}
            </NativeSelect>
          </div>
        </div>
        <div className="flex items-center justify-between gap-4">
          <Label htmlFor={`${id}-docs`} className="grid gap-0.5">
            <span>Answer from the workspace's documents</span>
            <span className="text-xs font-normal text-muted-foreground">Off: chats use only the documents attached to them.</span>
          </Label>
          <Switch id={`${id}-docs`} checked={st.useDocuments} onCheckedChange={(v) => set({ useDocuments: v })} />
        </div>
      </Card>

      <Card className="grid gap-4 p-4">
        <h3 className="text-sm font-medium">Documents and retrieval</h3>
        <div className="grid gap-1.5">
          <Label htmlFor={`${id}-embed`}>Embedding model</Label>
          <ModelSelect
            id={`${id}-embed`}
            models={embeddingModels}
            value={st.embeddingModelRef}
            none="None (keyword search only)"
            onChange={(ref) => set({ embeddingModelRef: ref })}
          />
          {st.embeddingModelRef !== saved.embeddingModelRef && (
            <p className="text-xs text-muted-foreground">Saving embeds this workspace's documents again with the new model.</p>
          )}
        </div>
        <div className="grid grid-cols-2 gap-4 sm:grid-cols-4">
          <NumberField id={`${id}-size`} label="Chunk size" hint="characters" value={st.chunkSize} min={100} max={8000} step={50} onChange={(v) => set({ chunkSize: int(v) })} />
          <NumberField id={`${id}-overlap`} label="Overlap" hint="characters" value={st.chunkOverlap} min={0} max={4000} step={10} onChange={(v) => set({ chunkOverlap: int(v) })} />
          <NumberField id={`${id}-topk`} label="Top-k" hint="passages per answer" value={st.topK} min={1} max={50} step={1} onChange={(v) => set({ topK: int(v) })} />
          <NumberField
            id={`${id}-min`}
            label="Minimum relevance"
            hint="0 to 1; 0 keeps all"
            value={st.minScore}
            min={0}
            max={1}
            step={0.05}
            onChange={(v) => set({ minScore: v === '' ? 0 : Number(v) })}
          />
        </div>
        <div className="flex items-center justify-between gap-4">
          <Label htmlFor={`${id}-rerank`} className="grid gap-0.5">
            <span>Re-rank sources with the chat model</span>
            <span className="text-xs font-normal text-muted-foreground">
              Before each answer, the chat's model reads the best {RERANK_CANDIDATES} passages (each cut to {RERANK_CLIP} characters) and
              picks the most relevant in order: one extra call of about {RERANK_PROMPT_TOKENS.toLocaleString('en-US')} prompt tokens per
              question, and its time (given up after 20 s). The answer notes the model, the time and the tokens.
            </span>
          </Label>
          <Switch id={`${id}-rerank`} checked={st.rerankSources} onCheckedChange={(v) => set({ rerankSources: v })} />
        </div>
        {reindex > 0 && (
          <div role="status" className="flex items-center justify-between gap-3 rounded-md border border-amber-500/40 bg-amber-500/10 px-3 py-2 text-sm">
            <span>
              The chunk settings changed. {reindex} {reindex === 1 ? 'document keeps its' : 'documents keep their'} old chunks until re-indexed.
            </span>
            <Button size="sm" variant="outline" onClick={() => void runReindex()}>
              Re-index {reindex === 1 ? 'it' : `all ${reindex}`}
            </Button>
          </div>
        )}
      </Card>
      {error && (
        <p role="alert" className="text-sm text-destructive">
          {error}
        </p>
      )}
      <div className="flex gap-2">
        <Button type="submit" disabled={busy || !dirty}>
          Save settings
        </Button>
        <Button variant="outline" disabled={busy || !dirty} onClick={() => setSt(saved)}>
          Discard changes
        </Button>
      </div>
    </form>
  )
}

function NumberField(props: { id: string; label: string; hint: string; value: number; min: number; max: number; step: number; onChange: (v: string) => void }) {
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={props.id}>{props.label}</Label>
      <Input
        id={props.id}
        type="number"
        inputMode="decimal"
        value={props.value}
        min={props.min}
        max={props.max}
        step={props.step}
        onChange={(e) => props.onChange(e.target.value)}
      />
      <span className="text-xs text-muted-foreground">{props.hint}</span>
    </div>
  )
}
