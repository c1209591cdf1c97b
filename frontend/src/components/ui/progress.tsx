import * as ProgressPrimitive from '@radix-ui/react-progress'
import { cn } from '@/lib/utils'

interface ProgressProps {
  value: number
  className?: string
  label?: string
  /**
   * announce: a long job's bar also tells a screen reader, politely and only at
   * each quarter (0, 25, 50, 75, 100 %), not at every byte: a bar is silent
   * unless focused, and a live percentage would talk over everything else.
   */
  announce?: boolean
}

export function Progress({ value, className, label, announce = false }: ProgressProps) {
  const v = Math.max(0, Math.min(100, Number.isFinite(value) ? value : 0))
  const bar = (
    <ProgressPrimitive.Root
      value={v}
      aria-label={label}
      className={cn('relative h-1.5 w-full overflow-hidden rounded-full bg-muted', className)}
    >
      <ProgressPrimitive.Indicator className="h-full bg-primary transition-transform" style={{ transform: `translateX(-${100 - v}%)` }} />
    </ProgressPrimitive.Root>
  )
  if (!announce) return bar
  return (
    <>
      {bar}
      <span role="status" className="sr-only">
        {label ? `${label}: ` : ''}
        {Math.floor(v / 25) * 25}%
      </span>
    </>
  )
}
