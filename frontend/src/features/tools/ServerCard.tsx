import { useState } from 'react'
import { ChevronDown, Pencil, RotateCw, Trash2 } from 'lucide-react'
import { errorMessage, type ToolServer } from '@/api'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { Confirm } from '@/components/ui/confirm'
import { Switch } from '@/components/ui/switch'
import { cn } from '@/lib/utils'
import { ServerProblems, ServerStatusBadge } from './ServerStatus'
import { ServerTools } from './ServerTools'
import { useToolServers } from './store'

/** where says how a server is reached: its command line, or its URL. */
function where(sv: ToolServer): string {
  return sv.transport === 'stdio' ? [sv.command, ...sv.args].join(' ') : sv.url
}

/** ServerCard: one tool server with its status, switch, Restart, Edit, Remove, and its tools when opened. */
export function ServerCard({ server: sv, onEdit }: { server: ToolServer; onEdit: (sv: ToolServer) => void }) {
  const list = useToolServers((s) => s.tools[sv.id])
  const [open, setOpen] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const [error, setError] = useState('')
  const s = useToolServers.getState

  const toggle = () => {
    if (!open && !list?.tools) void s().loadTools(sv.id)
    setOpen(!open)
  }
  const remove = async () => {
    setError('')
    try {
      await s().remove(sv.id)
    } catch (e) {
      setError(errorMessage(e))
    }
  }
  const secrets = sv.envNames.length + sv.headerNames.length

  return (
    <Card role="article" aria-label={sv.name} className={cn('overflow-hidden', !sv.enabled && 'opacity-75')}>
      <div className="flex flex-wrap items-start gap-3 p-4">
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-2">
            <h3 className="truncate font-semibold">{sv.name}</h3>
            <Badge variant="outline">{sv.transport}</Badge>
            <ServerStatusBadge status={sv.status} />
          </div>
          <p className="mt-0.5 truncate font-mono text-xs text-muted-foreground" title={where(sv)}>
            {where(sv)}
          </p>
          {secrets > 0 && (
            <p className="mt-0.5 text-xs text-muted-foreground">
              {sv.transport === 'stdio' ? 'Environment' : 'Headers'} in the keychain: {[...sv.envNames, ...sv.headerNames].join(', ')}
            </p>
          )}
        </div>
        <label className="flex items-center gap-2 text-sm text-muted-foreground">
          {sv.enabled ? 'On' : 'Off'}
          <Switch aria-label={`Use server ${sv.name}`} checked={sv.enabled} onCheckedChange={(on) => void s().setEnabled(sv.id, on)} />
        </label>
      </div>
      <div className="grid gap-2 px-4 pb-3 empty:hidden">
        <ServerProblems status={sv.status} />
        {error && (
          <p role="alert" className="text-sm text-destructive">
            {error}
          </p>
        )}
      </div>
      <div className="flex flex-wrap items-center gap-2 border-t bg-muted/30 px-4 py-2">
        <Button variant="ghost" size="sm" onClick={toggle} aria-expanded={open} disabled={!sv.enabled}>
          <ChevronDown className={cn('transition-transform', open && 'rotate-180')} /> Tools
        </Button>
        <Button variant="outline" size="sm" onClick={() => void s().restart(sv.id)} disabled={!sv.enabled}>
          <RotateCw /> Restart
        </Button>
        <Button variant="ghost" size="sm" onClick={() => onEdit(sv)}>
          <Pencil /> Edit
        </Button>
        <Button variant="ghost" size="sm" className="text-destructive hover:text-destructive" onClick={() => setConfirming(true)}>
          <Trash2 /> Remove
        </Button>
      </div>
      {open && sv.enabled && (
        <div className="border-t p-4">
          <ServerTools list={list} failed={sv.status.state === 'failed'} />
        </div>
      )}
      <Confirm
        open={confirming}
        onOpenChange={setConfirming}
        title={`Remove ${sv.name}?`}
        description={`Its settings${secrets > 0 ? ', its secrets in the keychain' : ''}, every workspace's use of it and its standing approvals are deleted. The record of past calls stays.`}
        confirmLabel="Remove"
        destructive
        onConfirm={() => void remove()}
      />
    </Card>
  )
}
