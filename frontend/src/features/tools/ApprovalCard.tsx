import { useState, type MouseEvent } from 'react'
import { LoaderCircle, ShieldQuestion } from 'lucide-react'
import { errorMessage, type ApprovalCard as Card, type ApprovalDecision } from '@/api'
import { Button } from '@/components/ui/button'
import { Textarea } from '@/components/ui/textarea'
import { cn } from '@/lib/utils'
import { checkArguments, prettyJSON } from './args'
import { ToolHints } from './ServerTools'
import { clock, useCountdown } from './useCountdown'
import { useApprovals } from './approvals'

/**
 * ApprovalCard asks whether a tool call may run: the tool, its server, its
 * hints and its arguments (editable), with a countdown to the moment an
 * unanswered card counts as a denial. "Always allow this server" does not
 * cover destructive tools (they still ask), so it is not offered for one.
 */
export function ApprovalCard({ card }: { card: Card }) {
  const [original] = useState(() => prettyJSON(card.arguments))
  const [text, setText] = useState(original)
  const [busy, setBusy] = useState<ApprovalDecision | null>(null)
  const [error, setError] = useState('')
  const secs = useCountdown(card.expiresAt)
  const checked = checkArguments(text)
  const invalid = 'error' in checked ? checked.error : ''

  const answer = async (decision: ApprovalDecision) => {
    // Unchanged arguments go as '' (the model's own); a denial sends none.
    const args = decision === 'deny' || text === original || 'error' in checked ? '' : checked.json
    setBusy(decision)
    setError('')
    try {
      await useApprovals.getState().answer(card.id, decision, args)
    } catch (e) {
      setError(errorMessage(e))
      setBusy(null)
    }
  }
  // A click that is the second (or third) of a quick series answers nothing:
  // once a card is answered it goes, the next card moves up under the
  // pointer, and a double click would allow that call unread. The
  // keyboard's activation has detail 0.
  const onClick = (decision: ApprovalDecision) => (e: MouseEvent) => {
    if (e.detail > 1) return
    void answer(decision)
  }
  const name = card.title && card.title !== card.tool ? `${card.title} (${card.tool})` : card.tool

  return (
    <section
      aria-label={`Approve ${card.tool}`}
      className={cn('grid gap-2 rounded-xl border-2 bg-card p-3 text-sm shadow-sm', card.destructive ? 'border-destructive/50' : 'border-primary/40')}
      data-testid="approval-card"
    >
      <header className="flex flex-wrap items-center gap-2">
        <ShieldQuestion className="size-4 text-primary" />
        <span className="font-medium">
          Run <span className="font-mono">{name}</span> from {card.server}?
        </span>
        <ToolHints readOnly={card.readOnly} destructive={card.destructive} />
        <span className="ml-auto text-xs text-muted-foreground" data-testid="approval-countdown" aria-live="off">
          {secs > 0 ? `Denied in ${clock(secs)} if not answered` : 'Timed out'}
        </span>
      </header>
      {card.description && <p className="text-xs text-muted-foreground">{card.description}</p>}
      <label className="grid gap-1">
        <span className="text-xs font-medium text-muted-foreground">Arguments (you may change them)</span>
        <Textarea
          aria-label="Arguments"
          aria-invalid={invalid !== ''}
          className={cn('max-h-64 font-mono text-xs', invalid && 'border-destructive')}
          rows={Math.min(10, Math.max(2, text.split('\n').length))}
          value={text}
          spellCheck={false}
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      {invalid && (
        <p role="alert" className="text-xs text-destructive">
          {invalid}
        </p>
      )}
      {error && (
        <p role="alert" className="text-xs text-destructive">
          {error}
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        <Button size="sm" onClick={onClick('once')} disabled={!!busy || !!invalid || secs === 0}>
          {busy === 'once' && <LoaderCircle className="animate-spin" />} Allow once
        </Button>
        <Button size="sm" variant="outline" onClick={onClick('tool')} disabled={!!busy || !!invalid || secs === 0}>
          {busy === 'tool' && <LoaderCircle className="animate-spin" />} Always allow this tool
        </Button>
        {!card.destructive && (
          <Button size="sm" variant="outline" onClick={onClick('server')} disabled={!!busy || !!invalid || secs === 0}>
            {busy === 'server' && <LoaderCircle className="animate-spin" />} Always allow this server
          </Button>
        )}
        <Button size="sm" variant="ghost" className="text-destructive hover:text-destructive" onClick={onClick('deny')} disabled={!!busy || secs === 0}>
          {busy === 'deny' && <LoaderCircle className="animate-spin" />} Deny
        </Button>
      </div>
      {card.destructive && (
        <p className="text-xs text-muted-foreground">This tool can change or delete things: allowing its whole server would not cover it, so it always asks unless you always allow this tool.</p>
      )}
    </section>
  )
}

/** ApprovalStack shows the open chat's waiting cards, oldest deadline first. */
export function ApprovalStack({ chatId }: { chatId: string }) {
  const cards = useApprovals((s) => s.cards)
  const mine = Object.values(cards)
    .filter((c) => c.chatId === chatId)
    .sort((a, b) => a.expiresAt - b.expiresAt)
  if (mine.length === 0) return null
  return (
    <div className="max-h-[50vh] overflow-y-auto border-t bg-muted/30 px-6 py-3" aria-label="Waiting for your approval" role="region">
      <div className="mx-auto grid max-w-3xl gap-2">
        {mine.map((c) => (
          <ApprovalCard key={c.id} card={c} />
        ))}
      </div>
    </div>
  )
}
