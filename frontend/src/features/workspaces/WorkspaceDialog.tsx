import { useEffect, useId, useState } from 'react'
import { Check } from 'lucide-react'
import { errorMessage, type Workspace } from '@/api'
import { Button } from '@/components/ui/button'
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { cn } from '@/lib/utils'
import { useWorkspaceStore } from './store'
import { palette, WorkspaceIcon } from './WorkspaceIcon'

const emojis = ['📁', '📚', '🧪', '💼', '🏠', '✍️', '🎓', '🚀', '🎨', '⚖️', '🩺', '🌱']

interface WorkspaceDialogProps {
  open: boolean
  onOpenChange: (open: boolean) => void
  /** The workspace to edit; none creates one. */
  workspace?: Workspace
  /** onSaved gets the created or changed workspace. */
  onSaved?: (w: Workspace) => void
}

/** WorkspaceDialog creates a workspace or changes its name, icon and colour. */
export function WorkspaceDialog({ open, onOpenChange, workspace, onSaved }: WorkspaceDialogProps) {
  const id = useId()
  const [name, setName] = useState('')
  const [icon, setIcon] = useState('')
  const [color, setColor] = useState('')
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    if (!open) return
    setName(workspace?.name ?? '')
    setIcon(workspace?.icon ?? '')
    setColor(workspace?.color ?? '')
    setError('')
  }, [open, workspace])

  const save = async (e: React.FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setError('')
    try {
      const input = { name, icon, color }
      const st = useWorkspaceStore.getState()
      const w = workspace ? await st.update(workspace.id, input) : await st.create(input)
      onOpenChange(false)
      onSaved?.(w)
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent aria-describedby={`${id}-desc`}>
        <form onSubmit={save} className="grid gap-4">
          <DialogHeader>
            <DialogTitle>{workspace ? 'Edit workspace' : 'New workspace'}</DialogTitle>
            <DialogDescription id={`${id}-desc`}>
              A workspace keeps a project apart: its own chats, documents, models and prompts.
            </DialogDescription>
          </DialogHeader>
          <div className="flex items-end gap-3">
            <WorkspaceIcon workspace={{ name: name || 'W', icon, color }} className="size-10 text-lg" />
            <div className="grid flex-1 gap-1.5">
              <Label htmlFor={`${id}-name`}>Name</Label>
              <Input id={`${id}-name`} value={name} maxLength={80} autoFocus onChange={(e) => setName(e.target.value)} placeholder="Thesis, Acme client, Home…" />
            </div>
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor={`${id}-icon`}>Icon</Label>
            <div className="flex flex-wrap items-center gap-1">
              <Input
                id={`${id}-icon`}
                className="w-20"
                value={icon}
                maxLength={8}
                onChange={(e) => setIcon(e.target.value.trim())}
                placeholder="Letter"
              />
              {emojis.map((em) => (
                <button
                  key={em}
                  type="button"
                  aria-label={`Icon ${em}`}
                  aria-pressed={icon === em}
                  onClick={() => setIcon(icon === em ? '' : em)}
                  className={cn('size-8 rounded-md text-base hover:bg-accent', icon === em && 'bg-accent ring-2 ring-ring')}
                >
                  {em}
                </button>
              ))}
            </div>
          </div>
          <div className="grid gap-1.5">
            <span className="text-sm font-medium" id={`${id}-colour`}>
              Colour
            </span>
            <div role="radiogroup" aria-labelledby={`${id}-colour`} className="flex flex-wrap gap-1.5">
              <button
                type="button"
                role="radio"
                aria-checked={color === ''}
                aria-label="Theme colour"
                onClick={() => setColor('')}
                className={cn('flex size-7 items-center justify-center rounded-full bg-primary text-primary-foreground', color === '' && 'ring-2 ring-ring ring-offset-2')}
              >
                {color === '' && <Check className="size-3.5" />}
              </button>
              {palette.map((c) => (
                <button
                  key={c}
                  type="button"
                  role="radio"
                  aria-checked={color === c}
                  aria-label={`Colour ${c}`}
                  onClick={() => setColor(c)}
                  style={{ backgroundColor: c }}
                  className={cn('flex size-7 items-center justify-center rounded-full text-white', color === c && 'ring-2 ring-ring ring-offset-2')}
                >
                  {color === c && <Check className="size-3.5" />}
                </button>
              ))}
            </div>
          </div>
          {error && (
            <p role="alert" className="text-sm text-destructive">
              {error}
            </p>
          )}
          <DialogFooter>
            <Button variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={busy || !name.trim()}>
              {workspace ? 'Save' : 'Create workspace'}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  )
}
