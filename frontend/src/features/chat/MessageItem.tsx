import { lazy, memo, Suspense, useCallback, useState } from 'react'
import { AlertTriangle, Brain, Check, ChevronDown, ChevronLeft, ChevronRight, Copy, Info, Pencil, RefreshCw, Trash2 } from 'lucide-react'
import type { Message, Note } from '@/api'
import { Button } from '@/components/ui/button'
import { Confirm } from '@/components/ui/confirm'
import { useCopy } from '@/components/ui/copy'
import { cn } from '@/lib/utils'
import type { StreamState } from './streamReducer'
import { AttachmentThumb } from './AttachmentThumb'
import { imeKey } from './ime'
import { openAnswerLink } from './links'
import { ToolCard } from './ToolCard'
import { MessageActions } from '@/features/tools/MessageActions'
import { parseRef } from '@/features/models/ref'

const Markdown = lazy(() => import('@/components/markdown/Markdown'))

interface Props {
  message: Message
  /** For a tool call: the output that answers it (one card shows both). */
  toolOutput?: Message
  stream?: StreamState
  onRegenerate: (id: string) => void
  onEdit: (id: string, content: string) => Promise<boolean>
  onSwitch: (id: string) => void
  onDelete: (id: string) => void
  onCite: (message: Message, n: number) => void
  editing: boolean
  setEditing: (id: string | null) => void
  /** Another answer of the chat is being written: what would start a second one or pull the branch from under it waits. */
  locked?: boolean
}

const lockedWhy = 'An answer is being written: wait for it, or stop it'

/** MessageItem shows one message: text (markdown for answers), thinking, metadata and actions. */
export const MessageItem = memo(function MessageItem(p: Props) {
  const m = p.message
  const s = p.stream
  // A stream still waiting for its start (held, after a reload) shows the saved text.
  const text = s && !s.held && (s.text.length >= m.content.length || s.status === 'streaming') ? s.text : m.content
  const thinking = s && s.thinking.length >= m.thinking.length ? s.thinking : m.thinking
  const streaming = s?.status === 'streaming' || (m.status === 'streaming' && !s)
  const errorText = s?.status === 'error' ? s.error?.message : m.status === 'error' || m.status === 'interrupted' ? m.error : ''
  const [confirmDelete, setConfirmDelete] = useState(false)
  const sibIndex = m.siblingIds.indexOf(m.id)
  const { onCite } = p
  // Stable while the message is, so its markdown is not parsed again when the item is drawn again.
  const cite = useCallback((n: number) => onCite(m, n), [onCite, m])

  if (m.kind === 'tool_call') return <ToolCard call={m} output={p.toolOutput} />
  if (m.kind === 'tool_output') return <ToolCard output={m} />
  if (m.kind === 'reasoning') return <TraceItem message={m} />

  const isUser = m.role === 'user'
  return (
    <article
      className={cn('group flex flex-col gap-1.5', isUser ? 'items-end' : 'items-start')}
      aria-label={isUser ? 'Your message' : 'Answer'}
      data-message-id={m.id}
      data-status={s?.status ?? m.status}
    >
      {thinking && <Thinking text={thinking} streaming={streaming && !text} />}
      {p.editing ? (
        <EditBox initial={m.content} onCancel={() => p.setEditing(null)} onSave={(c) => p.onEdit(m.id, c)} />
      ) : (
        <div
          dir="auto"
          onClick={isUser ? undefined : openAnswerLink}
          className={cn(
            'max-w-full rounded-2xl',
            isUser ? 'max-w-[85%] whitespace-pre-wrap wrap-anywhere bg-primary/10 px-4 py-2.5' : 'w-full px-1 py-1',
          )}
        >
          {m.attachments.length > 0 && (
            <div className="mb-2 flex flex-wrap gap-2">
              {m.attachments.map((a) => (
                <AttachmentThumb key={a.sha256 || a.name} attachment={a} />
              ))}
            </div>
          )}
          {isUser ? (
            text
          ) : text ? (
            <Suspense fallback={<div className="whitespace-pre-wrap">{text}</div>}>
              <Markdown text={text} streaming={streaming} citations={m.citations.length} onCite={cite} />
            </Suspense>
          ) : streaming ? (
            <span className="inline-flex gap-1 py-2" aria-label="Waiting for the answer">
              <span className="size-1.5 animate-bounce rounded-full bg-muted-foreground" />
              <span className="size-1.5 animate-bounce rounded-full bg-muted-foreground [animation-delay:120ms]" />
              <span className="size-1.5 animate-bounce rounded-full bg-muted-foreground [animation-delay:240ms]" />
            </span>
          ) : null}
          {streaming && text && <span className="ml-0.5 inline-block h-4 w-1.5 animate-pulse bg-foreground/60 align-middle" />}
        </div>
      )}
      {errorText && (
        <div role="alert" className="flex items-center gap-2 rounded-md border border-destructive/40 bg-destructive/5 px-3 py-2 text-sm text-destructive">
          <AlertTriangle className="size-4 shrink-0" />
          <span>{errorText}</span>
          <Button size="sm" variant="outline" disabled={p.locked} title={p.locked ? lockedWhy : undefined} onClick={() => p.onRegenerate(m.id)}>
            <RefreshCw /> Retry
          </Button>
        </div>
      )}
      {!isUser && !streaming && m.notes?.length > 0 && <Notes notes={m.notes} />}
      {/* Sources show as soon as retrieval found them; which ones the answer cites is known when it ends. */}
      {!isUser && m.citations.length > 0 && (
        <div className="flex flex-wrap gap-1.5" aria-label="Sources">
          {m.citations.map((c) => (
            <button
              key={c.n}
              type="button"
              onClick={() => p.onCite(m, c.n)}
              className={cn(
                'inline-flex max-w-64 items-center gap-1 rounded-md border px-2 py-0.5 text-xs hover:bg-accent',
                c.cited || streaming ? 'border-primary/40' : 'opacity-70',
              )}
              aria-label={`Source ${c.n}: ${c.documentName}`}
            >
              <span className="font-semibold text-primary">{c.n}</span>
              <span className="truncate">{c.documentName}</span>
              {c.page > 0 && <span className="text-muted-foreground">p. {c.page}</span>}
            </button>
          ))}
        </div>
      )}
      {!p.editing && (
        <div className="flex items-center gap-1 text-xs text-muted-foreground">
          {m.siblingIds.length > 1 && (
            <span className="flex items-center" aria-label="Alternatives" title={p.locked ? lockedWhy : undefined}>
              <button
                type="button"
                aria-label="Previous alternative"
                disabled={sibIndex <= 0 || streaming || p.locked}
                onClick={() => p.onSwitch(m.siblingIds[sibIndex - 1])}
                className="rounded p-0.5 hover:bg-accent disabled:opacity-30"
              >
                <ChevronLeft className="size-4" />
              </button>
              <span data-testid="alternative-index">
                {sibIndex + 1}/{m.siblingIds.length}
              </span>
              <button
                type="button"
                aria-label="Next alternative"
                disabled={sibIndex >= m.siblingIds.length - 1 || streaming || p.locked}
                onClick={() => p.onSwitch(m.siblingIds[sibIndex + 1])}
                className="rounded p-0.5 hover:bg-accent disabled:opacity-30"
              >
                <ChevronRight className="size-4" />
              </button>
            </span>
          )}
          {!isUser && <Meta message={m} stream={s} />}
          {!streaming && (
            <span className="flex items-center gap-0.5 opacity-0 transition-opacity group-hover:opacity-100 group-focus-within:opacity-100">
              <CopyButton text={text} />
              {isUser ? (
                <IconButton label="Edit message" locked={p.locked} onClick={() => p.setEditing(m.id)}>
                  <Pencil />
                </IconButton>
              ) : (
                <IconButton label="Regenerate" locked={p.locked} onClick={() => p.onRegenerate(m.id)}>
                  <RefreshCw />
                </IconButton>
              )}
              <IconButton label="Delete message" locked={p.locked} onClick={() => setConfirmDelete(true)}>
                <Trash2 />
              </IconButton>
              <MessageActions message={m} text={text} />
            </span>
          )}
        </div>
      )}
      <Confirm
        open={confirmDelete}
        onOpenChange={setConfirmDelete}
        title="Delete this message?"
        description="The message and every reply after it on this branch are deleted."
        confirmLabel="Delete"
        destructive
        onConfirm={() => p.onDelete(m.id)}
      />
    </article>
  )
})

function IconButton({ label, onClick, locked, children }: { label: string; onClick: () => void; locked?: boolean; children: React.ReactNode }) {
  return (
    <button
      type="button"
      aria-label={label}
      title={locked ? `${label}: ${lockedWhy.toLowerCase()}` : label}
      disabled={locked}
      onClick={onClick}
      className="rounded p-1 hover:bg-accent hover:text-foreground disabled:pointer-events-none disabled:opacity-40 [&_svg]:size-3.5"
    >
      {children}
    </button>
  )
}

function CopyButton({ text }: { text: string }) {
  const { copied, copy } = useCopy()
  return (
    <IconButton label={copied ? 'Copied' : 'Copy message'} onClick={() => void copy(text)}>
      {copied ? <Check /> : <Copy />}
    </IconButton>
  )
}

function Meta({ message: m, stream: s }: { message: Message; stream?: StreamState }) {
  const usage = s?.usage ?? (m.tokensIn || m.tokensOut ? { input: m.tokensIn, output: m.tokensOut, estimated: m.tokensEstimated } : undefined)
  const ttft = s?.ttftMs ?? m.ttftMs
  const tps = s?.tokensPerSec ?? m.tokensPerSec
  const ref = parseRef(m.modelRef)
  // "(gpu-box)": the provider the model was picked under, when two list it.
  const model = ref ? ref.model + (ref.via ? ` (${ref.via})` : '') : m.modelRef
  const cutOff = cutOffs[s?.finishReason || m.finishReason]
  return (
    <span className="mr-1 flex flex-wrap items-center gap-x-2" data-testid="message-meta">
      {model && <span title={m.modelRef}>{model}</span>}
      {usage && (
        <span title={usage.estimated ? 'Estimated: the provider reported no token counts' : 'From the provider'}>
          {usage.estimated ? '~' : ''}
          {usage.input} in · {usage.estimated ? '~' : ''}
          {usage.output} out{usage.estimated ? ' (estimated)' : ''}
        </span>
      )}
      {ttft > 0 && <span>TTFT {ttft} ms</span>}
      {tps > 0 && <span>{tps.toFixed(1)} tok/s</span>}
      {(s?.status === 'stopped' || m.status === 'stopped') && <span>stopped</span>}
      {cutOff && (
        <span className="font-medium text-foreground" title={cutOff.hint}>
          {cutOff.text}
        </span>
      )}
      {m.trimmed > 0 && <span title="The oldest messages did not fit in the model's context">{m.trimmed} older messages left out</span>}
    </span>
  )
}

// An answer the provider ended early would otherwise just stop mid-sentence.
const cutOffs: Record<string, { text: string; hint: string }> = {
  length: {
    text: 'cut off at the token limit',
    hint: 'The answer reached the most tokens the model may write. Raise Max tokens in the chat settings, or ask it to go on.',
  },
  content_filter: { text: "stopped by the provider's content filter", hint: 'The provider ended the answer early.' },
}

function Thinking({ text, streaming }: { text: string; streaming: boolean }) {
  // Open while it streams, and foldable then too (a long reasoning can take minutes).
  const [open, setOpen] = useState(streaming)
  return (
    <div className="w-full rounded-lg border bg-muted/40 text-sm">
      <button
        type="button"
        onClick={() => setOpen(!open)}
        aria-expanded={open}
        className="flex w-full items-center gap-2 px-3 py-1.5 text-muted-foreground"
      >
        <Brain className="size-4" /> {streaming ? 'Thinking…' : 'Thinking'}
        <ChevronDown className={cn('ml-auto size-4 transition-transform', open && 'rotate-180')} />
      </button>
      {open && <div className="whitespace-pre-wrap border-t px-3 py-2 text-muted-foreground" data-testid="thinking">{text}</div>}
    </div>
  )
}

/** Notes plugins (or the run) added under an answer. */
function Notes({ notes }: { notes: Note[] }) {
  return (
    <ul className="grid w-full gap-1" aria-label="Notes">
      {notes.map((n, i) => (
        <li key={i} className="flex items-start gap-2 rounded-md bg-muted/50 px-2.5 py-1.5 text-xs text-muted-foreground">
          <Info className="mt-0.5 size-3.5 shrink-0" />
          <span>
            {n.source && <span className="font-medium text-foreground">{n.source}: </span>}
            {n.text}
          </span>
        </li>
      ))}
    </ul>
  )
}

/** TraceItem is imported reasoning, folded. */
function TraceItem({ message: m }: { message: Message }) {
  const [open, setOpen] = useState(false)
  return (
    <div className="w-full rounded-lg border border-dashed text-sm text-muted-foreground">
      <button type="button" onClick={() => setOpen(!open)} aria-expanded={open} className="flex w-full items-center gap-2 px-3 py-1.5">
        <Brain className="size-4" /> Reasoning
        <ChevronDown className={cn('ml-auto size-4 transition-transform', open && 'rotate-180')} />
      </button>
      {open && <pre className="max-h-80 overflow-auto whitespace-pre-wrap border-t px-3 py-2 font-mono text-xs">{m.content}</pre>}
    </div>
  )
}

function EditBox({ initial, onSave, onCancel }: { initial: string; onSave: (c: string) => Promise<boolean>; onCancel: () => void }) {
  const [value, setValue] = useState(initial)
  const save = async () => {
    if (await onSave(value)) onCancel()
  }
  return (
    <div className="flex w-full max-w-[85%] flex-col gap-2">
      <textarea
        autoFocus
        dir="auto"
        aria-label="Edit message"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !imeKey(e)) {
            e.preventDefault()
            void save()
          }
          if (e.key === 'Escape') onCancel()
        }}
        className="min-h-20 rounded-lg border border-input bg-background px-3 py-2 text-sm"
      />
      <div className="flex justify-end gap-2">
        <Button size="sm" variant="outline" onClick={onCancel}>
          Cancel
        </Button>
        <Button size="sm" onClick={() => void save()}>
          Save and send
        </Button>
      </div>
    </div>
  )
}
