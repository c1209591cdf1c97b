import { useEffect, useState } from 'react'
import { AlertTriangle, LoaderCircle, Wrench } from 'lucide-react'
import { chatApi, errorMessage, type ToolBrief, type ToolsInfo } from '@/api'
import { Button } from '@/components/ui/button'
import { Popover, PopoverContent, PopoverTrigger } from '@/components/ui/popover'
import { cn } from '@/lib/utils'
import { useAppStore } from '@/features/app/store'
import { ToolHints } from './ServerTools'
import { isOff, setServerOff, setToolOff } from './toolsOff'

interface Props {
  /** The open chat; '' for a new chat not created yet. */
  chatId: string
  modelRef: string
  toolsOff: string[]
  /** Saves the chat's ToolsOff. */
  onToolsOff: (off: string[]) => Promise<void>
}

function byServer(tools: ToolBrief[]): [string, ToolBrief[]][] {
  const m = new Map<string, ToolBrief[]>()
  for (const t of tools) m.set(t.server, [...(m.get(t.server) ?? []), t])
  return [...m.entries()]
}

/**
 * ToolsPopover (composer) shows what the chat's model is offered: the
 * workspace's tools by server, each switchable for this chat, what their
 * definitions cost in the model's context, servers that could not answer,
 * or why no tools are offered. It asks when opened: asking starts servers.
 */
export function ToolsPopover({ chatId, modelRef, toolsOff, onToolsOff }: Props) {
  const [open, setOpen] = useState(false)
  const [info, setInfo] = useState<ToolsInfo | null>(null)
  const [error, setError] = useState('')
  const [saving, setSaving] = useState(false)
  const navigate = useAppStore((s) => s.navigate)
  const offKey = toolsOff.join('\n')

  useEffect(() => {
    if (!open || !chatId) return
    let live = true
    setError('')
    chatApi.toolsInfo(chatId).then(
      (i) => live && setInfo(i),
      (e) => live && setError(errorMessage(e)),
    )
    return () => {
      live = false
    }
  }, [open, chatId, modelRef, offKey])

  const save = async (off: string[]) => {
    setSaving(true)
    setError('')
    try {
      await onToolsOff(off)
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setSaving(false)
    }
  }

  const pct = info && info.contextLength > 0 ? Math.round((info.tokens / info.contextLength) * 100) : 0
  const unavailable = Object.entries(info?.unavailable ?? {})
  return (
    <Popover open={open} onOpenChange={setOpen}>
      <PopoverTrigger asChild>
        <Button variant="ghost" size="icon" aria-label="Chat tools" title="Tools the model may call">
          <Wrench className={cn(toolsOff.length > 0 && 'text-warning')} />
        </Button>
      </PopoverTrigger>
      <PopoverContent className="grid max-h-[60vh] w-96 gap-3 overflow-y-auto text-sm" aria-label="Tools in this chat">
        <p className="font-medium">Tools in this chat</p>
        {!chatId ? (
          <p className="text-muted-foreground">The tools show once this chat has its first message.</p>
        ) : !info && !error ? (
          <p className="flex items-center gap-2 text-muted-foreground">
            <LoaderCircle className="size-4 animate-spin" /> Asking the tool servers…
          </p>
        ) : null}
        {error && (
          <p role="alert" className="text-destructive">
            {error}
          </p>
        )}
        {info && !info.available && info.reason && <p className="rounded-md bg-muted px-2.5 py-2 text-muted-foreground" data-testid="tools-reason">{info.reason}</p>}
        {info && info.tools.length > 0 && (
          <>
            {info.available && (
              <p className={cn('text-xs text-muted-foreground', pct >= 25 && 'text-destructive')} data-testid="tools-cost">
                Their definitions take ~{info.tokens.toLocaleString()} tokens
                {info.contextLength > 0 && ` of the ${info.contextLength.toLocaleString()} the model reads here (${pct}%)`}.
              </p>
            )}
            {byServer(info.tools).map(([server, tools]) => {
              const names = tools.map((t) => t.tool)
              const allOff = tools.every((t) => isOff(toolsOff, server, t.tool))
              const someOff = !allOff && tools.some((t) => isOff(toolsOff, server, t.tool))
              return (
                <fieldset key={server} className="grid gap-1" disabled={saving}>
                  <label className="flex items-center gap-2 font-medium">
                    <input
                      type="checkbox"
                      className="size-4 accent-primary"
                      checked={!allOff}
                      ref={(el) => {
                        if (el) el.indeterminate = someOff
                      }}
                      onChange={(e) => void save(setServerOff(toolsOff, server, !e.target.checked))}
                    />
                    {server}
                  </label>
                  {tools.map((t) => (
                    <label key={t.name} className="ml-6 flex items-center gap-2">
                      <input
                        type="checkbox"
                        className="size-4 accent-primary"
                        checked={!isOff(toolsOff, server, t.tool)}
                        onChange={(e) => void save(setToolOff(toolsOff, server, t.tool, names, !e.target.checked))}
                      />
                      <span className="font-mono text-xs">{t.tool}</span>
                      <ToolHints readOnly={t.readOnly} destructive={t.destructive} />
                    </label>
                  ))}
                </fieldset>
              )
            })}
          </>
        )}
        {unavailable.length > 0 && (
          <ul className="grid gap-1" aria-label="Unavailable servers">
            {unavailable.map(([server, why]) => (
              <li key={server} className="flex items-start gap-2 text-xs text-destructive">
                <AlertTriangle className="mt-0.5 size-3.5 shrink-0" />
                <span>
                  <span className="font-medium">{server}</span> is not available: {why}
                </span>
              </li>
            ))}
          </ul>
        )}
        <Button
          variant="link"
          size="sm"
          className="h-auto justify-self-start p-0"
          onClick={() => {
            setOpen(false)
            navigate('tools')
          }}
        >
          Manage tool servers…
        </Button>
      </PopoverContent>
    </Popover>
  )
}
