import { useEffect, useState } from 'react'
import { EventNames, onEvent, workspacesApi, type DataChanged, type Model } from '@/api'

/**
 * allowedOnly keeps the models a workspace allows. An empty allow-list means
 * every model is allowed. (The chat model picker applies this to its list.)
 */
export function allowedOnly<M extends Pick<Model, 'ref'>>(models: M[], allowed: string[]): M[] {
  if (allowed.length === 0) return models
  const set = new Set(allowed)
  return models.filter((m) => set.has(m.ref))
}

/**
 * useAllowedModelRefs returns the model refs a workspace allows ([] = all),
 * kept fresh when the allow-list changes.
 */
export function useAllowedModelRefs(workspaceId: string): string[] {
  const [refs, setRefs] = useState<string[]>([])
  useEffect(() => {
    if (!workspaceId) return
    let live = true
    const load = () =>
      workspacesApi.allowedModels(workspaceId).then(
        (r) => live && setRefs(r),
        () => live && setRefs([]),
      )
    void load()
    const off = onEvent<DataChanged>(EventNames.dataChanged, (p) => {
      if (p.workspaceId === workspaceId && p.tables?.includes('model_assignments')) void load()
    })
    return () => {
      live = false
      off()
    }
  }, [workspaceId])
  return refs
}
