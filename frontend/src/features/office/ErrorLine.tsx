import { cn } from '@/lib/utils'

/** ErrorLine shows a tab's last failure, or nothing. */
export function ErrorLine({ error, className }: { error: string; className?: string }) {
  if (!error) return null
  return (
    <p role="alert" className={cn('text-sm text-destructive', className)}>
      {error}
    </p>
  )
}
