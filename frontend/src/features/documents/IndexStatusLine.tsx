import { Layers, LoaderCircle, Search, Sparkles, TriangleAlert } from 'lucide-react'
import type { IndexStatus } from '@/api'
import { Button } from '@/components/ui/button'
import { Progress } from '@/components/ui/progress'
import { embeddingBehind, modelName, reasonText } from './format'
import type { EmbeddingFix } from './useEmbeddingFix'

interface Props {
  status: IndexStatus | null
  /** the one click that makes search hybrid: use the default embedding model, or pick or pull one */
  fix: EmbeddingFix
  onReembed: () => void
  onCancelReembed: () => void
  /** embedding progress arrived just now: a pass is running */
  embedding?: boolean
}

/** IndexStatusLine says how search works in this workspace, and fixes keyword-only with one click. */
export function IndexStatusLine({ status, fix, onReembed, onCancelReembed, embedding }: Props) {
  if (!status) return <div className="h-10" aria-hidden />
  const counts =
    `${status.documents} ${status.documents === 1 ? 'document' : 'documents'}` +
    (status.inChats > 0 ? ` (+${status.inChats} attached to chats)` : '') +
    ` · ${status.chunks} ${status.chunks === 1 ? 'chunk' : 'chunks'}${status.pending > 0 ? ` · ${status.pending} in the queue` : ''}`
  // Embedding progress also comes from new documents being indexed; only a
  // re-embed pass (status.reembedding) is what Stop stops.
  const running = embedding || status.reembedding
  const behind = embeddingBehind(status)
  return (
    <div className="flex flex-col gap-2 rounded-lg border bg-card px-4 py-3" data-testid="index-status" data-mode={status.mode}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
        {status.mode === 'hybrid' ? (
          <>
            <Sparkles className="size-4 text-primary" aria-hidden />
            <span className="text-sm font-medium">
              Hybrid search: <span data-testid="embedding-model">{modelName(status.embeddingModel)}</span>
            </span>
            <span className="text-xs text-muted-foreground">keywords and meaning, fused</span>
          </>
        ) : (
          <>
            <Search className="size-4 text-muted-foreground" aria-hidden />
            <span className="text-sm font-medium">Keyword search only</span>
            <span className="text-xs text-muted-foreground">
              {status.embeddingModel
                ? `${modelName(status.embeddingModel)} is set but cannot run here${status.unavailable ? `: ${status.unavailable}` : ''}`
                : 'no embedding model: search matches words, not meaning'}
            </span>
            <Button size="sm" variant="outline" onClick={fix.run}>
              <Sparkles /> {fix.label}
            </Button>
            {fix.other && (
              <Button size="sm" variant="link" className="px-1" onClick={fix.other.run}>
                {fix.other.label}
              </Button>
            )}
          </>
        )}
        <span className="ml-auto flex items-center gap-1.5 text-xs text-muted-foreground" data-testid="index-counts">
          <Layers className="size-3.5" aria-hidden />
          {counts}
        </span>
      </div>
      {behind && (
        <div className="flex items-center gap-3" data-testid="reembed-progress">
          <TriangleAlert className="size-4 shrink-0 text-warning" aria-hidden />
          <div className="flex min-w-0 flex-1 flex-col gap-1">
            <span className="text-xs text-muted-foreground">
              {status.embedded} of {status.chunks} chunks have vectors for this model
              {status.pending > 0 ? '; new documents are still being processed' : '; the rest are searched by keywords only until embedded'}
            </span>
            {status.embedError && !running && (
              <span className="text-xs text-destructive" role="note" data-testid="embed-error">
                {reasonText(status.embedError)}
              </span>
            )}
            <Progress value={(status.embedded / status.chunks) * 100} label="Embedding progress" />
          </div>
          {running ? (
            <>
              <span className="flex shrink-0 items-center gap-1.5 text-xs text-muted-foreground">
                <LoaderCircle className="size-3.5 animate-spin" aria-hidden /> Embedding…
              </span>
              {status.reembedding && (
                <Button size="sm" variant="ghost" onClick={onCancelReembed} title="Stop embedding; chunks embedded so far keep their vectors">
                  Stop
                </Button>
              )}
            </>
          ) : (
            <Button size="sm" variant="outline" onClick={onReembed} title="Embed every chunk that has no vector for this model">
              Re-embed
            </Button>
          )}
        </div>
      )}
    </div>
  )
}
