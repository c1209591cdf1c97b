import { useEffect, useState } from 'react'
import { LoaderCircle, TriangleAlert } from 'lucide-react'
import { errorMessage, type ToolServer } from '@/api'
import { Button } from '@/components/ui/button'
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { Segmented } from '@/components/ui/segmented'
import { Textarea } from '@/components/ui/textarea'
import { useToasts } from '@/components/ui/toast'
import { SecretRows } from './SecretRows'
import { blankForm, formOf, inputOf, revokedMessage, secretWarning, type ServerForm, type Transport } from './serverForm'
import { useToolServers } from './store'

const transports: { value: Transport; label: string }[] = [
  { value: 'stdio', label: 'Command (stdio)' },
  { value: 'http', label: 'HTTP' },
  { value: 'sse', label: 'SSE (legacy)' },
]

interface Props {
  open: boolean
  /** The server to edit; null adds one. */
  server: ToolServer | null
  onOpenChange: (open: boolean) => void
}

/** ServerDialog adds or edits a tool server: how it starts or is reached, its secrets and its timeouts. */
export function ServerDialog({ open, server, onOpenChange }: Props) {
  const [f, setF] = useState<ServerForm>(blankForm)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')

  useEffect(() => {
    if (!open) return
    setF(server ? formOf(server) : blankForm())
    setError('')
  }, [open, server])

  const set = (patch: Partial<ServerForm>) => setF((cur) => ({ ...cur, ...patch }))
  const save = async () => {
    const input = inputOf(f)
    if (typeof input === 'string') {
      setError(input)
      return
    }
    setBusy(true)
    setError('')
    try {
      const s = useToolServers.getState()
      if (server) {
        const up = await s.update(server.id, input)
        // Approvals were given to the program that ran before: say they went, so a card asking again is no surprise.
        if (up.revokedApprovals > 0) useToasts.getState().show({ message: revokedMessage(up) }, 15_000)
      } else await s.add(input)
      onOpenChange(false)
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }
  const stdio = f.transport === 'stdio'
  const warning = secretWarning(f)

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-xl">
        <DialogHeader>
          <DialogTitle>{server ? `Edit ${server.name}` : 'Add a tool server'}</DialogTitle>
          <DialogDescription>
            An MCP server: a command BookBag starts, or a URL it connects to. Values of environment variables and headers are kept in the
            system keychain.
          </DialogDescription>
        </DialogHeader>
        <form
          className="grid gap-4"
          onSubmit={(e) => {
            e.preventDefault()
            void save()
          }}
        >
          <div className="grid gap-1.5">
            <Label htmlFor="ts-name">Name</Label>
            <Input id="ts-name" value={f.name} onChange={(e) => set({ name: e.target.value })} placeholder="filesystem" maxLength={64} />
          </div>
          <Segmented label="Transport" value={f.transport} options={transports} onChange={(transport) => set({ transport })} />
          {stdio ? (
            <>
              <div className="grid gap-1.5">
                <Label htmlFor="ts-command">Command</Label>
                <Input id="ts-command" className="font-mono" value={f.command} onChange={(e) => set({ command: e.target.value })} placeholder="npx" />
              </div>
              <div className="grid gap-1.5">
                <Label htmlFor="ts-args">Arguments, one per line</Label>
                <Textarea id="ts-args" className="font-mono" rows={3} value={f.args} onChange={(e) => set({ args: e.target.value })} placeholder={'-y\n@modelcontextprotocol/server-filesystem\n/home/me/notes'} />
                <SecretWarning text={warning} />
              </div>
              <div className="grid gap-1.5">
                <Label htmlFor="ts-dir">Working folder (optional)</Label>
                <Input id="ts-dir" className="font-mono" value={f.dir} onChange={(e) => set({ dir: e.target.value })} />
              </div>
              <fieldset className="grid gap-1.5">
                <legend className="mb-1.5 text-sm font-medium">Environment variables</legend>
                <p className="text-xs text-muted-foreground">
                  Kept in the keychain. An argument can use one as <code>{'${env:NAME}'}</code>.
                </p>
                <SecretRows noun="Environment variable" rows={f.env} onChange={(env) => set({ env })} />
              </fieldset>
            </>
          ) : (
            <>
              <div className="grid gap-1.5">
                <Label htmlFor="ts-url">URL</Label>
                <Input id="ts-url" className="font-mono" value={f.url} onChange={(e) => set({ url: e.target.value })} placeholder="https://example.com/mcp" />
                <SecretWarning text={warning} />
              </div>
              <fieldset className="grid gap-1.5">
                <legend className="mb-1.5 text-sm font-medium">Headers (for example Authorization: Bearer …)</legend>
                <SecretRows noun="Header" rows={f.headers} onChange={(headers) => set({ headers })} />
              </fieldset>
            </>
          )}
          <div className="grid grid-cols-2 gap-3">
            <div className="grid gap-1.5">
              <Label htmlFor="ts-init">Start timeout (seconds)</Label>
              <Input id="ts-init" inputMode="decimal" value={f.initTimeout} onChange={(e) => set({ initTimeout: e.target.value })} placeholder="default" />
            </div>
            <div className="grid gap-1.5">
              <Label htmlFor="ts-call">Call timeout (seconds)</Label>
              <Input id="ts-call" inputMode="decimal" value={f.callTimeout} onChange={(e) => set({ callTimeout: e.target.value })} placeholder="default" />
            </div>
          </div>
          {error && (
            <p role="alert" className="text-sm text-destructive">
              {error}
            </p>
          )}
          <DialogFooter>
            <Button variant="outline" onClick={() => onOpenChange(false)} disabled={busy}>
              Cancel
            </Button>
            <Button type="submit" disabled={busy}>
              {busy && <LoaderCircle className="animate-spin" />}
              {server ? 'Save' : 'Add server'}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  )
}

/** SecretWarning is the note under a field that seems to hold a secret. */
function SecretWarning({ text }: { text: string }) {
  if (!text) return null
  return (
    <p className="flex items-start gap-1.5 text-xs" role="note" data-testid="secret-warning">
      <TriangleAlert className="mt-0.5 size-3.5 shrink-0 text-warning" />
      {text}
    </p>
  )
}
