import { Ban, CircleCheck, CircleX, ExternalLink, FileText, LoaderCircle, RotateCw, Trash2, TriangleAlert } from 'lucide-react'
import type { DocumentInfo } from '@/api'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Progress } from '@/components/ui/progress'
import { completedSummary, formatBytes, isActive, reasonText, stageLabel, statusLabels, wasRefused } from './format'
import { fraction, type Progress as DocProgress } from './reducer'
import { RetryCountdown } from './RetryCountdown'

interface Props {
  doc: DocumentInfo
  progress?: DocProgress
  onCancel: (id: string) => void
  onReindex: (id: string) => void
  onDelete: (doc: DocumentInfo) => void
  onOpen: (id: string) => void
}

const statusVariant = { pending: 'secondary', processing: 'default', completed: 'success', error: 'destructive' } as const

/** DocumentRow is one document: name, status, its progress or outcome, and its actions. */
export function DocumentRow({ doc, progress, onCancel, onReindex, onDelete, onOpen }: Props) {
  const active = isActive(doc)
  const refused = wasRefused(doc)
  const variant = statusVariant[doc.status as keyof typeof statusVariant] ?? 'outline'
  return (
    <li className="flex items-start gap-3 px-4 py-3" aria-label={doc.name} data-status={doc.status} data-testid="document-row">
      <FileText className="mt-0.5 size-5 shrink-0 text-muted-foreground" aria-hidden />
      <div className="flex min-w-0 flex-1 flex-col gap-1">
        <div className="flex min-w-0 items-center gap-2">
          <span className="truncate text-sm font-medium" title={doc.name}>
            {doc.name}
          </span>
          <Badge variant={variant} data-testid="document-status">
            {doc.status === 'processing' && <LoaderCircle className="size-3 animate-spin" aria-hidden />}
            {doc.status === 'completed' && <CircleCheck className="size-3" aria-hidden />}
            {doc.status === 'error' && <CircleX className="size-3" aria-hidden />}
            {refused ? 'Refused' : (statusLabels[doc.status] ?? doc.status)}
          </Badge>
          {doc.chatId && <Badge variant="outline">this chat only</Badge>}
        </div>
        <div className="flex flex-wrap gap-x-2 text-xs text-muted-foreground">
          {doc.format && <span className="uppercase">{doc.format}</span>}
          <span>{formatBytes(doc.size)}</span>
          {doc.status === 'completed' && <span data-testid="document-summary">{completedSummary(doc)}</span>}
        </div>
        {doc.status === 'processing' && (
          <div className="flex items-center gap-3" data-testid="document-progress">
            <Progress value={fraction(progress) * 100} label={`Progress of ${doc.name}`} className="max-w-xs" />
            <span className="shrink-0 text-xs text-muted-foreground">
              {progress ? stageLabel(progress.stage) : 'Starting'}
              {progress && progress.total > 1 ? ` ${progress.done}/${progress.total}` : ''}
              {progress?.retryAt ? <RetryCountdown key={progress.retryAt} at={progress.retryAt} /> : null}
            </span>
          </div>
        )}
        {doc.status === 'pending' && <span className="text-xs text-muted-foreground">In the queue</span>}
        {doc.status === 'completed' && progress && ['embedding', 'rate-limited', 'retrying'].includes(progress.stage) && (
          <div className="flex items-center gap-3" data-testid="document-progress">
            <Progress value={progress.total ? (progress.done / progress.total) * 100 : 0} label={`Embedding ${doc.name}`} className="max-w-xs" />
            <span className="shrink-0 text-xs text-muted-foreground">
              Embedding again {progress.done}/{progress.total}
              {progress.stage !== 'embedding' && `: ${stageLabel(progress.stage)}`}
              {progress.retryAt ? <RetryCountdown key={progress.retryAt} at={progress.retryAt} /> : null}
            </span>
          </div>
        )}
        {doc.status === 'error' && (
          <p className="text-xs text-destructive" role="note" data-testid="document-error">
            {reasonText(doc.error)}
          </p>
        )}
        {doc.warning && doc.status === 'completed' && (
          <p className="flex items-start gap-1 text-xs text-foreground/80" data-testid="document-warning">
            <TriangleAlert className="mt-px size-3.5 shrink-0 text-warning" aria-hidden />
            <span>{doc.warning}</span>
          </p>
        )}
      </div>
      <div className="flex shrink-0 items-center">
        {active && (
          <Button variant="ghost" size="icon" aria-label={`Cancel ${doc.name}`} title="Cancel" onClick={() => onCancel(doc.id)}>
            <Ban />
          </Button>
        )}
        {!active && !refused && (
          <Button variant="ghost" size="icon" aria-label={`Re-index ${doc.name}`} title="Re-index" onClick={() => onReindex(doc.id)}>
            <RotateCw />
          </Button>
        )}
        {!refused && (
          <Button variant="ghost" size="icon" aria-label={`Open ${doc.name}`} title="Open the file" onClick={() => onOpen(doc.id)}>
            <ExternalLink />
          </Button>
        )}
        <Button variant="ghost" size="icon" aria-label={`Delete ${doc.name}`} title="Delete" onClick={() => onDelete(doc)}>
          <Trash2 />
        </Button>
      </div>
    </li>
  )
}
