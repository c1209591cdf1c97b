import { useEffect, useState } from 'react'
import { errorMessage, modelsApi, workspacesApi } from '@/api'
import { useToasts } from '@/components/ui/toast'
import { useAppStore } from '@/features/app/store'
import { modelName } from './format'

export interface EmbeddingFix {
  label: string
  run: () => void
  /** another way, when the main one uses the app's default model */
  other?: { label: string; run: () => void }
}

/**
 * useEmbeddingFix is the one click that turns keyword-only search into hybrid
 * search. With an app default embedding model (Models page) it sets that
 * model on the workspace, which re-embeds its documents in the background;
 * without one it opens the Models page to pick or pull one.
 */
export function useEmbeddingFix(workspaceId: string, onChanged: () => void): EmbeddingFix {
  const navigate = useAppStore((s) => s.navigate)
  const [ref, setRef] = useState('')
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    let live = true
    modelsApi
      .defaults()
      .then((d) => live && setRef(d.embeddingModelRef))
      .catch(() => live && setRef(''))
    return () => {
      live = false
    }
  }, [workspaceId])

  const models = { label: 'Choose an embedding model', run: () => navigate('models') }
  if (!ref) return models
  const name = modelName(ref)
  return {
    label: busy ? `Switching to ${name}…` : `Use ${name}`,
    run: () => {
      if (busy) return
      setBusy(true)
      const show = useToasts.getState().show
      void (async () => {
        try {
          const st = await workspacesApi.settings(workspaceId)
          const change = await workspacesApi.updateSettings({ ...st, embeddingModelRef: ref })
          show({ message: change.reembedding ? `Hybrid search with ${name}: embedding this workspace's documents` : `Hybrid search with ${name}` })
          onChanged()
        } catch (e) {
          show({ message: errorMessage(e), tone: 'error' })
        } finally {
          setBusy(false)
        }
      })()
    },
    other: { label: 'Other models', run: models.run },
  }
}
