import { useEffect, useState } from 'react'
import { AlertTriangle, Check, ChevronDown, LoaderCircle, ShieldQuestion, Wrench } from 'lucide-react'
import type { Message } from '@/api'
import { cn } from '@/lib/utils'
import { useWaitingFor } from '@/features/tools/approvals'
import { prettyJSON } from '@/features/tools/args'
import { useToolServers } from '@/features/tools/store'
import { AttachmentThumb } from './AttachmentThumb'
import { splitToolName } from './toolRows'

// A result can be a megabyte: the card draws this much until asked for all.
const SHOWN = 20_000

interface Props {
  /** The tool_call message (absent for an output whose call is not loaded). */
  call?: Message
  /** The tool_output message, once the call has ended. */
  output?: Message
}

/** ToolCard is one tool call and its result, folded to a line until opened. */
export function ToolCard({ call, output }: Props) {
  const [open, setOpen] = useState(false)
  const waiting = useWaitingFor(call?.id ?? '')
  const { server: prefix, tool } = splitToolName(call?.toolName || output?.toolName || '')
  const server = useServerName(prefix, call?.toolServer || output?.toolServer || '')
  const running = !!call && call.status === 'streaming' && !output
  const failed = output?.status === 'error' || call?.status === 'error'
  const result = output?.content ?? ''
  const state = waiting ? 'waiting' : running ? 'running' : failed ? 'error' : output ? 'done' : 'ended'

  return (
    <div
      className={cn('w-full rounded-lg border text-sm', failed ? 'border-destructive/50 bg-destructive/5' : 'bg-muted/30')}
      data-testid="tool-card"
      data-state={state}
      data-message-id={call?.id ?? output?.id}
      aria-label={`Tool ${tool}`}
      role="group"
    >
      <button type="button" onClick={() => setOpen(!open)} aria-expanded={open} className="flex w-full items-center gap-2 px-3 py-1.5 text-left">
        <Wrench className="size-4 shrink-0 text-muted-foreground" />
        <span className="font-mono">{tool || 'tool'}</span>
        {server && <span className="text-xs text-muted-foreground">from {server}</span>}
        <span className="ml-auto flex items-center gap-1 text-xs text-muted-foreground">
          {state === 'waiting' && (
            <>
              <ShieldQuestion className="size-3.5 text-primary" /> Waiting for your approval
            </>
          )}
          {state === 'running' && (
            <>
              <LoaderCircle className="size-3.5 animate-spin" aria-label="Running" /> Running…
            </>
          )}
          {state === 'error' && (
            <span className="flex items-center gap-1 text-destructive">
              <AlertTriangle className="size-3.5" /> Failed
            </span>
          )}
          {state === 'done' && <Check className="size-3.5 text-success" aria-label="Done" />}
          {state === 'ended' && call && <span>Did not finish</span>}
        </span>
        <ChevronDown className={cn('size-4 shrink-0 text-muted-foreground transition-transform', open && 'rotate-180')} />
      </button>
      {!open && result && (
        <p className={cn('truncate border-t px-3 py-1 font-mono text-xs', failed ? 'text-destructive' : 'text-muted-foreground')} data-testid="tool-preview">
          {result.slice(0, 300)}
        </p>
      )}
      {open && (
        <div className="grid gap-2 border-t px-3 py-2">
          {call && (
            <div>
              <p className="mb-1 text-xs font-medium text-muted-foreground">Arguments</p>
              <pre className="max-h-60 overflow-auto whitespace-pre-wrap break-all rounded bg-background p-2 font-mono text-xs" data-testid="tool-arguments">
                {prettyJSON(call.content) || '{}'}
              </pre>
            </div>
          )}
          {output && <Result text={result} failed={failed} />}
        </div>
      )}
      {/* A tool's images (a screenshot) show open or folded, as a user's do. */}
      {!!output?.attachments?.length && (
        <div className="flex flex-wrap gap-2 border-t px-3 py-2" data-testid="tool-images">
          {output.attachments.map((a) => (
            <AttachmentThumb key={a.sha256 || a.name} attachment={a} />
          ))}
        </div>
      )}
    </div>
  )
}

function Result({ text, failed }: { text: string; failed: boolean }) {
  const [all, setAll] = useState(false)
  const cut = !all && text.length > SHOWN
  return (
    <div>
      <p className="mb-1 text-xs font-medium text-muted-foreground">{failed ? 'Error' : 'Result'}</p>
      <pre
        className={cn('max-h-80 overflow-auto whitespace-pre-wrap break-words rounded bg-background p-2 font-mono text-xs', failed && 'text-destructive')}
        data-testid="tool-result"
      >
        {cut ? text.slice(0, SHOWN) : text || '(empty)'}
      </pre>
      {cut && (
        <button type="button" className="mt-1 text-xs text-primary underline" onClick={() => setAll(true)}>
          Show all {text.length.toLocaleString()} characters
        </button>
      )}
    </div>
  )
}

/**
 * useServerName is the server's name the call recorded (stored), or for a
 * call made before that was recorded, the name of the configured server
 * whose tools' model names start with prefix ("web search" for
 * "web_search"), or prefix itself when none has it.
 */
function useServerName(prefix: string, stored: string): string {
  const name = useToolServers((s) => (stored ? undefined : s.servers.find((sv) => sv.modelPrefix === prefix)?.name))
  useEffect(() => {
    if (prefix && !stored) useToolServers.getState().ensureLoaded()
  }, [prefix, stored])
  return stored || name || prefix
}
