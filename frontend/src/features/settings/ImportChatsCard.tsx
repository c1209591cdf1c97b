import { useEffect, useRef, useState } from 'react'
import { Upload } from 'lucide-react'
import { chatApi, errorMessage, EventNames, onEvent, type ChatImport, type ImportResult } from '@/api'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { Progress } from '@/components/ui/progress'
import { useCurrentWorkspace } from '@/features/workspaces/store'

/** describeImport says what an import did, in a sentence. */
export function describeImport(r: ImportResult): string {
  const from = r.format === 'chatgpt' ? 'ChatGPT export' : r.format === 'claude' ? 'Claude export' : 'BookBag file'
  const parts = [`${r.chatsAdded} chat${r.chatsAdded === 1 ? '' : 's'} added (${r.messagesAdded} messages)`]
  if (r.chatsSkipped > 0) parts.push(`${r.chatsSkipped} already there`)
  return `${from}: ${parts.join(', ')}.`
}

/** importProgressText says where a running import is: the whole file is checked, then its chats are stored. */
export function importProgressText(p: ChatImport | null): string {
  if (!p || p.total === 0) return 'Reading the file…'
  const pct = Math.floor((100 * Math.min(p.done, p.total)) / p.total)
  if (p.stage === 'checking') return `Checking the file: ${p.totalChats.toLocaleString()} chats found (${pct}% read)`
  return `Importing chats: ${p.chats.toLocaleString()} of ${p.totalChats.toLocaleString()} stored (${pct}% of the file read)`
}

/** ImportChatsCard imports a ChatGPT or Claude export or BookBag chat files into the current workspace. */
export function ImportChatsCard() {
  const ws = useCurrentWorkspace()
  const input = useRef<HTMLInputElement>(null)
  const [result, setResult] = useState<ImportResult | null>(null)
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  const [progress, setProgress] = useState<ChatImport | null>(null)

  // A large export takes a while: show how far it is, while it runs.
  useEffect(() => {
    if (!busy) return
    return onEvent<ChatImport>(EventNames.chatImport, (p) => setProgress(p))
  }, [busy])

  const run = async (f: () => Promise<ImportResult>) => {
    setBusy(true)
    setProgress(null)
    setError('')
    try {
      const r = await f()
      setResult(r.format ? r : null) // no format: the dialog was cancelled
    } catch (e) {
      setResult(null)
      setError(errorMessage(e))
    } finally {
      setBusy(false)
      setProgress(null)
    }
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>Import chats</CardTitle>
        <CardDescription>
          A ChatGPT or Claude data export (conversations.json or the .zip, with its branches) or BookBag chat files, into{' '}
          {ws?.name ?? 'this workspace'}. Importing the same file again adds nothing; a cancelled import keeps the chats it stored,
          and importing the file again adds the rest.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-3 text-sm">
        <div className="flex gap-2">
          <Button variant="outline" size="sm" disabled={!ws || busy} onClick={() => ws && void run(() => chatApi.pickChats(ws.id))}>
            <Upload /> Choose a file…
          </Button>
          <input
            ref={input}
            type="file"
            accept=".json,.zip,application/json,application/zip"
            aria-label="Chat file to import"
            disabled={!ws || busy}
            // Hidden: "Choose a file…" opens the system's dialog; this input
            // takes a file the webview is given (drops, tests).
            className="sr-only"
            tabIndex={-1}
            onChange={(e) => {
              const f = e.target.files?.[0]
              if (f && ws) void run(() => chatApi.importChats(ws.id, f))
              e.target.value = ''
            }}
          />
        </div>
        {busy && (
          <div className="flex items-center gap-3" data-testid="import-progress">
            <div className="grid flex-1 gap-1">
              <span className="text-xs text-muted-foreground">{importProgressText(progress)}</span>
              <Progress label="Import progress" announce value={progress && progress.total > 0 ? (100 * progress.done) / progress.total : 0} />
            </div>
            <Button variant="outline" size="sm" onClick={() => void chatApi.cancelImport()}>
              Cancel
            </Button>
          </div>
        )}
        {result && (
          <div role="status" data-testid="import-result">
            <p>{describeImport(result)}</p>
            {result.warnings.length > 0 && (
              <ul className="mt-1 list-disc pl-5 text-xs text-muted-foreground">
                {result.warnings.slice(0, 8).map((w, i) => (
                  <li key={i}>{w}</li>
                ))}
                {result.warnings.length > 8 && <li>… and {result.warnings.length - 8} more notes</li>}
              </ul>
            )}
          </div>
        )}
        {error && <p role="alert" className="text-destructive">{error}</p>}
      </CardContent>
    </Card>
  )
}
