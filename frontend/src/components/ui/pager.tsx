import { Button } from '@/components/ui/button'

/** PAGE is how many rows a table shows at once. */
export const PAGE = 50

/** Pager moves through rows size (PAGE) at a time; nothing shows when all fit. */
export function Pager({ page, total, onPage, size = PAGE }: { page: number; total: number; onPage: (p: number) => void; size?: number }) {
  const pages = Math.ceil(total / size)
  if (pages <= 1) return null
  return (
    <div className="flex items-center justify-end gap-2 text-sm text-muted-foreground">
      <Button variant="outline" size="sm" disabled={page === 0} onClick={() => onPage(page - 1)}>
        Previous
      </Button>
      <span>
        Page {page + 1} of {pages}
      </span>
      <Button variant="outline" size="sm" disabled={page >= pages - 1} onClick={() => onPage(page + 1)}>
        Next
      </Button>
    </div>
  )
}
