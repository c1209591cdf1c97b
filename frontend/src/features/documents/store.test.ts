import { beforeEach, describe, expect, it, vi } from 'vitest'
import { documentsApi } from '@/api'
import { docsReducer, emptySlice, overall } from './reducer'
import { noticesFrom, resetDocumentsStore, useDocumentsStore } from './store'
import { doc, indexStatus, page } from './testApi'

vi.mock('@/api', async () => (await import('@/features/documents/testApi')).documentsFakeApiModule())

const api = vi.mocked(documentsApi)
const st = () => useDocumentsStore.getState()

beforeEach(() => {
  vi.clearAllMocks()
  resetDocumentsStore()
  api.list.mockResolvedValue(page([]))
})

describe('noticesFrom', () => {
  it('tells added, refused and duplicate files apart', () => {
    const n = noticesFrom([
      { document: doc({ name: 'a.md', status: 'pending' }), duplicate: false },
      { document: doc({ name: 'b.exe', status: 'error', sha256: '', error: 'unsupported file type .exe' }), duplicate: false },
      { document: doc({ name: 'c.txt' }), duplicate: true },
      { document: doc({ name: 'first.txt' }), duplicate: true },
    ], ['a.md', 'b.exe', 'c.txt', 'second.txt'])
    expect(n.map((x) => x.kind)).toEqual(['added', 'refused', 'duplicate', 'duplicate'])
    expect(n[1].reason).toBe('unsupported file type .exe')
    expect(n[2].reason).toMatch(/already added/)
    expect(n[3].reason).toBe('same content as "first.txt", already added')
  })

  it('says a failed document of the same content was queued again under the new name', () => {
    const [n] = noticesFrom([{ document: doc({ name: 'b.txt', status: 'pending' }), duplicate: false, retriedFrom: 'a.txt' }])
    expect(n.kind).toBe('retried')
    expect(n.reason).toBe('same content as "a.txt", which had failed: queued again under this name')
  })
})

describe('documents store', () => {
  it('loads a page of the workspace and switching workspace starts afresh', async () => {
    api.list.mockResolvedValueOnce(page([doc({ id: 'a', status: 'pending' })], 1))
    await st().load('w1')
    expect(api.list).toHaveBeenCalledWith('w1', '', 0, 25)
    expect(st().items).toHaveLength(1)
    expect(overall(st().queue).active).toBe(true)
    api.list.mockResolvedValueOnce(page([], 0))
    await st().load('w2')
    expect(st().workspaceId).toBe('w2')
    expect(st().items).toEqual([])
    expect(st().queue).toEqual({})
  })

  it('keeps a load error to show', async () => {
    api.list.mockRejectedValueOnce({ code: 'internal', message: 'database is locked' })
    await st().load('w1')
    expect(st().error).toBe('database is locked')
  })

  it('uploads files one by one, skipping other types from a folder, and reloads the first page', async () => {
    useDocumentsStore.setState({ workspaceId: 'w1', offset: 25 })
    api.addFile.mockImplementation(async (_w: string, _c: string, f: File) => ({ document: doc({ name: f.name, status: 'pending' }), duplicate: false }))
    const files = ['a.pdf', 'b.DOCX', 'photo.jpg', 'c.csv'].map((n) => new File(['x'], n))
    await st().addFiles(files, true)
    expect(api.addFile).toHaveBeenCalledTimes(3)
    expect(api.addFile.mock.calls.map((c) => (c[2] as File).name)).toEqual(['a.pdf', 'b.DOCX', 'c.csv'])
    expect(st().notices.map((n) => `${n.kind}:${n.name}`)).toEqual(['skipped:photo.jpg', 'added:a.pdf', 'added:b.DOCX', 'added:c.csv'])
    expect(st().adding).toBe(0)
    expect(api.list).toHaveBeenLastCalledWith('w1', '', 0, 25)
  })

  it('reports a file the backend could not take without stopping the others', async () => {
    useDocumentsStore.setState({ workspaceId: 'w1' })
    api.addFile.mockRejectedValueOnce({ code: 'unavailable', message: 'disk full' }).mockResolvedValueOnce({ document: doc({ name: 'ok.txt', status: 'pending' }), duplicate: false })
    await st().addFiles([new File(['x'], 'big.pdf'), new File(['y'], 'ok.txt')])
    expect(st().notices).toEqual([
      { name: 'big.pdf', kind: 'failed', reason: 'disk full' },
      { name: 'ok.txt', kind: 'added', reason: '' },
    ])
  })

  it('adds from the native picker (files or a folder) and leaves a cancelled dialog alone', async () => {
    useDocumentsStore.setState({ workspaceId: 'w1' })
    await st().pick(true)
    expect(documentsApi.pick).toHaveBeenCalledWith('w1', '', true)
    expect(api.list).not.toHaveBeenCalled()
    vi.mocked(documentsApi.pick).mockResolvedValueOnce({ added: [{ document: doc({ name: 'x.md', status: 'pending' }), duplicate: false }], skipped: [], skippedCount: 0, failed: [], notAdded: 0, stopped: false })
    await st().pick(false)
    expect(st().notices).toEqual([{ name: 'x.md', kind: 'added', reason: '' }])
    // A folder's files that are no documents are reported, not lost.
    vi.mocked(documentsApi.pick).mockResolvedValueOnce({ added: [], skipped: ['Reports/photo.png'], skippedCount: 1, failed: [], notAdded: 0, stopped: false })
    await st().pick(true)
    expect(st().notices).toEqual([{ name: 'Reports/photo.png', kind: 'skipped', reason: 'not a supported type, skipped' }])
  })

  it('marks leftovers done when the backend says nothing is queued', async () => {
    useDocumentsStore.setState({ workspaceId: 'w1', ...docsReducer(emptySlice(), { type: 'progress', payload: { workspaceId: 'w1', documentId: 'gone', stage: 'embedding', done: 1, total: 4 } }) })
    api.status.mockResolvedValueOnce(indexStatus({ pending: 0, chunks: 4, embedded: 0 }))
    await st().refreshStatus()
    expect(overall(st().queue).active).toBe(false)
  })

  it('keeps the queue while a re-embed is behind', async () => {
    useDocumentsStore.setState({ workspaceId: 'w1', ...docsReducer(emptySlice(), { type: 'progress', payload: { workspaceId: 'w1', documentId: 'x', stage: 'extracting', done: 0, total: 1 } }) })
    api.status.mockResolvedValueOnce(indexStatus({ mode: 'hybrid', embeddingModel: 'openai:e', pending: 0, chunks: 4, embedded: 1 }))
    await st().refreshStatus()
    expect(overall(st().queue).active).toBe(true)
  })

  it("searches as a chat would (the workspace's top-k), or the 50 best, and keeps the error of a failed search", async () => {
    useDocumentsStore.setState({ workspaceId: 'w1' })
    api.search.mockResolvedValueOnce({ mode: 'keyword', note: '', hits: [], tookMs: 1 })
    await st().runSearch('  gpl  ')
    expect(api.search).toHaveBeenCalledWith({ workspaceId: 'w1', chatId: '', query: 'gpl', limit: 0 })
    expect(st().search.result?.mode).toBe('keyword')
    api.search.mockResolvedValueOnce({ mode: 'keyword', note: '', hits: [], tookMs: 1 })
    await st().runSearch('gpl', true)
    expect(api.search).toHaveBeenLastCalledWith({ workspaceId: 'w1', chatId: '', query: 'gpl', limit: 50 })
    expect(st().search.all).toBe(true)
    api.search.mockRejectedValueOnce({ code: 'unavailable', message: 'the index is busy' })
    await st().runSearch('mpl')
    expect(st().search).toMatchObject({ loading: false, result: null, error: 'the index is busy' })
    await st().runSearch('   ')
    expect(api.search).toHaveBeenCalledTimes(3)
  })

  it('a failed delete keeps the document and says why', async () => {
    useDocumentsStore.setState({ workspaceId: 'w1', items: [doc({ id: 'k' })], total: 1 })
    api.remove.mockRejectedValueOnce({ code: 'not_found', message: 'document k not found' })
    expect(await st().remove('k')).toBe(false)
    expect(st().items).toHaveLength(1)
    expect(st().actionError).toBe('document k not found')
  })
})
