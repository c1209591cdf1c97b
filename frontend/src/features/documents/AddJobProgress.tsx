import { LoaderCircle } from 'lucide-react'
import { Button } from '@/components/ui/button'
import { Progress } from '@/components/ui/progress'
import type { AddJob } from './store'

/**
 * AddJobProgress is one add of files the backend lists and copies in
 * (documents:adding), with its own Stop: two drops at once are two of
 * these. The Documents page and a chat's composer show it.
 */
export function AddJobProgress({ job, onStop, stopTitle, compact = false }: { job: AddJob; onStop: () => void; stopTitle: string; compact?: boolean }) {
  return (
    <div className={'flex items-center gap-3' + (compact ? ' w-full' : ' w-full max-w-md')} data-testid="add-progress">
      <div className="flex min-w-0 flex-1 flex-col gap-1 text-left">
        <span className="flex items-center gap-1.5 truncate text-xs text-muted-foreground">
          {job.listing ? (
            <>
              <LoaderCircle className="size-3 shrink-0 animate-spin" aria-hidden /> Reading the chosen files and folders…
            </>
          ) : (
            <>
              Copying files in: {job.done.toLocaleString()} of {job.total.toLocaleString()}
              {job.name && ` · ${job.name}`}
            </>
          )}
        </span>
        <Progress value={!job.listing && job.total ? (job.done / job.total) * 100 : 0} label="Copying files in" announce />
      </div>
      <Button size="sm" variant="ghost" onClick={onStop} title={stopTitle}>
        Stop
      </Button>
    </div>
  )
}
