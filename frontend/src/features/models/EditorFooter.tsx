import { LoaderCircle } from 'lucide-react'
import { Button } from '@/components/ui/button'
import { DialogFooter } from '@/components/ui/dialog'

interface EditorFooterProps {
  /** The save failure to show, or ''. */
  error: string
  busy: boolean
  /** The submit button's label ('Save profile'). */
  saveLabel: string
  onCancel: () => void
}

/** EditorFooter ends the profile and template forms: the save error, Cancel and the submit button. */
export function EditorFooter({ error, busy, saveLabel, onCancel }: EditorFooterProps) {
  return (
    <>
      {error && (
        <p role="alert" className="text-sm text-destructive">
          {error}
        </p>
      )}
      <DialogFooter>
        <Button variant="outline" onClick={onCancel} disabled={busy}>
          Cancel
        </Button>
        <Button type="submit" disabled={busy}>
          {busy && <LoaderCircle className="animate-spin" />}
          {` ${saveLabel}`}
        </Button>
      </DialogFooter>
    </>
  )
}
