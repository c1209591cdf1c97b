import { useEffect, useState } from 'react'
import { FileUp, LoaderCircle } from 'lucide-react'
import { errorMessage, type ToolImportReport } from '@/api'
import { Button } from '@/components/ui/button'
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { Label } from '@/components/ui/label'
import { Textarea } from '@/components/ui/textarea'
import { useToolServers } from './store'

const example = `{
  "mcpServers": {
    "filesystem": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/home/me/notes"] },
    "remote": { "url": "https://example.com/mcp", "headers": { "Authorization": "Bearer …" } }
  }
}`

/**
 * ImportDialog adds servers from the common {"mcpServers": …} JSON of Claude
 * Desktop, Cursor, LM Studio and others: pasted, or read from a file here in
 * the webview. Names already configured are skipped, unless the user asks
 * to update them from the file.
 */
export function ImportDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (o: boolean) => void }) {
  const [text, setText] = useState('')
  const [update, setUpdate] = useState(false)
  const [busy, setBusy] = useState(false)
  const [report, setReport] = useState<ToolImportReport | null>(null)
  const [error, setError] = useState('')

  useEffect(() => {
    if (open) {
      setText('')
      setUpdate(false)
      setReport(null)
      setError('')
    }
  }, [open])

  const run = async () => {
    setBusy(true)
    setError('')
    setReport(null)
    try {
      setReport(await useToolServers.getState().importText(text, update))
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }
  const readFile = async (file: File | undefined) => {
    if (!file) return
    try {
      setText(await file.text())
      setReport(null)
      setError('')
    } catch (e) {
      setError(errorMessage(e))
    }
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-2xl">
        <DialogHeader>
          <DialogTitle>Import tool servers</DialogTitle>
          <DialogDescription>
            Paste the <code>mcpServers</code> JSON of another app (Claude Desktop, Cursor, LM Studio…) or open its file. Servers whose name is
            already here are skipped, unless you choose to update them.
          </DialogDescription>
        </DialogHeader>
        <div className="grid gap-1.5">
          <Label htmlFor="ts-import">Configuration JSON</Label>
          <Textarea id="ts-import" rows={10} className="font-mono text-xs" value={text} onChange={(e) => setText(e.target.value)} placeholder={example} spellCheck={false} />
        </div>
        <label className="inline-flex w-fit cursor-pointer items-center gap-2 rounded-md border px-3 py-1.5 text-sm hover:bg-accent">
          <FileUp className="size-4" /> Open a file…
          <input
            type="file"
            accept=".json,application/json,text/plain"
            className="sr-only"
            aria-label="Configuration file to import"
            onChange={(e) => {
              void readFile(e.target.files?.[0])
              e.target.value = ''
            }}
          />
        </label>
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" checked={update} onChange={(e) => setUpdate(e.target.checked)} className="mt-0.5 size-4 accent-primary" />
          <span>
            Update servers already here from this file
            <span className="block text-xs text-muted-foreground">
              Their command, arguments, URL and variables become the file's. Secret values the file leaves empty, the working folder,
              timeouts and servers switched off here are kept. A server whose command or URL changes loses its standing approvals.
            </span>
          </span>
        </label>
        {error && (
          <p role="alert" className="whitespace-pre-wrap text-sm text-destructive">
            {error}
          </p>
        )}
        {report && <ImportSummary report={report} />}
        <DialogFooter>
          <Button variant="outline" onClick={() => onOpenChange(false)}>
            {report ? 'Done' : 'Cancel'}
          </Button>
          <Button onClick={() => void run()} disabled={busy || text.trim() === ''}>
            {busy && <LoaderCircle className="animate-spin" />} Import
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  )
}

function ImportSummary({ report }: { report: ToolImportReport }) {
  return (
    <div className="grid gap-1 rounded-md border bg-muted/40 px-3 py-2 text-sm" data-testid="import-report" role="status">
      <p>
        {report.added.length === 0 ? 'No servers added.' : `Added ${report.added.length}: ${report.added.join(', ')}.`}
      </p>
      {report.updated.length > 0 && <p>{`Updated ${report.updated.length}: ${report.updated.join(', ')}.`}</p>}
      {report.revokedApprovals > 0 && (
        <p className="text-muted-foreground">
          {report.revokedApprovals === 1 ? '1 standing approval was' : `${report.revokedApprovals} standing approvals were`} removed: what those
          servers run changed, so their tools ask again before they run.
        </p>
      )}
      {report.skipped.length > 0 && (
        <p className="text-muted-foreground">
          Skipped {report.skipped.length} already configured: {report.skipped.join(', ')}.
        </p>
      )}
      {report.added.length > 0 && (
        <p className="text-muted-foreground">Switch them on for a workspace below to offer their tools in its chats.</p>
      )}
    </div>
  )
}
