import { useId, useState } from 'react'
import { errorMessage, type Defaults } from '@/api'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { Label } from '@/components/ui/label'
import { ModelSelect } from './ModelSelect'
import { useModelsStore } from './store'

/** DefaultsCard picks the app-wide default chat and embedding models. */
export function DefaultsCard() {
  const id = useId()
  const enabled = useModelsStore((s) => s.enabled)
  const defaults = useModelsStore((s) => s.defaults)
  const [error, setError] = useState('')
  const chat = enabled.filter((m) => !m.embedding)
  const embedding = enabled.filter((m) => m.embedding)

  const save = async (d: Defaults) => {
    setError('')
    try {
      await useModelsStore.getState().setDefaults(d)
    } catch (e) {
      setError(errorMessage(e))
    }
  }

  return (
    <Card>
      <CardHeader className="pb-3">
        <CardTitle className="text-sm">Defaults</CardTitle>
        <CardDescription>New chats use the default chat model; documents are indexed with the embedding model. A workspace can choose others.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4 sm:grid-cols-2">
        <div className="grid gap-1.5">
          <Label htmlFor={`${id}-chat`}>Default chat model</Label>
          <ModelSelect
            id={`${id}-chat`}
            models={chat}
            value={defaults.chatModelRef}
            // Unset, chats take the first enabled chat model (the app's resolver does): say which, not "None".
            none={chat.length ? `Automatic: first enabled (${chat[0].displayName || chat[0].name})` : 'No chat models yet'}
            onChange={(ref) => void save({ ...defaults, chatModelRef: ref })}
          />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor={`${id}-embed`}>Default embedding model</Label>
          <ModelSelect
            id={`${id}-embed`}
            models={embedding}
            value={defaults.embeddingModelRef}
            none={embedding.length ? 'None (keyword search only)' : 'No embedding models yet'}
            onChange={(ref) => void save({ ...defaults, embeddingModelRef: ref })}
          />
        </div>
        {error && (
          <p role="alert" className="text-sm text-destructive sm:col-span-2">
            {error}
          </p>
        )}
      </CardContent>
    </Card>
  )
}
