import { useEffect, useState } from 'react'
import { CircleStop, Copy, CircleX, RotateCcw, X } from 'lucide-react'
import type { AddNotice } from './store'

/** SHOWN: the problems listed before "Show N more"; a folder dropped again can be thousands of duplicates. */
const SHOWN = 8
/** QUIET_MS: how long a notice with nothing to read (files added, no problem) stays; the list shows the files. */
export const QUIET_MS = 10_000
/** More duplicates than this are one line with their count. */
const DUPLICATES_LISTED = 3

/** AddNotices sums up the last add: how many were queued, and each refused or duplicate file with its reason. */
export function AddNotices({ notices, onDismiss }: { notices: AddNotice[]; onDismiss: () => void }) {
  // Expanded for this set of notices only: the next add starts folded.
  const [openFor, setOpenFor] = useState<AddNotice[] | null>(null)
  // Held while the pointer or focus is on it, as a toast is.
  const [held, setHeld] = useState(false)
  const quiet = notices.length > 0 && notices.every((n) => n.kind === 'added')
  useEffect(() => {
    if (!quiet || held) return
    const t = setTimeout(onDismiss, QUIET_MS)
    return () => clearTimeout(t)
  }, [quiet, held, notices, onDismiss])
  if (notices.length === 0) return null
  const added = notices.filter((n) => n.kind === 'added' || n.kind === 'retried').length
  const skipped = notices.filter((n) => n.kind === 'skipped').reduce((sum, n) => sum + (n.count ?? 1), 0)
  const duplicates = notices.filter((n) => n.kind === 'duplicate')
  const grouped = duplicates.length > DUPLICATES_LISTED
  const problems = notices.filter((n) => n.kind === 'refused' || n.kind === 'failed' || n.kind === 'retried' || (!grouped && n.kind === 'duplicate'))
  const stopped = notices.find((n) => n.kind === 'stopped')
  const all = openFor === notices
  const shown = all ? problems : problems.slice(0, SHOWN)
  return (
    <div
      className="flex flex-col gap-1.5 rounded-lg border bg-card px-4 py-3 text-sm"
      role="status"
      aria-label="Added files"
      data-testid="add-notices"
      onMouseEnter={() => setHeld(true)}
      onMouseLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={(e) => !e.currentTarget.contains(e.relatedTarget as Node | null) && setHeld(false)}
    >
      <div className="flex items-center gap-2">
        <span className="flex-1 font-medium">
          {added > 0 ? `Added ${added} ${added === 1 ? 'file' : 'files'} to the queue` : 'Nothing new was added'}
          {skipped > 0 && <span className="font-normal text-muted-foreground"> · skipped {skipped.toLocaleString()} of other types</span>}
        </span>
        <button type="button" aria-label="Dismiss" className="rounded p-1 opacity-60 hover:bg-accent hover:opacity-100" onClick={onDismiss}>
          <X className="size-4" />
        </button>
      </div>
      {stopped && (
        <p className="flex items-start gap-2 text-xs" data-testid="notice-stopped">
          <CircleStop className="mt-px size-3.5 shrink-0 text-muted-foreground" aria-hidden />
          <span>
            <span className="font-medium">Stopped:</span>{' '}
            <span className="text-muted-foreground">
              {stopped.count
                ? `${stopped.count.toLocaleString()} more ${stopped.count === 1 ? 'file was' : 'files were'} not added; add the folder again to add them (the files already added are recognised)`
                : 'while the folder was being read; nothing of it was added'}
            </span>
          </span>
        </p>
      )}
      {grouped && (
        <p className="flex items-start gap-2 text-xs" data-testid="notice-duplicates">
          <Copy className="mt-px size-3.5 shrink-0 text-muted-foreground" aria-hidden />
          <span>
            <span className="font-medium">{duplicates.length.toLocaleString()} files</span>
            <span className="text-muted-foreground"> already added: the same content is here</span>
          </span>
        </p>
      )}
      {problems.length > 0 && (
        <ul className={'flex flex-col gap-1' + (all ? ' max-h-64 overflow-y-auto' : '')} aria-label="Files refused, not added, duplicate or retried">
          {shown.map((n, i) => (
            <li key={i} className="flex items-start gap-2 text-xs" data-testid={`notice-${n.kind}`}>
              {n.kind === 'duplicate' ? (
                <Copy className="mt-px size-3.5 shrink-0 text-muted-foreground" aria-hidden />
              ) : n.kind === 'retried' ? (
                <RotateCcw className="mt-px size-3.5 shrink-0 text-muted-foreground" aria-hidden />
              ) : (
                <CircleX className="mt-px size-3.5 shrink-0 text-destructive" aria-hidden />
              )}
              <span>
                <span className="font-medium">{n.name}</span>
                <span className="text-muted-foreground">
                  {' '}
                  {n.kind === 'duplicate' ? 'duplicate' : n.kind === 'retried' ? 'retried' : n.kind === 'refused' ? 'refused' : 'not added'}: {n.reason}
                </span>
              </span>
            </li>
          ))}
        </ul>
      )}
      {problems.length > shown.length && (
        <button type="button" className="self-start text-xs font-medium text-primary hover:underline" onClick={() => setOpenFor(notices)}>
          Show {(problems.length - shown.length).toLocaleString()} more
        </button>
      )}
    </div>
  )
}
