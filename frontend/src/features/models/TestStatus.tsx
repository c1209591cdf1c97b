import { CircleAlert, CircleCheck, LoaderCircle } from 'lucide-react'
import { cn } from '@/lib/utils'
import { testResultText } from './format'
import type { TestState } from './store'

/** TestStatus shows the last "Test connection" of a provider, announced politely. */
export function TestStatus({ state, className }: { state?: TestState; className?: string }) {
  if (!state) return null
  const ok = state.result?.ok
  return (
    <p
      role="status"
      aria-label="Connection test"
      className={cn('flex items-start gap-1.5 text-sm', ok ? 'text-success' : state.running ? 'text-muted-foreground' : 'text-destructive', className)}
    >
      {state.running ? (
        <>
          <LoaderCircle className="mt-0.5 size-4 shrink-0 animate-spin" /> Testing connection…
        </>
      ) : state.result ? (
        <>
          {ok ? <CircleCheck className="mt-0.5 size-4 shrink-0" /> : <CircleAlert className="mt-0.5 size-4 shrink-0" />}
          <span>{testResultText(state.result)}</span>
        </>
      ) : (
        <>
          <CircleAlert className="mt-0.5 size-4 shrink-0" />
          <span>{state.error}</span>
        </>
      )}
    </p>
  )
}
