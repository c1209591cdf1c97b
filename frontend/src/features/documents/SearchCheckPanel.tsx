import { useEffect, useRef, useState } from 'react'
import { CircleCheck, Gauge, LoaderCircle, TriangleAlert, X } from 'lucide-react'
import { documentsApi, toApiError, type SearchCheck } from '@/api'
import { Button } from '@/components/ui/button'
import { useAppStore } from '@/features/app/store'
import { cn } from '@/lib/utils'

interface Props {
  workspaceId: string
  /** the workspace has indexed passages to make look-ups from */
  ready: boolean
}

type State =
  | { kind: 'idle' }
  | { kind: 'running' }
  | { kind: 'done'; check: SearchCheck }
  | { kind: 'error'; message: string }

/**
 * SearchCheckPanel runs the search check (rag.CheckSearch): look-ups made
 * from the workspace's own passages, asked by keywords, by the embedding
 * model and by the hybrid search chats use. It shows when an embedding
 * model makes search worse, which nothing else would.
 */
export function SearchCheckPanel({ workspaceId, ready }: Props) {
  const [state, setState] = useState<State>({ kind: 'idle' })
  const runId = useRef(0)
  const running = useRef(0) // the id of the run still waiting for its answer, 0 when none
  // Where focus goes once the button that had it is replaced by the next step.
  const focusNext = useRef<HTMLElement | null>(null)
  const box = useRef<HTMLDivElement>(null)

  // Another workspace: the last result is not about it, and a check still
  // running there (an embedding call that may be paid for) is stopped.
  useEffect(() => {
    runId.current++
    setState({ kind: 'idle' })
    return () => {
      if (running.current) stop(workspaceId)
      running.current = 0 // that run's answer is ignored; nothing runs here any more
    }
  }, [workspaceId])

  useEffect(() => {
    const el = box.current?.querySelector<HTMLElement>('[data-focus-next]')
    if (focusNext.current && el) el.focus()
    focusNext.current = null
  }, [state])

  const show = (next: State, keepFocus: boolean) => {
    if (keepFocus && box.current?.contains(document.activeElement)) focusNext.current = box.current
    setState(next)
  }

  const run = async () => {
    const id = ++runId.current
    running.current = id
    show({ kind: 'running' }, true)
    try {
      const check = await documentsApi.checkSearch(workspaceId)
      if (id === runId.current) show({ kind: 'done', check }, true)
    } catch (e) {
      if (id !== runId.current) return
      const err = toApiError(e)
      show(err.code === 'canceled' ? { kind: 'idle' } : { kind: 'error', message: err.message }, true)
    } finally {
      if (running.current === id) running.current = 0
    }
  }

  if (!ready && state.kind === 'idle') return null
  return (
    <div ref={box} className="flex flex-col gap-2 text-sm" data-testid="search-check" data-state={state.kind === 'done' ? state.check.verdict : state.kind}>
      {state.kind === 'idle' && (
        <div className="flex items-center gap-2 text-xs text-muted-foreground">
          <Gauge className="size-3.5" aria-hidden />
          <span>Is search finding your passages?</span>
          <Button size="sm" variant="link" className="h-auto px-0" data-focus-next onClick={() => void run()}>
            Check search
          </Button>
        </div>
      )}
      {state.kind === 'running' && (
        <div className="flex items-center gap-2 text-xs text-muted-foreground">
          <LoaderCircle className="size-3.5 animate-spin" aria-hidden />
          <span role="status">Asking look-ups made from your documents…</span>
          <Button size="sm" variant="link" className="h-auto px-0" data-focus-next onClick={() => stop(workspaceId)}>
            Stop
          </Button>
        </div>
      )}
      {state.kind === 'error' && (
        <div className="flex items-center gap-2 text-xs text-destructive" role="alert">
          <TriangleAlert className="size-3.5" aria-hidden />
          <span className="flex-1">{state.message}</span>
          <Button size="icon" variant="ghost" className="size-6" aria-label="Dismiss" data-focus-next onClick={() => show({ kind: 'idle' }, true)}>
            <X />
          </Button>
        </div>
      )}
      {state.kind === 'done' && <Result check={state.check} onAgain={() => void run()} onClose={() => show({ kind: 'idle' }, true)} />}
    </div>
  )
}

/** stop asks the backend to stop a workspace's check; the run's own promise reports it. */
function stop(workspaceId: string) {
  documentsApi.cancelSearchCheck(workspaceId).catch(() => {
    // Nothing to stop any more (it finished, or the app is closing).
  })
}

function Result({ check, onAgain, onClose }: { check: SearchCheck; onAgain: () => void; onClose: () => void }) {
  const weak = check.verdict === 'weak'
  const of = (n: number) => `${n} of ${check.questions}`
  return (
    <div className={cn('flex flex-col gap-2 rounded-lg border px-4 py-3', weak ? 'border-warning/60 bg-warning/10' : 'bg-card')} role={weak ? 'alert' : 'status'}>
      <div className="flex items-start gap-2">
        {weak ? <TriangleAlert className="mt-0.5 size-4 shrink-0 text-warning" aria-hidden /> : <CircleCheck className="mt-0.5 size-4 shrink-0 text-success" aria-hidden />}
        <p className="flex-1" data-testid="search-check-message">
          {check.message}
        </p>
        <Button size="icon" variant="ghost" className="size-6" aria-label="Close the search check" onClick={onClose}>
          <X />
        </Button>
      </div>
      <div className="flex flex-wrap items-center gap-x-5 gap-y-1 pl-6 text-xs tabular-nums text-muted-foreground">
        <dl className="flex flex-wrap gap-x-5 gap-y-1">
          <Count label="Keywords" value={of(check.keyword)} id="keyword" />
          {check.model && <Count label="Embedding model" value={of(check.vector)} id="vector" />}
          {check.model && <Count label="Hybrid (what chats use)" value={of(check.hybrid)} id="hybrid" />}
        </dl>
        <span>found in the top 5 · {(check.tookMs / 1000).toFixed(1)} s</span>
        <Button size="sm" variant="link" className="h-auto px-0 text-xs" data-focus-next onClick={onAgain}>
          Check again
        </Button>
        {weak && (
          // The embedding model is a workspace setting (Workspaces opens the current one).
          <Button size="sm" variant="link" className="h-auto px-0 text-xs" onClick={() => useAppStore.getState().navigate('workspaces')}>
            Change the embedding model
          </Button>
        )}
      </div>
    </div>
  )
}

function Count({ label, value, id }: { label: string; value: string; id: string }) {
  return (
    <div className="flex gap-1">
      <dt>{label}</dt>
      <dd className="font-medium text-foreground" data-testid={`check-${id}`}>
        {value}
      </dd>
    </div>
  )
}
