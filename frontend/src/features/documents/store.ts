import { create } from 'zustand'
import { documentsApi, errorMessage, type AddReport, type AddResult, type DocSearchResult, type DocumentsAdding, type IndexStatus } from '@/api'
import { docsReducer, emptySlice, type DocsAction, type DocsSlice } from './reducer'
import { useAcceptedFormatsStore } from './acceptedFormats'
import { isSupported } from './format'

export const PAGE_SIZE = 25

/** AddNotice is the outcome of one file of the last add, shown above the list. */
export interface AddNotice {
  name: string
  /** retried: added, its content that of a failed document, which is queued again under this name */
  kind: 'added' | 'retried' | 'duplicate' | 'refused' | 'failed' | 'skipped' | 'stopped'
  reason: string
  /** count: how many files the notice stands for (default 1; "and 40 more" skipped files). */
  count?: number
}

/** noticesFrom explains what became of each added file. */
export function noticesFrom(results: AddResult[], names?: string[]): AddNotice[] {
  return results.map((r, i) => {
    const d = r.document
    const name = names?.[i] ?? d.name
    if (r.duplicate) {
      return { name, kind: 'duplicate', reason: d.name === name ? 'already added: the same content is here' : `same content as "${d.name}", already added` }
    }
    if (d.status === 'error') return { name, kind: 'refused', reason: d.error }
    if (r.retriedFrom) return { name, kind: 'retried', reason: `same content as "${r.retriedFrom}", which had failed: queued again under this name` }
    return { name, kind: 'added', reason: '' }
  })
}

/** noticesFromReport explains an added set of paths: each file, the files that could not be read, then what a folder held that is no document. */
export function noticesFromReport(r: AddReport): AddNotice[] {
  const reason = 'not a supported type, skipped'
  const out = [
    ...noticesFrom(r.added),
    ...r.failed.map((f): AddNotice => ({ name: f.name, kind: 'failed', reason: f.reason })),
    ...r.skipped.map((name): AddNotice => ({ name, kind: 'skipped', reason })),
  ]
  const more = r.skippedCount - r.skipped.length
  if (more > 0) out.push({ name: `and ${more} more`, kind: 'skipped', reason, count: more })
  if (r.stopped) out.push({ name: '', kind: 'stopped', reason: 'stopped before they were copied in', count: r.notAdded })
  return out
}

/** AddJob is one add of files the backend lists and copies in (documents:adding). */
export interface AddJob {
  addId: string
  listing: boolean
  done: number
  total: number
  /** the file being copied */
  name: string
}

/** withAddJob is jobs after one documents:adding event of an add: its progress in its place, or the add gone at its end. */
export function withAddJob(jobs: AddJob[], p: DocumentsAdding): AddJob[] {
  if (p.end) return jobs.filter((j) => j.addId !== p.addId)
  const job: AddJob = { addId: p.addId, listing: p.listing, done: p.done, total: p.total, name: p.name }
  const i = jobs.findIndex((j) => j.addId === p.addId)
  return i < 0 ? [...jobs, job] : jobs.map((j, k) => (k === i ? job : j))
}

export interface SearchState {
  query: string
  loading: boolean
  result: DocSearchResult | null
  error: string
  /** up to 50 chunks whatever their relevance, instead of what a chat would get (top-k, minimum) */
  all?: boolean
}

interface DocumentsState extends DocsSlice {
  workspaceId: string
  offset: number
  loading: boolean
  loaded: boolean
  error: string
  status: IndexStatus | null
  notices: AddNotice[]
  /** files read in the webview still being uploaded */
  adding: number
  /** the adds the backend is listing and copying in for this list (documents:adding), each its own, oldest first */
  copying: AddJob[]
  actionError: string
  search: SearchState
  /** when the last embedding progress arrived (a re-embed runs in the background) */
  embeddingAt: number

  dispatch: (a: DocsAction) => void
  load: (workspaceId: string, offset?: number) => Promise<void>
  reload: () => Promise<void>
  refreshStatus: () => Promise<void>
  refreshDoc: (id: string) => Promise<void>
  addFiles: (files: File[], skipUnsupported?: boolean) => Promise<void>
  addPaths: (paths: string[]) => Promise<void>
  pick: (folder: boolean) => Promise<void>
  /** stops the add addId (listing or copying files in); those added stay */
  cancelAdd: (addId: string) => Promise<void>
  cancel: (id: string) => Promise<void>
  reindex: (id: string) => Promise<void>
  remove: (id: string) => Promise<boolean>
  openFile: (id: string) => Promise<void>
  reembed: () => Promise<void>
  /** every failed document of the list queued again */
  retryFailed: () => Promise<void>
  /** every failed, canceled or refused document of the list deleted */
  removeFailed: () => Promise<void>
  /** every queued document of the list canceled (Retry failed undoes it) */
  cancelQueued: () => Promise<void>
  cancelReembed: () => Promise<void>
  runSearch: (query: string, all?: boolean) => Promise<void>
  clearSearch: () => void
  dismissNotices: () => void
  clearError: () => void
}

const initial = () => ({
  ...emptySlice(),
  workspaceId: '',
  offset: 0,
  loading: false,
  loaded: false,
  error: '',
  status: null,
  notices: [],
  adding: 0,
  copying: [] as AddJob[],
  actionError: '',
  search: { query: '', loading: false, result: null, error: '' },
  embeddingAt: 0,
})

/** The Documents slice: one page of the workspace's documents, queue progress, index status, search. */
export const useDocumentsStore = create<DocumentsState>((set, get) => {
  const afterAdd = async (notices: AddNotice[]) => {
    set((s) => ({ notices: [...s.notices, ...notices] }))
    // New documents are newest: show the first page.
    await get().load(get().workspaceId, 0)
    void get().refreshStatus()
  }
  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn()
    } catch (e) {
      set({ actionError: errorMessage(e) })
    }
  }
  return {
    ...initial(),
    dispatch: (a) => set((s) => docsReducer(s, a)),

    load: async (workspaceId, offset) => {
      const switched = workspaceId !== get().workspaceId
      if (switched) set({ ...initial(), workspaceId })
      const off = offset ?? get().offset
      set({ loading: true, offset: off })
      try {
        const page = await documentsApi.list(workspaceId, '', off, PAGE_SIZE)
        if (get().workspaceId !== workspaceId) return
        // A page emptied by deletes steps back.
        if (page.items.length === 0 && off > 0 && page.total > 0) {
          await get().load(workspaceId, Math.max(0, Math.floor((page.total - 1) / PAGE_SIZE) * PAGE_SIZE))
          return
        }
        set((s) => ({ ...docsReducer(s, { type: 'loaded', page }), loading: false, loaded: true, error: '' }))
      } catch (e) {
        if (get().workspaceId === workspaceId) set({ loading: false, error: errorMessage(e) })
      }
    },
    reload: () => get().load(get().workspaceId),
    refreshStatus: async () => {
      const ws = get().workspaceId
      if (!ws) return
      try {
        const status = await documentsApi.status(ws)
        if (get().workspaceId !== ws) return
        set({ status })
        if (status.pending === 0 && !(status.mode === 'hybrid' && status.embedded < status.chunks)) get().dispatch({ type: 'idle' })
      } catch {
        // The status line keeps its last value; the list shows load errors.
      }
    },
    refreshDoc: async (id) => {
      try {
        get().dispatch({ type: 'updated', doc: await documentsApi.get(id) })
      } catch {
        // deleted meanwhile
      }
    },

    addFiles: async (files, skipUnsupported = false) => {
      const ws = get().workspaceId
      if (!ws || files.length === 0) return
      // A dropped folder's other files are skipped here; without the list
      // the backend refuses each of them with its reason instead.
      const formats = skipUnsupported ? await useAcceptedFormatsStore.getState().load().catch(() => null) : null
      const skipped = formats ? files.filter((f) => !isSupported(f.name, formats)) : []
      const todo = formats ? files.filter((f) => isSupported(f.name, formats)) : files
      set((s) => ({ adding: s.adding + todo.length, notices: s.adding > 0 ? s.notices : [] }))
      const notices: AddNotice[] = skipped.map((f) => ({ name: f.name, kind: 'skipped', reason: 'not a supported type, skipped' }))
      for (const f of todo) {
        try {
          const r = await documentsApi.addFile(ws, '', f)
          notices.push(...noticesFrom([r], [f.name]))
        } catch (e) {
          notices.push({ name: f.name, kind: 'failed', reason: errorMessage(e) })
        }
        set((s) => ({ adding: Math.max(0, s.adding - 1) }))
      }
      await afterAdd(notices)
    },
    addPaths: async (paths) => {
      const ws = get().workspaceId
      if (!ws || paths.length === 0) return
      // Its progress comes as documents:adding events, apart from any
      // other add running at the same time (events.ts).
      set({ notices: [] })
      try {
        await afterAdd(noticesFromReport(await documentsApi.addPaths(ws, '', paths)))
      } catch (e) {
        set({ actionError: errorMessage(e) })
        await get().reload()
      }
    },
    pick: async (folder) => {
      const ws = get().workspaceId
      if (!ws) return
      try {
        const report = await documentsApi.pick(ws, '', folder)
        if (report.added.length + report.skipped.length + report.failed.length > 0 || report.stopped) {
          set({ notices: [] })
          await afterAdd(noticesFromReport(report))
        }
      } catch (e) {
        set({ actionError: errorMessage(e) })
      }
    },
    cancelAdd: (addId) => act(() => documentsApi.cancelAdd(get().workspaceId, addId)),

    cancel: (id) =>
      act(async () => {
        get().dispatch({ type: 'updated', doc: await documentsApi.cancel(id) })
        void get().refreshStatus()
      }),
    reindex: (id) =>
      act(async () => {
        const d = await documentsApi.reindex(id)
        get().dispatch({ type: 'status', payload: { workspaceId: d.workspaceId, documentId: d.id, status: d.status, error: d.error, chunks: d.chunks } })
        get().dispatch({ type: 'updated', doc: d })
        void get().refreshStatus()
      }),
    remove: async (id) => {
      try {
        await documentsApi.remove(id)
        get().dispatch({ type: 'removed', id })
        void get().refreshStatus()
        if (get().items.length === 0 && get().offset > 0) void get().reload()
        return true
      } catch (e) {
        set({ actionError: errorMessage(e) })
        return false
      }
    },
    openFile: (id) => act(() => documentsApi.openFile(id)),
    reembed: () =>
      act(async () => {
        set({ status: await documentsApi.reembed(get().workspaceId) })
      }),

    retryFailed: () =>
      act(async () => {
        await documentsApi.retryFailed(get().workspaceId)
        await get().reload()
        await get().refreshStatus()
      }),
    removeFailed: () =>
      act(async () => {
        await documentsApi.removeFailed(get().workspaceId)
        await get().reload()
        await get().refreshStatus()
      }),
    cancelQueued: () =>
      act(async () => {
        await documentsApi.cancelQueued(get().workspaceId)
        await get().reload()
        await get().refreshStatus()
      }),

    cancelReembed: () =>
      act(async () => {
        set({ status: await documentsApi.cancelReembed(get().workspaceId), embeddingAt: 0 })
      }),

    // Limit 0 asks for what a chat would get: the workspace's top-k and
    // minimum relevance. "all" asks for the 50 best whatever their relevance.
    runSearch: async (query, all = false) => {
      const ws = get().workspaceId
      const q = query.trim()
      if (!ws || !q) return
      set({ search: { query: q, loading: true, result: get().search.result, error: '', all } })
      try {
        const result = await documentsApi.search({ workspaceId: ws, chatId: '', query: q, limit: all ? 50 : 0 })
        if (get().search.query === q) set({ search: { query: q, loading: false, result, error: '', all } })
      } catch (e) {
        if (get().search.query === q) set({ search: { query: q, loading: false, result: null, error: errorMessage(e), all } })
      }
    },
    clearSearch: () => set({ search: { query: '', loading: false, result: null, error: '' } }),
    dismissNotices: () => set({ notices: [] }),
    clearError: () => set({ actionError: '' }),
  }
})

/** resetDocumentsStore is for tests. */
export function resetDocumentsStore() {
  useDocumentsStore.setState(initial())
}
