import { useState } from 'react'
import type { LucideIcon } from 'lucide-react'
import { Pencil, Plus, Trash2 } from 'lucide-react'
import { errorMessage } from '@/api'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { Confirm } from '@/components/ui/confirm'
import { cn } from '@/lib/utils'

/** What a list editor lists: a named row that is personal (no workspace) or a workspace's. */
export interface ListItem {
  id: string
  name: string
  workspaceId: string
}

/** What the editor render prop gets: the item to edit (null for a new one) and the dialog's state. */
export interface EditorState<T> {
  open: boolean
  item: T | null
  onOpenChange: (open: boolean) => void
}

interface ListEditorProps<T extends ListItem> {
  /** One item, in lower case ('profile'): names New, the delete question and its button. */
  noun: string
  /** The list's accessible name ('Profiles'). */
  label: string
  /** The sentence beside the New button. */
  intro: React.ReactNode
  items: T[]
  /** Whether items are loaded: the empty state waits for it. */
  loaded: boolean
  empty: { icon: LucideIcon; text: React.ReactNode }
  /** Badges after an item's name and scope. */
  badges?: (item: T) => React.ReactNode
  /** The one line under an item's name. */
  detail: (item: T) => React.ReactNode
  detailClassName?: string
  /** Buttons before Edit. */
  actions?: (item: T) => React.ReactNode
  /** The edit dialog; the list editor owns which item it shows and whether it is open. */
  editor: (state: EditorState<T>) => React.ReactNode
  /** What the delete confirmation says happens. */
  deleteDescription: React.ReactNode
  /** Deletes after the user confirms; a failure is shown above the list. */
  onDelete: (item: T) => Promise<void>
  /** More dialogs of the tab, rendered beside the editor. */
  children?: React.ReactNode
}

/**
 * ListEditor is the list-with-editor of the Profiles and Templates tabs: New,
 * a card per item with Edit and Delete, the edit dialog, and a confirmation
 * before deleting. The tabs say what an item shows and how it is edited.
 */
export function ListEditor<T extends ListItem>({
  noun,
  label,
  intro,
  items,
  loaded,
  empty,
  badges,
  detail,
  detailClassName,
  actions,
  editor,
  deleteDescription,
  onDelete,
  children,
}: ListEditorProps<T>) {
  // editing outlives open so the dialog keeps its title while it closes.
  const [editing, setEditing] = useState<T | null>(null)
  const [open, setOpen] = useState(false)
  const [deleting, setDeleting] = useState<T | null>(null)
  const [error, setError] = useState('')
  const EmptyIcon = empty.icon

  const edit = (item: T | null) => {
    setEditing(item)
    setOpen(true)
  }
  const remove = async (item: T) => {
    setError('')
    try {
      await onDelete(item)
    } catch (e) {
      setError(errorMessage(e))
    }
  }

  return (
    <div className="grid gap-4">
      <div className="flex items-center justify-between gap-3">
        <p className="max-w-xl text-sm text-muted-foreground">{intro}</p>
        <Button onClick={() => edit(null)}>
          <Plus />{` New ${noun}`}
        </Button>
      </div>
      {error && (
        <p role="alert" className="text-sm text-destructive">
          {error}
        </p>
      )}
      {loaded && items.length === 0 && (
        <div className="flex flex-col items-center gap-2 rounded-xl border border-dashed p-10 text-center text-sm text-muted-foreground">
          <EmptyIcon className="size-8" />
          {empty.text}
        </div>
      )}
      <ul aria-label={label} className="grid gap-2">
        {items.map((item) => (
          <li key={item.id}>
            <Card role="article" aria-label={item.name} className="flex items-center gap-3 p-4">
              <div className="min-w-0 flex-1">
                <div className="flex flex-wrap items-center gap-2">
                  <h3 className="truncate font-medium">{item.name}</h3>
                  <Badge variant="outline">{item.workspaceId ? 'This workspace' : 'Every workspace'}</Badge>
                  {badges?.(item)}
                </div>
                <p className={cn('mt-1 truncate text-xs text-muted-foreground', detailClassName)}>{detail(item)}</p>
              </div>
              {actions?.(item)}
              <Button variant="ghost" size="sm" onClick={() => edit(item)}>
                <Pencil /> Edit
              </Button>
              <Button variant="ghost" size="sm" className="text-destructive hover:text-destructive" onClick={() => setDeleting(item)}>
                <Trash2 /> Delete
              </Button>
            </Card>
          </li>
        ))}
      </ul>
      {editor({ open, item: editing, onOpenChange: setOpen })}
      {children}
      <Confirm
        open={deleting != null}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={`Delete the ${noun} ${deleting?.name ?? ''}?`}
        description={deleteDescription}
        confirmLabel={`Delete ${noun}`}
        destructive
        onConfirm={() => deleting && void remove(deleting)}
      />
    </div>
  )
}
