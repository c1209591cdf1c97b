import { useEffect, useState } from 'react'
import { Download, FileUp, Plus, Wrench } from 'lucide-react'
import { errorMessage, toolsApi, type ToolServer } from '@/api'
import { Page } from '@/components/layout/Page'
import { Button } from '@/components/ui/button'
import { useToasts } from '@/components/ui/toast'
import { ImportDialog } from './ImportDialog'
import { ServerCard } from './ServerCard'
import { ServerDialog } from './ServerDialog'
import { useToolServers, watchServers } from './store'
import { WorkspaceTools } from './WorkspaceTools'

/** ToolsPage: the app's MCP servers (add, import, export, status, tools), then their use in a workspace. */
export function ToolsPage() {
  const servers = useToolServers((s) => s.servers)
  const loaded = useToolServers((s) => s.loaded)
  const error = useToolServers((s) => s.error)
  const show = useToasts((s) => s.show)
  const [editing, setEditing] = useState<ToolServer | null>(null)
  const [dialogOpen, setDialogOpen] = useState(false)
  const [importing, setImporting] = useState(false)

  useEffect(() => watchServers(), [])
  useEffect(() => {
    void useToolServers.getState().load()
  }, [])

  const edit = (sv: ToolServer | null) => {
    setEditing(sv)
    setDialogOpen(true)
  }
  const exportAll = async () => {
    try {
      const path = await toolsApi.exportServers()
      if (path) show({ message: `Saved the servers to ${path} (secret values left empty)` })
    } catch (e) {
      show({ message: errorMessage(e), tone: 'error' })
    }
  }

  return (
    <Page
      title="Tools"
      actions={
        <>
          <Button variant="outline" onClick={() => setImporting(true)}>
            <FileUp /> Import
          </Button>
          <Button variant="outline" onClick={() => void exportAll()} disabled={servers.length === 0}>
            <Download /> Export
          </Button>
          <Button onClick={() => edit(null)}>
            <Plus /> Add server
          </Button>
        </>
      }
    >
      <div className="mx-auto grid max-w-4xl gap-8">
        <section className="grid gap-3" aria-label="Tool servers">
          <p className="text-sm text-muted-foreground">
            MCP servers give models tools. A server starts when first used and stops when BookBag quits; switch one off here to stop it
            everywhere.
          </p>
          {error && (
            <p role="alert" className="rounded-lg border border-destructive/40 bg-destructive/10 p-3 text-sm text-destructive">
              {error}
            </p>
          )}
          {loaded && servers.length === 0 && (
            <div className="flex flex-col items-center gap-3 rounded-xl border border-dashed p-10 text-center">
              <Wrench className="size-8 text-muted-foreground" />
              <div>
                <p className="font-medium">No tool servers yet</p>
                <p className="mt-1 max-w-md text-sm text-muted-foreground">
                  Add one by its command or URL, or import the <code>mcpServers</code> configuration of another app.
                </p>
              </div>
            </div>
          )}
          {servers.map((sv) => (
            <ServerCard key={sv.id} server={sv} onEdit={edit} />
          ))}
        </section>
        <WorkspaceTools />
      </div>
      <ServerDialog open={dialogOpen} server={editing} onOpenChange={setDialogOpen} />
      <ImportDialog open={importing} onOpenChange={setImporting} />
    </Page>
  )
}
