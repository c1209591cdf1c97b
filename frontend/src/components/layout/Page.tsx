import { cn } from '@/lib/utils'

/** Page is the frame of a main-pane page: a title row and scrolling content. */
export function Page({ title, actions, children, className }: { title: string; actions?: React.ReactNode; children: React.ReactNode; className?: string }) {
  return (
    <section className="flex h-full min-w-0 flex-1 flex-col" aria-label={title}>
      <header className="flex h-14 shrink-0 items-center justify-between gap-3 border-b px-6">
        <h1 className="text-base font-semibold">{title}</h1>
        <div className="flex items-center gap-2">{actions}</div>
      </header>
      <div className={cn('min-h-0 flex-1 overflow-y-auto px-6 py-5', className)}>{children}</div>
    </section>
  )
}
