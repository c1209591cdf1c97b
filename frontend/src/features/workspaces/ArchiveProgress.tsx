import { useEffect, useState } from 'react'
import { EventNames, onEvent, workspacesApi, type ArchiveProgress as Progress } from '@/api'
import { Button } from '@/components/ui/button'
import { Progress as Bar } from '@/components/ui/progress'

const stageText: Record<Progress['stage'], string> = {
  checking: 'Checking the archive',
  applying: 'Adding to this computer',
  rows: 'Writing rows',
  chunks: 'Writing document passages',
  files: 'Writing files',
}

/** archiveProgressText says where a running archive import or export is, with its numbers. */
export function archiveProgressText(p: Progress): string {
  const unit = p.stage === 'files' ? 'files' : p.stage === 'chunks' ? 'passages' : 'rows'
  const of = p.total > 0 ? ` of ${p.total.toLocaleString()}` : ''
  return `${stageText[p.stage] ?? p.stage}: ${Math.min(p.done, p.total || p.done).toLocaleString()}${of} ${unit}`
}

/**
 * ArchiveProgress shows how far the running archive import or export (op) is,
 * with a Cancel, while it runs and once it has reported; nothing otherwise
 * (a file dialog may still be open).
 */
export function ArchiveProgress({ op }: { op: Progress['op'] | null }) {
  const [progress, setProgress] = useState<Progress | null>(null)
  useEffect(() => {
    setProgress(null)
    if (!op) return
    return onEvent<Progress>(EventNames.archiveProgress, (p) => {
      if (p.op === op) setProgress(p)
    })
  }, [op])
  if (!op || !progress) return null
  const label = op === 'import' ? 'Import progress' : 'Export progress'
  return (
    <div className="mb-4 flex items-center gap-3 rounded-md border p-3" data-testid="archive-progress">
      <div className="grid flex-1 gap-1">
        <span className="text-xs text-muted-foreground">{archiveProgressText(progress)}</span>
        <Bar label={label} value={progress.total > 0 ? (100 * progress.done) / progress.total : 0} />
      </div>
      <Button variant="outline" size="sm" onClick={() => void workspacesApi.cancelArchive()}>
        Cancel
      </Button>
    </div>
  )
}
