import { useEffect, useRef, useState } from 'react'
import { ChevronLeft, ChevronRight, FolderOpen, LoaderCircle, Upload } from 'lucide-react'
import type { DocumentInfo } from '@/api'
import { Page } from '@/components/layout/Page'
import { Button } from '@/components/ui/button'
import { Confirm } from '@/components/ui/confirm'
import { Progress } from '@/components/ui/progress'
import { useToasts } from '@/components/ui/toast'
import { useWorkspaceStore } from '@/features/workspaces/store'
import { AddJobProgress } from './AddJobProgress'
import { AddNotices } from './AddNotices'
import { DocumentRow } from './DocumentRow'
import { useDocumentEvents } from './events'
import { useAcceptedFormats } from './acceptedFormats'
import { acceptAttr, formatsLabel } from './format'
import { IndexStatusLine } from './IndexStatusLine'
import { filesFromDrop, isNativeWebview } from './native'
import { overall } from './reducer'
import { SearchCheckPanel } from './SearchCheckPanel'
import { SearchPanel } from './SearchPanel'
import { PAGE_SIZE, useDocumentsStore } from './store'
import { useEmbeddingFix } from './useEmbeddingFix'

/** DocumentsPage: add documents to the current workspace, watch them processed, and search them. */
export function DocumentsPage() {
  const wsId = useWorkspaceStore((s) => s.currentId)
  const live = useDocumentsStore()
  // Until the new workspace's page loads, show none of the previous one's.
  const s = live.workspaceId === wsId ? live : { ...live, items: [], total: 0, status: null, loaded: false, notices: [], queue: {}, copying: [], search: { query: '', loading: false, result: null, error: '' } }
  const show = useToasts((t) => t.show)
  const fileRef = useRef<HTMLInputElement>(null)
  const folderRef = useRef<HTMLInputElement>(null)
  const [dragging, setDragging] = useState(false)
  const [deleting, setDeleting] = useState<DocumentInfo | null>(null)
  const [cancelAll, setCancelAll] = useState(false)
  const [removeAll, setRemoveAll] = useState(false)
  const native = isNativeWebview()
  const formats = useAcceptedFormats()
  const fix = useEmbeddingFix(wsId, () => void useDocumentsStore.getState().refreshStatus())
  useDocumentEvents()
  // "Embedding…" lasts 5 s past the last embedding progress: re-render then.
  const [, tick] = useState(0)
  const embeddingAt = s.embeddingAt
  useEffect(() => {
    if (!embeddingAt) return
    const t = setTimeout(() => tick((n) => n + 1), Math.max(0, embeddingAt + 5100 - Date.now()))
    return () => clearTimeout(t)
  }, [embeddingAt])

  useEffect(() => {
    if (!wsId) return
    void useDocumentsStore.getState().load(wsId, useDocumentsStore.getState().workspaceId === wsId ? undefined : 0)
    void useDocumentsStore.getState().refreshStatus()
  }, [wsId])
  const { actionError, clearError } = live
  useEffect(() => {
    if (actionError) {
      show({ message: actionError, tone: 'error' })
      clearError()
    }
  }, [actionError, clearError, show])

  const chooseFiles = () => (native ? void s.pick(false) : fileRef.current?.click())
  const chooseFolder = () => (native ? void s.pick(true) : folderRef.current?.click())
  const q = overall(s.queue)
  const from = s.total === 0 ? 0 : s.offset + 1
  const to = Math.min(s.offset + s.items.length, s.total)
  const failedOrRefused = (s.status?.failed ?? 0) + (s.status?.refused ?? 0)

  return (
    <Page
      title="Documents"
      actions={
        <>
          <Button variant="outline" size="sm" onClick={chooseFolder} disabled={!wsId}>
            <FolderOpen /> Add folder
          </Button>
          <Button size="sm" onClick={chooseFiles} disabled={!wsId}>
            <Upload /> Add files
          </Button>
        </>
      }
    >
      <div
        className="relative mx-auto flex max-w-4xl flex-col gap-4"
        onDragOver={(e) => {
          if ([...e.dataTransfer.types].includes('Files')) {
            e.preventDefault()
            setDragging(true)
          }
        }}
        onDragLeave={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false)
        }}
        onDrop={(e) => {
          e.preventDefault()
          setDragging(false)
          // In the desktop app the window reports the drop by path too
          // (files:dropped, folders included): that one adds them.
          if (native) return
          const hasFolder = [...e.dataTransfer.items].some((it) => it.webkitGetAsEntry?.()?.isDirectory)
          void filesFromDrop(e.dataTransfer).then((files) => s.addFiles(files, hasFolder))
        }}
        style={{ '--wails-drop-target': 'drop' } as React.CSSProperties}
      >
        <IndexStatusLine
          status={s.status}
          fix={fix}
          onReembed={() => void s.reembed()}
          onCancelReembed={() => void s.cancelReembed()}
          embedding={Date.now() - s.embeddingAt < 5000}
        />
        {wsId && <SearchCheckPanel workspaceId={wsId} ready={(s.status?.documents ?? 0) > 0 && (s.status?.chunks ?? 0) > 0 && (s.status?.pending ?? 0) === 0} />}

        <div
          className={
            'flex flex-col items-center gap-2 rounded-xl border-2 border-dashed px-6 py-6 text-center transition-colors ' +
            (dragging ? 'border-primary bg-primary/5' : 'border-border')
          }
          data-testid="drop-zone"
        >
          <p className="text-sm font-medium">{dragging ? 'Drop to add them' : 'Drop files or a folder here, several at once'}</p>
          <p className="text-xs text-muted-foreground">
            {formats.length > 0 && `Accepted: ${formatsLabel(formats)}. `}Other files are refused with the reason; the same file twice is recognised.
          </p>
          <label
            className={
              'inline-flex cursor-pointer items-center gap-2 rounded-md border border-input bg-background px-3 py-1.5 text-xs font-medium ' +
              'hover:bg-accent focus-within:ring-2 focus-within:ring-ring ' +
              (!wsId ? 'pointer-events-none opacity-50' : '')
            }
          >
            <Upload className="size-3.5" /> Choose files…
            <input
              ref={fileRef}
              type="file"
              multiple
              accept={acceptAttr(formats)}
              aria-label="Upload documents"
              data-testid="document-input"
              disabled={!wsId}
              className="sr-only"
              // In the desktop app the native dialog adds them instead: it
              // streams each file from disk, where the webview sends its
              // bytes through the bridge (64 MB at most).
              onClick={(e) => {
                if (!native) return
                e.preventDefault()
                chooseFiles()
              }}
              onChange={(e) => {
                const files = [...(e.target.files ?? [])]
                e.target.value = ''
                void s.addFiles(files)
              }}
            />
          </label>
          <input
            ref={folderRef}
            type="file"
            hidden
            multiple
            aria-label="Upload a folder"
            // @ts-expect-error: webkitdirectory is not in React's input attributes
            webkitdirectory=""
            onChange={(e) => {
              const files = [...(e.target.files ?? [])].filter((f) => !f.webkitRelativePath.split('/').some((p) => p.startsWith('.')))
              e.target.value = ''
              void s.addFiles(files, true)
            }}
          />
          {s.copying.map((job) => (
            <AddJobProgress key={job.addId} job={job} onStop={() => void s.cancelAdd(job.addId)} stopTitle="Stop copying these files; the files added so far stay in the queue" />
          ))}
          {s.adding > 0 && (
            <p className="flex items-center gap-2 text-xs text-muted-foreground" role="status">
              <LoaderCircle className="size-3.5 animate-spin" /> Uploading {s.adding} {s.adding === 1 ? 'file' : 'files'}…
            </p>
          )}
        </div>

        <AddNotices notices={s.notices} onDismiss={s.dismissNotices} />

        {q.active && (
          <div className="flex items-center gap-3" data-testid="queue-progress">
            <Progress value={q.percent} label="Processing documents" announce />
            <span className="shrink-0 text-xs text-muted-foreground">
              {q.done} of {q.count} processed
            </span>
          </div>
        )}

        <SearchPanel
          search={s.search}
          disabled={!wsId}
          onSearch={(query) => void s.runSearch(query)}
          onShowAll={() => void s.runSearch(s.search.query, true)}
          onClear={s.clearSearch}
          onOpen={(id) => void s.openFile(id)}
        />

        <section aria-label="Document list" className="flex flex-col gap-2">
          <div className="flex items-center gap-2">
            <h2 className="flex-1 text-sm font-semibold">In this workspace</h2>
            {(s.status?.failed ?? 0) > 0 && (
              <Button size="sm" variant="outline" onClick={() => void s.retryFailed()} title="Queue every document that failed or was canceled again">
                Retry failed ({s.status?.failed})
              </Button>
            )}
            {failedOrRefused > 0 && (
              <Button size="sm" variant="ghost" onClick={() => setRemoveAll(true)} title="Delete every document that failed, was canceled or was refused">
                Remove failed
              </Button>
            )}
            {(s.status?.pending ?? 0) > 1 && (
              <Button size="sm" variant="ghost" onClick={() => setCancelAll(true)} title="Stop every document still waiting or being read">
                Cancel all
              </Button>
            )}
            {s.total > PAGE_SIZE && (
              <div className="flex items-center gap-1 text-xs text-muted-foreground">
                <span data-testid="page-range">
                  {from}–{to} of {s.total}
                </span>
                <Button variant="ghost" size="icon" aria-label="Previous page" disabled={s.offset === 0} onClick={() => void s.load(wsId, Math.max(0, s.offset - PAGE_SIZE))}>
                  <ChevronLeft />
                </Button>
                <Button variant="ghost" size="icon" aria-label="Next page" disabled={s.offset + PAGE_SIZE >= s.total} onClick={() => void s.load(wsId, s.offset + PAGE_SIZE)}>
                  <ChevronRight />
                </Button>
              </div>
            )}
          </div>
          {s.error && (
            <p className="text-sm text-destructive" role="alert">
              {s.error}
            </p>
          )}
          {s.loaded && s.total === 0 && !s.error && (
            <p className="rounded-lg border bg-card px-4 py-8 text-center text-sm text-muted-foreground">
              No documents yet. Add some and every chat in this workspace can answer from them, citing the passage.
            </p>
          )}
          {s.items.length > 0 && (
            <ul className="divide-y rounded-lg border bg-card" aria-label="Documents">
              {s.items.map((d) => (
                <DocumentRow
                  key={d.id}
                  doc={d}
                  progress={s.progress[d.id]}
                  onCancel={(id) => void s.cancel(id)}
                  onReindex={(id) => void s.reindex(id)}
                  onDelete={setDeleting}
                  onOpen={(id) => void s.openFile(id)}
                />
              ))}
            </ul>
          )}
        </section>

        {dragging && (
          <div className="pointer-events-none absolute inset-0 z-40 flex items-center justify-center rounded-xl border-2 border-dashed border-primary bg-primary/5 text-sm font-medium text-primary">
            Drop to add to the workspace
          </div>
        )}
      </div>
      <Confirm
        open={cancelAll}
        onOpenChange={setCancelAll}
        title="Cancel every queued document?"
        description="The documents still waiting or being read stop and are marked canceled; nothing is deleted, and Retry failed queues them again."
        confirmLabel="Cancel them"
        onConfirm={() => {
          void s.cancelQueued()
          setCancelAll(false)
        }}
      />
      <Confirm
        open={removeAll}
        onOpenChange={setRemoveAll}
        title={`Delete ${failedOrRefused} failed ${failedOrRefused === 1 ? 'document' : 'documents'}?`}
        description="Every document that failed, was canceled or was refused is removed from the list; the others stay. Add a file again to bring it back."
        confirmLabel="Delete them"
        destructive
        onConfirm={() => {
          void s.removeFailed()
          setRemoveAll(false)
        }}
      />
      <Confirm
        open={!!deleting}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={`Delete ${deleting?.name ?? 'document'}?`}
        description="Its chunks and vectors are removed from search at once. Answers that already cited it keep their quoted passages."
        confirmLabel="Delete"
        destructive
        onConfirm={() => {
          if (deleting) void s.remove(deleting.id)
          setDeleting(null)
        }}
      />
    </Page>
  )
}
