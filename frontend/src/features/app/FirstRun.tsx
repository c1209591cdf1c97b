import { Boxes, Cpu, KeyRound, ShieldCheck } from 'lucide-react'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { useModelsStore } from '@/features/models/store'
import { useAppStore } from './store'

/** FirstRun explains the next step when no provider is configured yet. */
export function FirstRun() {
  const navigate = useAppStore((s) => s.navigate)
  // Each button goes straight to the add-provider dialog (for Ollama, to its form), not only to the page.
  const add = (presetId = '') => {
    useModelsStore.getState().openAddProvider(presetId)
    navigate('models')
  }
  return (
    <div className="mx-auto flex max-w-2xl flex-col gap-6 py-10" data-testid="first-run">
      <div>
        <h2 className="text-2xl font-semibold tracking-tight">Welcome to BookBag</h2>
        <p className="mt-2 text-muted-foreground">
          Chat with cloud and local models, ground answers in your own documents, and keep everything on this
          computer. To start, connect a model.
        </p>
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <Card>
          <CardHeader>
            <KeyRound className="size-5 text-primary" />
            <CardTitle>Add a provider</CardTitle>
            <CardDescription>
              OpenAI, Anthropic, xAI Grok, OpenRouter, Groq, Mistral, DeepSeek, Gemini or any OpenAI-compatible
              server. Your API key goes to the system keychain, never to disk.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <Button onClick={() => add()}>
              <Boxes /> Add a provider
            </Button>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <Cpu className="size-5 text-primary" />
            <CardTitle>Use local Ollama</CardTitle>
            <CardDescription>
              Run models offline. Start Ollama on this computer and BookBag finds it at 127.0.0.1:11434 (or
              OLLAMA_HOST).
            </CardDescription>
          </CardHeader>
          <CardContent>
            <Button variant="outline" onClick={() => add('ollama')}>
              <Cpu /> Set up Ollama
            </Button>
          </CardContent>
        </Card>
      </div>
      <p className="flex items-center gap-2 text-xs text-muted-foreground">
        <ShieldCheck className="size-4" /> Your chats, documents and settings stay in a local database.
      </p>
    </div>
  )
}
