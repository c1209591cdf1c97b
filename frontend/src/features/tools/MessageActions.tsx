import { useState } from 'react'
import { LoaderCircle, MoreHorizontal, Puzzle } from 'lucide-react'
import { errorMessage, toolsApi, type Message, type ToolAction, type ToolActionResult } from '@/api'
import { Button } from '@/components/ui/button'
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuTrigger } from '@/components/ui/dropdown-menu'
import { cn } from '@/lib/utils'
import { useWorkspaceStore } from '@/features/workspaces/store'

interface Run {
  action: ToolAction
  result?: ToolActionResult
  error?: string
}

/**
 * MessageActions is a message's "…" menu: the message actions of the
 * workspace's plugins (listed when the menu opens, since listing starts their
 * servers), each run on this message with its answer shown in a dialog.
 */
export function MessageActions({ message: m, text }: { message: Message; text: string }) {
  const ws = useWorkspaceStore((s) => s.currentId)
  const [actions, setActions] = useState<ToolAction[] | null>(null)
  const [listError, setListError] = useState('')
  const [run, setRun] = useState<Run | null>(null)

  const list = async () => {
    setListError('')
    try {
      setActions(await toolsApi.actions(ws))
    } catch (e) {
      setActions([])
      setListError(errorMessage(e))
    }
  }
  const start = async (action: ToolAction) => {
    setRun({ action })
    try {
      const result = await toolsApi.runAction({ workspaceId: ws, chatId: m.chatId, messageId: m.id, role: m.role, text, server: action.server, tool: action.tool })
      setRun((r) => (r?.action === action ? { action, result } : r))
    } catch (e) {
      setRun((r) => (r?.action === action ? { action, error: errorMessage(e) } : r))
    }
  }
  const failed = !!run?.error || !!run?.result?.isError

  return (
    <>
      <DropdownMenu onOpenChange={(o) => o && void list()}>
        <DropdownMenuTrigger asChild>
          <button type="button" aria-label="More actions" title="More actions" className="rounded p-1 hover:bg-accent hover:text-foreground [&_svg]:size-3.5">
            <MoreHorizontal />
          </button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="start" className="max-h-80 overflow-y-auto">
          <DropdownMenuLabel>Plugin actions</DropdownMenuLabel>
          {actions === null && (
            <p className="flex items-center gap-2 px-2 py-1.5 text-xs text-muted-foreground">
              <LoaderCircle className="size-3.5 animate-spin" /> Loading…
            </p>
          )}
          {listError && <p className="max-w-64 px-2 py-1.5 text-xs text-destructive">{listError}</p>}
          {actions?.length === 0 && !listError && (
            <p className="max-w-64 px-2 py-1.5 text-xs text-muted-foreground">None: switch a plugin on for this workspace on the Tools page.</p>
          )}
          {actions?.map((a) => (
            <DropdownMenuItem key={`${a.server}/${a.tool}`} onSelect={() => void start(a)} title={a.description}>
              <Puzzle /> {a.title}
              <span className="ml-auto pl-3 text-xs text-muted-foreground">{a.server}</span>
            </DropdownMenuItem>
          ))}
        </DropdownMenuContent>
      </DropdownMenu>
      <Dialog open={run !== null} onOpenChange={(o) => !o && setRun(null)}>
        <DialogContent className="max-w-2xl">
          <DialogHeader>
            <DialogTitle>{run?.action.title}</DialogTitle>
            <DialogDescription>From the plugin {run?.action.server}.</DialogDescription>
          </DialogHeader>
          {run && !run.result && !run.error ? (
            <p className="flex items-center gap-2 text-sm text-muted-foreground">
              <LoaderCircle className="size-4 animate-spin" /> Running…
            </p>
          ) : (
            <pre
              className={cn('max-h-[60vh] overflow-auto whitespace-pre-wrap break-words rounded-md border bg-muted/40 p-3 text-sm', failed && 'border-destructive/50 text-destructive')}
              data-testid="action-result"
              role={failed ? 'alert' : undefined}
            >
              {run?.error || run?.result?.text || '(no answer)'}
            </pre>
          )}
          <DialogFooter>
            {run?.result && !failed && (
              <Button variant="outline" onClick={() => void navigator.clipboard?.writeText(run.result?.text ?? '')}>
                Copy
              </Button>
            )}
            <Button onClick={() => setRun(null)}>Close</Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </>
  )
}
