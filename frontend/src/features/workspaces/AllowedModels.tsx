import { useEffect, useState } from 'react'
import { errorMessage, modelsApi, workspacesApi, type Model } from '@/api'
import { Button } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { useAppStore } from '@/features/app/store'

/** AllowedModels picks the chat models a workspace may use (model assignments). */
export function AllowedModels({ workspaceId }: { workspaceId: string }) {
  const [models, setModels] = useState<Model[] | null>(null)
  const [allowed, setAllowed] = useState<string[]>([])
  const [error, setError] = useState('')
  const navigate = useAppStore((s) => s.navigate)

  useEffect(() => {
    let live = true
    setModels(null)
    Promise.all([modelsApi.enabledModels(), workspacesApi.allowedModels(workspaceId)]).then(
      ([ms, al]) => {
        if (!live) return
        setModels(ms.filter((m) => !m.embedding))
        setAllowed(al)
      },
      (e) => live && setError(errorMessage(e)),
    )
    return () => {
      live = false
    }
  }, [workspaceId])

  const save = async (refs: string[]) => {
    setError('')
    const before = allowed
    setAllowed(refs)
    try {
      setAllowed(await workspacesApi.setAllowedModels(workspaceId, refs))
    } catch (e) {
      setAllowed(before)
      setError(errorMessage(e))
    }
  }

  if (!models) return error ? <p role="alert" className="text-sm text-destructive">{error}</p> : <div aria-busy="true" className="h-40" />
  const known = new Set(models.map((m) => m.ref))
  const unknown = allowed.filter((r) => !known.has(r))
  const refs = [...new Set(models.map((m) => m.ref))]
  return (
    <Card className="grid max-w-2xl gap-3 p-4">
      <div className="flex items-start justify-between gap-3">
        <div>
          <h3 className="text-sm font-medium">Models allowed in this workspace</h3>
          <p className="text-xs text-muted-foreground" data-testid="allowed-summary">
            {allowed.length === 0 ? 'Every enabled model may be used. Tick models to allow only those.' : `Chats here offer only the ${allowed.length} ticked ${allowed.length === 1 ? 'model' : 'models'}.`}
          </p>
        </div>
        {allowed.length > 0 && (
          <Button size="sm" variant="outline" onClick={() => void save([])}>
            Allow all
          </Button>
        )}
      </div>
      {models.length === 0 && (
        <p className="text-sm text-muted-foreground">
          No chat models yet.{' '}
          <button type="button" className="underline" onClick={() => navigate('models')}>
            Add a provider
          </button>
          .
        </p>
      )}
      <ul className="grid gap-1" aria-label="Allowed models">
        {refs.map((ref) => {
          const m = models.find((x) => x.ref === ref)!
          const checked = allowed.includes(ref)
          return (
            <li key={ref}>
              <label className="flex items-center gap-2 rounded-md px-2 py-1 text-sm hover:bg-accent/60">
                <input
                  type="checkbox"
                  checked={checked}
                  onChange={() => void save(checked ? allowed.filter((r) => r !== ref) : [...allowed, ref])}
                />
                <span className="flex-1 truncate">{m.displayName || m.name}</span>
                <span className="text-xs text-muted-foreground">{m.providerName}</span>
              </label>
            </li>
          )
        })}
        {unknown.map((ref) => (
          <li key={ref}>
            <label className="flex items-center gap-2 rounded-md px-2 py-1 text-sm hover:bg-accent/60">
              <input type="checkbox" checked onChange={() => void save(allowed.filter((r) => r !== ref))} />
              <span className="flex-1 truncate">{ref}</span>
              <span className="text-xs text-muted-foreground">not available on this computer</span>
            </label>
          </li>
        ))}
      </ul>
      {error && (
        <p role="alert" className="text-sm text-destructive">
          {error}
        </p>
      )}
    </Card>
  )
}
