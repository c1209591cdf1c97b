import { useEffect, useRef, useState } from 'react'
import { create } from 'zustand'
import { CircleX, LoaderCircle, Paperclip } from 'lucide-react'
import { chatApi, documentsApi, errorMessage, EventNames, onEvent, type Citation, type DataChanged, type DocumentInfo, type DocumentProgress, type DocumentStatus } from '@/api'
import { Button } from '@/components/ui/button'
import { Confirm } from '@/components/ui/confirm'
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { useToasts } from '@/components/ui/toast'
import { useChatStore } from '@/features/chat/store'
import { useWorkspaceStore } from '@/features/workspaces/store'
import { AddJobProgress } from './AddJobProgress'
import { sendEach, stopAttach, trackPick, useChatAttach, type ChatAttachJob } from './chatAttach'
import { DocumentRow } from './DocumentRow'
import { useAcceptedFormats, useAcceptedFormatsStore } from './acceptedFormats'
import { acceptAttr, formatsLabel, isSupported } from './format'
import { isNativeWebview } from './native'
import type { Progress as DocProgress } from './reducer'
import { noticesFrom, noticesFromReport, type AddNotice } from './store'

interface ChatDocsState {
  chatId: string
  docs: DocumentInfo[]
  load: (workspaceId: string, chatId: string) => Promise<void>
}

/** The documents attached to the chat on screen (not the workspace's, which every chat sees). */
export const useChatDocs = create<ChatDocsState>((set, get) => ({
  chatId: '',
  docs: [],
  load: async (workspaceId, chatId) => {
    if (!chatId || !workspaceId) {
      set({ chatId: '', docs: [] })
      return
    }
    if (get().chatId !== chatId) set({ chatId, docs: [] })
    try {
      const page = await documentsApi.list(workspaceId, chatId, 0, 200)
      if (get().chatId === chatId) set({ docs: page.items.filter((d) => d.chatId === chatId) })
    } catch {
      // The header badge is a convenience; the chat works without it.
    }
  },
}))

/** openCitationFile shows a cited document's file in the system viewer (CitationPanel's "Open file"). */
export async function openCitationFile(c: Pick<Citation, 'documentId'>) {
  try {
    await documentsApi.openFile(c.documentId)
  } catch (e) {
    useToasts.getState().show({ message: errorMessage(e), tone: 'error' })
  }
}

/** ensureChat returns the open chat's id, creating the chat first when it is a new draft. */
async function ensureChat(workspaceId: string): Promise<string> {
  const st = useChatStore.getState()
  const id = st.view?.chat.id || st.currentId
  if (id) return id
  const chat = await chatApi.createChat(workspaceId, st.draft.modelRef)
  if (!st.workspaceId) useChatStore.setState({ workspaceId })
  useChatStore.getState().setView({ chat, messages: [], totals: { tokensIn: 0, tokensOut: 0, estimated: false, messages: 0 }, hasMore: false })
  void useChatStore.getState().loadList(workspaceId)
  return chat.id
}

function report(notices: AddNotice[]) {
  const show = useToasts.getState().show
  const added = notices.filter((n) => n.kind === 'added' || n.kind === 'retried').map((n) => n.name)
  if (added.length > 0) show({ message: `Attached ${added.join(', ')} to this chat; it is being indexed` }, 4000)
  for (const n of notices) {
    if (n.kind === 'duplicate') show({ message: `${n.name} is already attached to this chat` })
    else if (n.kind === 'stopped')
      show({ message: n.count ? `Stopped: ${n.count} more ${n.count === 1 ? 'file was' : 'files were'} not attached` : 'Stopped before any file was attached' })
    else if (n.kind !== 'added' && n.kind !== 'retried') show({ message: `${n.name}: ${n.reason}`, tone: 'error' })
  }
}

/** attachToChat attaches files read in the webview, or those chosen in the native picker (null), to the open chat, creating it first for a new draft, and reports each. */
async function attachToChat(wsId: string, files: File[] | null) {
  const show = useToasts.getState().show
  try {
    const chatId = await ensureChat(wsId)
    let notices: AddNotice[] = []
    // The composer shows the attach's progress and its Stop (chatAttach.ts).
    if (files === null) {
      notices = noticesFromReport(await trackPick(wsId, chatId, () => documentsApi.pick(wsId, chatId, false)))
    } else {
      const left = await sendEach(wsId, chatId, files, async (f) => {
        try {
          notices.push(...noticesFrom([await documentsApi.addFile(wsId, chatId, f, 'Attach document')], [f.name]))
        } catch (e) {
          notices.push({ name: f.name, kind: 'failed', reason: errorMessage(e) })
        }
      })
      if (left > 0) notices.push({ name: '', kind: 'stopped', reason: '', count: left })
    }
    report(notices)
    await useChatDocs.getState().load(wsId, chatId)
  } catch (e) {
    show({ message: errorMessage(e), tone: 'error' })
  }
}

/**
 * attachDropped attaches files dropped or pasted on a chat that are not
 * images to it as documents; a file of no accepted format is refused with
 * the list of formats instead of becoming a refused document of the chat.
 */
export async function attachDropped(files: File[]) {
  const wsId = useWorkspaceStore.getState().currentId
  if (!wsId || files.length === 0) return
  const formats = await useAcceptedFormatsStore
    .getState()
    .load()
    .catch(() => [])
  const docs = formats.length > 0 ? files.filter((f) => isSupported(f.name, formats)) : files
  for (const f of files) {
    if (!docs.includes(f)) {
      useToasts.getState().show({ message: `${f.name} is neither an image nor a document this app reads (${formatsLabel(formats)})`, tone: 'error' })
    }
  }
  if (docs.length > 0) await attachToChat(wsId, docs)
}

/** ChatAttachProgress (composer): the files being attached to this chat, each attach with its progress and Stop. */
export function ChatAttachProgress({ chatId }: { chatId: string }) {
  const jobs = useChatAttach((s) => s.jobs)
  const mine = chatId ? jobs.filter((j) => j.chatId === chatId) : []
  if (mine.length === 0) return null
  const stop = async (j: ChatAttachJob) => {
    try {
      await stopAttach(j)
    } catch (e) {
      useToasts.getState().show({ message: errorMessage(e), tone: 'error' })
    }
  }
  return (
    <div className="flex flex-col gap-1 px-2" role="group" aria-label="Attaching documents">
      {mine.map((j) => (
        <AddJobProgress key={j.addId} job={j} compact onStop={() => void stop(j)} stopTitle="Stop attaching; the files attached so far stay" />
      ))}
    </div>
  )
}

/** AttachDocumentButton (composer): attach documents to this chat only; a new chat is created first. */
export function AttachDocumentButton() {
  const wsId = useWorkspaceStore((s) => s.currentId)
  const inputRef = useRef<HTMLInputElement>(null)
  const native = isNativeWebview()
  const formats = useAcceptedFormats()
  const attach = (files: File[] | null) => attachToChat(wsId, files)

  return (
    <>
      <input
        ref={inputRef}
        type="file"
        multiple
        hidden
        accept={acceptAttr(formats)}
        data-testid="chat-document-input"
        aria-label="Attach documents to this chat"
        onChange={(e) => {
          const files = [...(e.target.files ?? [])]
          e.target.value = ''
          if (files.length > 0) void attach(files)
        }}
      />
      <Button
        variant="ghost"
        size="icon"
        aria-label="Attach document"
        title={formats.length > 0 ? `Attach a document to this chat (${formatsLabel(formats)})` : 'Attach a document to this chat'}
        disabled={!wsId}
        onClick={() => (native ? void attach(null) : inputRef.current?.click())}
      >
        <Paperclip />
      </Button>
    </>
  )
}

/** ChatDocumentsBadge (chat header): the documents attached to this chat, managed in a dialog. */
export function ChatDocumentsBadge() {
  const wsId = useWorkspaceStore((s) => s.currentId)
  const chatId = useChatStore((s) => s.view?.chat.id ?? '')
  const { docs, chatId: loadedFor } = useChatDocs()
  const [open, setOpen] = useState(false)
  const [deleting, setDeleting] = useState<DocumentInfo | null>(null)
  const [progress, setProgress] = useState<Record<string, DocProgress>>({})

  useEffect(() => {
    void useChatDocs.getState().load(wsId, chatId)
  }, [wsId, chatId])
  useEffect(() => {
    if (!chatId) return
    let timer: ReturnType<typeof setTimeout> | undefined
    const refresh = () => {
      clearTimeout(timer)
      timer = setTimeout(() => void useChatDocs.getState().load(wsId, chatId), 150)
    }
    const mine = (id: string) => useChatDocs.getState().docs.some((d) => d.id === id)
    const offs = [
      onEvent<DocumentStatus>(EventNames.documentStatus, (p) => {
        if (p.workspaceId === wsId && (mine(p.documentId) || p.status === 'pending')) refresh()
      }),
      onEvent<DocumentProgress>(EventNames.documentProgress, (p) => {
        if (p.workspaceId === wsId && mine(p.documentId)) setProgress((m) => ({ ...m, [p.documentId]: { stage: p.stage, done: p.done, total: p.total } }))
      }),
      onEvent<DataChanged>(EventNames.dataChanged, (p) => {
        if (p.workspaceId === wsId && p.tables.includes('documents')) refresh()
      }),
    ]
    return () => {
      clearTimeout(timer)
      offs.forEach((off) => off())
    }
  }, [wsId, chatId])

  if (!chatId || loadedFor !== chatId || docs.length === 0) return null
  const working = docs.filter((d) => d.status === 'pending' || d.status === 'processing').length
  const failed = docs.filter((d) => d.status === 'error').length
  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn()
    } catch (e) {
      useToasts.getState().show({ message: errorMessage(e), tone: 'error' })
    }
    await useChatDocs.getState().load(wsId, chatId)
  }
  return (
    <>
      <Button variant="ghost" size="sm" aria-label={`Attached documents (${docs.length})`} data-testid="chat-documents" onClick={() => setOpen(true)}>
        {working > 0 ? <LoaderCircle className="animate-spin" /> : failed > 0 ? <CircleX className="text-destructive" /> : <Paperclip />}
        {docs.length}
      </Button>
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogContent className="max-w-xl">
          <DialogHeader>
            <DialogTitle>Attached to this chat</DialogTitle>
            <DialogDescription>
              Only this chat answers from them (and from the workspace's documents, unless the workspace's settings turn those off). Deleting the chat
              removes them.
            </DialogDescription>
          </DialogHeader>
          <ul className="-mx-4 max-h-[60vh] divide-y overflow-y-auto" aria-label="Documents attached to this chat">
            {docs.map((d) => (
              <DocumentRow
                key={d.id}
                doc={d}
                progress={progress[d.id]}
                onCancel={(id) => void act(() => documentsApi.cancel(id))}
                onReindex={(id) => void act(() => documentsApi.reindex(id))}
                onDelete={setDeleting}
                onOpen={(id) => void openCitationFile({ documentId: id })}
              />
            ))}
          </ul>
        </DialogContent>
      </Dialog>
      <Confirm
        open={deleting !== null}
        title={`Remove ${deleting?.name ?? ''} from this chat?`}
        description="Its chunks and vectors are removed at once. Answers that already cited it keep their quoted passages."
        confirmLabel="Remove"
        destructive
        onConfirm={() => {
          const d = deleting
          setDeleting(null)
          if (d) void act(() => documentsApi.remove(d.id))
        }}
        onOpenChange={(o) => !o && setDeleting(null)}
      />
    </>
  )
}
