import type { Workspace } from '@/api'
import { cn } from '@/lib/utils'

/** The colours offered for a workspace (stored as #rrggbb). */
export const palette = ['#2563eb', '#7c3aed', '#db2777', '#dc2626', '#ea580c', '#ca8a04', '#16a34a', '#0d9488', '#0891b2', '#475569']

/** initial is what a workspace shows without an icon: its name's first letter. */
export function initial(name: string): string {
  return (Array.from(name.trim())[0] ?? 'W').toUpperCase()
}

/** WorkspaceIcon is a workspace's emoji or letter on its colour. */
export function WorkspaceIcon({ workspace, className }: { workspace: Pick<Workspace, 'name' | 'icon' | 'color'> | undefined; className?: string }) {
  const color = workspace?.color
  return (
    <span
      aria-hidden
      className={cn(
        'flex size-7 shrink-0 items-center justify-center rounded-md text-xs font-semibold',
        color ? 'text-white' : 'bg-primary text-primary-foreground',
        className,
      )}
      style={color ? { backgroundColor: color } : undefined}
    >
      {workspace?.icon || initial(workspace?.name ?? 'B')}
    </span>
  )
}
