import { beforeEach, describe, expect, it, vi } from 'vitest'
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { documentsApi, modelsApi, workspacesApi } from '@/api'
import { useAppStore } from '@/features/app/store'
import { useWorkspaceStore } from '@/features/workspaces/store'
import { Toaster } from '@/components/ui/toast'
import { DocumentsPage } from './DocumentsPage'
import { resetDocumentsStore, useDocumentsStore } from './store'
import { bus, doc, indexStatus, page, source, wsSettings } from './testApi'

vi.mock('@/api', async () => (await import('@/features/documents/testApi')).documentsFakeApiModule())

const api = vi.mocked(documentsApi)

beforeEach(() => {
  vi.clearAllMocks()
  bus.clear()
  resetDocumentsStore()
  useWorkspaceStore.setState({ currentId: 'w1', workspaces: [{ id: 'w1', name: 'Personal', icon: '', color: '', isDefault: true, archivedAt: 0, createdAt: 1, updatedAt: 1 }] })
  useAppStore.setState({ page: 'documents' })
  api.status.mockResolvedValue(indexStatus())
  api.list.mockResolvedValue(page([]))
  vi.mocked(modelsApi.defaults).mockResolvedValue({ chatModelRef: '', embeddingModelRef: '' })
})

async function renderPage() {
  render(
    <>
      <DocumentsPage />
      <Toaster />
    </>,
  )
  await screen.findByTestId('index-status')
}

const row = (name: string) => screen.getByRole('listitem', { name })

describe('DocumentsPage', () => {
  it('is the Documents region and lists the accepted formats', async () => {
    await renderPage()
    expect(screen.getByRole('region', { name: 'Documents' })).toBeInTheDocument()
    // The formats are the backend's list (documentsApi.acceptedFormats).
    await waitFor(() => expect(screen.getByTestId('drop-zone')).toHaveTextContent('Accepted: PDF, DOCX, TXT, MD, HTML, CSV.'))
    expect(screen.getByTestId('document-input')).toHaveAttribute('accept', '.pdf,.docx,.txt,.text,.md,.markdown,.html,.htm,.csv')
    expect(await screen.findByText(/No documents yet/)).toBeInTheDocument()
  })

  it('renders each status: chunks and pages, reasons in words, warnings, waiting', async () => {
    api.list.mockResolvedValue(
      page([
        doc({ name: 'apache-2.0.pdf', format: 'pdf', status: 'completed', chunks: 12, pages: 4 }),
        doc({ name: 'encrypted.pdf', status: 'error', error: 'PDF is password-protected', chunks: 0 }),
        doc({ name: 'photo.png', status: 'error', sha256: '', error: 'unsupported file type .png (supported: PDF, DOCX, TXT, MD, HTML, CSV)' }),
        doc({ name: 'latin1.txt', status: 'completed', chunks: 1, warning: 'decoded as Windows-1252' }),
        doc({ name: 'queued.md', status: 'pending' }),
        doc({ name: 'stopped.txt', status: 'error', error: 'canceled' }),
      ]),
    )
    await renderPage()
    expect(await screen.findByText('12 chunks · 4 pages')).toBeInTheDocument()
    expect(within(row('apache-2.0.pdf')).getByTestId('document-status')).toHaveTextContent('Ready')
    expect(within(row('encrypted.pdf')).getByTestId('document-error')).toHaveTextContent('PDF is password-protected')
    expect(within(row('encrypted.pdf')).getByRole('button', { name: 'Re-index encrypted.pdf' })).toBeInTheDocument()
    // Refused at the door: nothing stored, so nothing to re-index or open.
    expect(within(row('photo.png')).getByTestId('document-status')).toHaveTextContent('Refused')
    expect(within(row('photo.png')).getByTestId('document-error')).toHaveTextContent('Unsupported file type .png')
    expect(within(row('photo.png')).queryByRole('button', { name: /Re-index/ })).toBeNull()
    expect(within(row('photo.png')).queryByRole('button', { name: /Open/ })).toBeNull()
    expect(within(row('latin1.txt')).getByTestId('document-warning')).toHaveTextContent('decoded as Windows-1252')
    expect(within(row('queued.md')).getByText('In the queue')).toBeInTheDocument()
    expect(within(row('queued.md')).getByRole('button', { name: 'Cancel queued.md' })).toBeInTheDocument()
    expect(within(row('stopped.txt')).getByTestId('document-error')).toHaveTextContent('Canceled: re-index to process it again')
  })

  it('shows per-document and overall progress from events, then the outcome', async () => {
    const a = doc({ id: 'a', name: 'a.pdf', status: 'pending', chunks: 0 })
    const b = doc({ id: 'b', name: 'b.txt', status: 'pending', chunks: 0 })
    api.list.mockResolvedValue(page([a, b]))
    await renderPage()
    await screen.findByText('a.pdf')
    expect(screen.getByTestId('queue-progress')).toHaveTextContent('0 of 2 processed')
    act(() => bus.emit('document:progress', { workspaceId: 'w1', documentId: 'a', stage: 'indexing', done: 256, total: 900 }))
    expect(within(row('a.pdf')).getByTestId('document-progress')).toHaveTextContent('Indexing chunks 256/900')
    expect(within(row('a.pdf')).getByTestId('document-status')).toHaveTextContent('Processing')
    api.get.mockResolvedValue({ ...a, status: 'completed', chunks: 900, pages: 30 })
    act(() => bus.emit('document:status', { workspaceId: 'w1', documentId: 'a', status: 'completed', error: '', chunks: 900 }))
    expect(await screen.findByText('900 chunks · 30 pages')).toBeInTheDocument()
    expect(screen.getByTestId('queue-progress')).toHaveTextContent('1 of 2 processed')
    // Events of another workspace are not ours.
    act(() => bus.emit('document:status', { workspaceId: 'w2', documentId: 'b', status: 'completed', error: '', chunks: 1 }))
    expect(within(row('b.txt')).getByTestId('document-status')).toHaveTextContent('Waiting')
    act(() => bus.emit('document:status', { workspaceId: 'w1', documentId: 'b', status: 'error', error: 'no text in file', chunks: 0 }))
    expect(within(row('b.txt')).getByTestId('document-error')).toHaveTextContent('No text in file')
    expect(screen.queryByTestId('queue-progress')).toBeNull()
  })

  it('says how long a document waits out the provider, for a new and a re-embedded document', async () => {
    const a = doc({ id: 'a', name: 'a.pdf', status: 'processing', chunks: 0 })
    const b = doc({ id: 'b', name: 'b.txt', status: 'completed', chunks: 40 })
    api.list.mockResolvedValue(page([a, b]))
    await renderPage()
    await screen.findByText('a.pdf')
    act(() => bus.emit('document:progress', { workspaceId: 'w1', documentId: 'a', stage: 'rate-limited', done: 32, total: 64, retryAt: Date.now() + 30_500 }))
    expect(within(row('a.pdf')).getByTestId('document-progress')).toHaveTextContent(/Waiting for the provider's rate limit 32\/64, next try in (30|31) s/)
    act(() => bus.emit('document:progress', { workspaceId: 'w1', documentId: 'a', stage: 'embedding', done: 32, total: 64 }))
    expect(within(row('a.pdf')).getByTestId('document-progress')).toHaveTextContent('Embedding chunks 32/64')
    expect(within(row('a.pdf')).queryByTestId('retry-countdown')).toBeNull()
    act(() => bus.emit('document:progress', { workspaceId: 'w1', documentId: 'b', stage: 'retrying', done: 0, total: 40, retryAt: Date.now() + 2_500 }))
    expect(within(row('b.txt')).getByTestId('document-progress')).toHaveTextContent(/Embedding again 0\/40: Provider unavailable, retrying, next try in (2|3) s/)
  })

  it('asks before deleting, and deletes only when confirmed', async () => {
    api.list.mockResolvedValue(page([doc({ id: 'x', name: 'keep.txt' }), doc({ id: 'y', name: 'other.txt' })]))
    await renderPage()
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'Delete keep.txt' }))
    const dialog = await screen.findByRole('alertdialog')
    expect(dialog).toHaveTextContent('Delete keep.txt?')
    expect(dialog).toHaveTextContent(/chunks and vectors are removed/)
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    expect(api.remove).not.toHaveBeenCalled()
    await user.click(screen.getByRole('button', { name: 'Delete keep.txt' }))
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Delete' }))
    await waitFor(() => expect(api.remove).toHaveBeenCalledWith('x'))
    await waitFor(() => expect(screen.queryByText('keep.txt')).toBeNull())
    expect(screen.getByText('other.txt')).toBeInTheDocument()
  })

  it('cancels, re-indexes and opens documents', async () => {
    const p = doc({ id: 'p', name: 'busy.pdf', status: 'processing' })
    const c = doc({ id: 'c', name: 'done.txt' })
    api.list.mockResolvedValue(page([p, c]))
    api.cancel.mockResolvedValue({ ...p, status: 'error', error: 'canceled', chunks: 0 })
    api.reindex.mockResolvedValue({ ...c, status: 'pending' })
    await renderPage()
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'Cancel busy.pdf' }))
    expect(api.cancel).toHaveBeenCalledWith('p')
    expect(await within(row('busy.pdf')).findByTestId('document-error')).toHaveTextContent('Canceled')
    await user.click(screen.getByRole('button', { name: 'Re-index done.txt' }))
    expect(api.reindex).toHaveBeenCalledWith('c')
    expect(await within(row('done.txt')).findByText('In the queue')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Open busy.pdf' }))
    expect(api.openFile).toHaveBeenCalledWith('p')
  })

  it('uploads chosen files and notes refused files and duplicates', async () => {
    api.addFile.mockImplementation(async (_ws: string, _chat: string, f: File) => {
      if (f.name === 'photo.png') return { document: doc({ name: 'photo.png', status: 'error', sha256: '', error: 'unsupported file type .png (supported: PDF, DOCX, TXT, MD, HTML, CSV)' }), duplicate: false }
      if (f.name === 'again.txt') return { document: doc({ name: 'notes.txt' }), duplicate: true }
      return { document: doc({ name: f.name, status: 'pending' }), duplicate: false }
    })
    await renderPage()
    const user = userEvent.setup({ applyAccept: false })
    const files = ['notes.md', 'photo.png', 'again.txt'].map((n) => new File(['hello'], n, { type: 'text/plain' }))
    await user.upload(screen.getByLabelText('Upload documents'), files)
    await waitFor(() => expect(api.addFile).toHaveBeenCalledTimes(3))
    expect(api.addFile).toHaveBeenCalledWith('w1', '', files[0])
    const notices = await screen.findByTestId('add-notices')
    expect(notices).toHaveTextContent('Added 1 file to the queue')
    expect(within(notices).getByTestId('notice-refused')).toHaveTextContent('photo.png refused: unsupported file type .png')
    expect(within(notices).getByTestId('notice-duplicate')).toHaveTextContent('again.txt duplicate: same content as "notes.txt", already added')
    await user.click(within(notices).getByRole('button', { name: 'Dismiss' }))
    expect(screen.queryByTestId('add-notices')).toBeNull()
  })

  it('in the desktop app, "Choose files…" opens the native dialog (no bytes through the webview, no 64 MB limit)', async () => {
    const w = window as unknown as { webkit?: unknown }
    w.webkit = { messageHandlers: { external: {} } }
    try {
      api.pick.mockResolvedValue({ added: [{ document: doc({ name: 'big.pdf', status: 'pending' }), duplicate: false }], skipped: [], skippedCount: 0, failed: [], notAdded: 0, stopped: false })
      await renderPage()
      const user = userEvent.setup()
      await user.click(screen.getByText('Choose files…'))
      await waitFor(() => expect(api.pick).toHaveBeenCalledWith('w1', '', false))
      expect(await screen.findByTestId('add-notices')).toHaveTextContent('Added 1 file to the queue')
      // By keyboard: the focused input, activated.
      screen.getByLabelText('Upload documents').focus()
      await user.keyboard('{Enter}')
      await waitFor(() => expect(api.pick).toHaveBeenCalledTimes(2))
      expect(api.addFile).not.toHaveBeenCalled()
    } finally {
      delete w.webkit
    }
  })

  it('retries every failed document at once, and cancels every queued one after asking', async () => {
    api.status.mockResolvedValue(indexStatus({ documents: 9, pending: 4, failed: 3 }))
    api.retryFailed.mockResolvedValue({ count: 3 })
    api.cancelQueued.mockResolvedValue({ count: 4 })
    await renderPage()
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'Retry failed (3)' }))
    await waitFor(() => expect(api.retryFailed).toHaveBeenCalledWith('w1'))
    await user.click(screen.getByRole('button', { name: 'Cancel all' }))
    expect(api.cancelQueued).not.toHaveBeenCalled()
    await user.click(await screen.findByRole('button', { name: 'Cancel them' }))
    await waitFor(() => expect(api.cancelQueued).toHaveBeenCalledWith('w1'))
  })

  it('removes every failed, canceled and refused document after asking', async () => {
    api.status.mockResolvedValue(indexStatus({ documents: 9, failed: 2, refused: 3 }))
    api.removeFailed.mockResolvedValue({ count: 5 })
    await renderPage()
    const user = userEvent.setup()
    await user.click(await screen.findByRole('button', { name: 'Remove failed' }))
    expect(screen.getByRole('alertdialog')).toHaveTextContent('Delete 5 failed documents?')
    await user.click(screen.getByRole('button', { name: 'Cancel' }))
    expect(api.removeFailed).not.toHaveBeenCalled()
    await user.click(screen.getByRole('button', { name: 'Remove failed' }))
    await user.click(await screen.findByRole('button', { name: 'Delete them' }))
    await waitFor(() => expect(api.removeFailed).toHaveBeenCalledWith('w1'))
  })

  it('offers no bulk action when nothing failed and at most one is queued', async () => {
    api.status.mockResolvedValue(indexStatus({ documents: 2, pending: 1, failed: 0 }))
    await renderPage()
    expect(screen.queryByRole('button', { name: /Retry failed/ })).toBeNull()
    expect(screen.queryByRole('button', { name: 'Cancel all' })).toBeNull()
    expect(screen.queryByRole('button', { name: 'Remove failed' })).toBeNull()
  })

  it('adds files dropped on the desktop window by path', async () => {
    let finish: (r: Awaited<ReturnType<typeof api.addPaths>>) => void = () => {}
    api.addPaths.mockReturnValue(new Promise((resolve) => (finish = resolve)))
    await renderPage()
    act(() => bus.emit('files:dropped', { x: 10, y: 10, paths: ['/home/me/dropped.pdf', '/home/me/folder'] }))
    await waitFor(() => expect(api.addPaths).toHaveBeenCalledWith('w1', '', ['/home/me/dropped.pdf', '/home/me/folder']))
    // While the backend reads what was dropped: its own progress and Stop, not "Uploading 1 file".
    act(() => bus.emit('documents:adding', { addId: 'a1', workspaceId: 'w1', chatId: '', listing: true, done: 0, total: 0, name: '', end: false }))
    expect(await screen.findByTestId('add-progress')).toHaveTextContent('Reading the chosen files and folders…')
    expect(screen.queryByText(/Uploading/)).toBeNull()
    act(() => bus.emit('documents:adding', { addId: 'a1', workspaceId: 'w1', chatId: '', listing: false, done: 1, total: 1, name: '', end: true }))
    act(() =>
      finish({
        added: [{ document: doc({ name: 'dropped.pdf', status: 'pending' }), duplicate: false }],
        skipped: ['folder/song.mp3'],
        skippedCount: 1250,
        failed: [{ name: 'locked.docx', reason: 'cannot read the file: permission denied' }],
        notAdded: 0,
        stopped: false,
      }),
    )
    const notices = await screen.findByTestId('add-notices')
    expect(notices).toHaveTextContent('Added 1 file')
    expect(notices).toHaveTextContent(`skipped ${(1250).toLocaleString()} of other types`)
    // A file that could not be read is named with the reason; the others were added.
    expect(within(notices).getByTestId('notice-failed')).toHaveTextContent('locked.docx not added: cannot read the file: permission denied')
  })

  it('shows a dropped folder being copied in, and stops it', async () => {
    let finish: (r: Awaited<ReturnType<typeof api.addPaths>>) => void = () => {}
    api.addPaths.mockReturnValue(new Promise((resolve) => (finish = resolve)))
    await renderPage()
    act(() => bus.emit('files:dropped', { x: 10, y: 10, paths: ['/home/me/papers'] }))
    await waitFor(() => expect(api.addPaths).toHaveBeenCalled())
    // Another workspace's add, or a chat's, is not this list's.
    act(() => bus.emit('documents:adding', { addId: 'o1', workspaceId: 'w2', chatId: '', listing: false, done: 1, total: 9, name: 'x.pdf', end: false }))
    act(() => bus.emit('documents:adding', { addId: 'o2', workspaceId: 'w1', chatId: 'c1', listing: false, done: 1, total: 9, name: 'x.pdf', end: false }))
    expect(screen.queryByTestId('add-progress')).toBeNull()
    act(() => bus.emit('documents:adding', { addId: 'a1', workspaceId: 'w1', chatId: '', listing: false, done: 1200, total: 4000, name: 'b.pdf', end: false }))
    const progress = await screen.findByTestId('add-progress')
    expect(progress).toHaveTextContent(`Copying files in: ${(1200).toLocaleString()} of ${(4000).toLocaleString()} · b.pdf`)
    expect(within(progress).getByRole('progressbar')).toHaveAttribute('aria-valuenow', '30')
    const user = userEvent.setup()
    await user.click(within(progress).getByRole('button', { name: 'Stop' }))
    await waitFor(() => expect(api.cancelAdd).toHaveBeenCalledWith('w1', 'a1'))
    act(() => bus.emit('documents:adding', { addId: 'a1', workspaceId: 'w1', chatId: '', listing: false, done: 1201, total: 4000, name: '', end: true }))
    expect(screen.queryByTestId('add-progress')).toBeNull()
    act(() =>
      finish({
        added: [{ document: doc({ name: 'a.pdf', status: 'pending' }), duplicate: false }],
        skipped: [],
        skippedCount: 0,
        failed: [],
        notAdded: 2799,
        stopped: true,
      }),
    )
    const notices = await screen.findByTestId('add-notices')
    expect(notices).toHaveTextContent('Added 1 file to the queue')
    expect(within(notices).getByTestId('notice-stopped')).toHaveTextContent(`Stopped: ${(2799).toLocaleString()} more files were not added`)
  })

  it('shows two drops at once each with its own progress and Stop', async () => {
    const finishes: ((r: Awaited<ReturnType<typeof api.addPaths>>) => void)[] = []
    api.addPaths.mockImplementation(() => new Promise((resolve) => finishes.push(resolve)))
    await renderPage()
    act(() => bus.emit('files:dropped', { x: 10, y: 10, paths: ['/home/me/papers'] }))
    act(() => bus.emit('files:dropped', { x: 10, y: 10, paths: ['/home/me/notes'] }))
    await waitFor(() => expect(api.addPaths).toHaveBeenCalledTimes(2))
    const adding = (addId: string, done: number, total: number, name: string, end = false) =>
      act(() => bus.emit('documents:adding', { addId, workspaceId: 'w1', chatId: '', listing: false, done, total, name, end }))
    adding('a1', 10, 400, 'p.pdf')
    adding('a2', 1, 3, 'n.md')
    let rows = await screen.findAllByTestId('add-progress')
    expect(rows).toHaveLength(2)
    expect(rows[0]).toHaveTextContent('Copying files in: 10 of 400 · p.pdf')
    expect(rows[1]).toHaveTextContent('Copying files in: 1 of 3 · n.md')
    adding('a1', 11, 400, 'q.pdf')
    expect(screen.getAllByTestId('add-progress')[0]).toHaveTextContent('11 of 400 · q.pdf')
    // Stop is the one add's; the other's end leaves the first in its place.
    await userEvent.setup().click(within(screen.getAllByTestId('add-progress')[1]).getByRole('button', { name: 'Stop' }))
    await waitFor(() => expect(api.cancelAdd).toHaveBeenCalledWith('w1', 'a2'))
    adding('a2', 2, 3, '', true)
    rows = screen.getAllByTestId('add-progress')
    expect(rows).toHaveLength(1)
    expect(rows[0]).toHaveTextContent('11 of 400')
    adding('a1', 400, 400, '', true)
    expect(screen.queryByTestId('add-progress')).toBeNull()
  })

  it('searches and shows the chunks with fused, BM25 and vector scores, file, page and time', async () => {
    api.search.mockResolvedValue({
      mode: 'hybrid',
      note: '',
      tookMs: 7,
      hits: [
        source({ ordinal: 1, chunkId: 1, documentName: 'apache-2.0.pdf', page: 3, text: 'Grant of Patent License. Subject to the terms', score: 1, bm25: 12.345, vector: 0.8123, relevance: 0.8123 }),
        source({ ordinal: 2, chunkId: 2, documentName: 'mpl-2.0.txt', page: 0, text: 'patent claims', score: 0.4918, bm25: 0, vector: 0.61 }),
      ],
    })
    await renderPage()
    const user = userEvent.setup()
    await user.type(screen.getByRole('textbox', { name: 'Search documents' }), 'patent license{Enter}')
    // What a chat would get: the workspace's top-k and minimum relevance (limit 0).
    expect(api.search).toHaveBeenCalledWith({ workspaceId: 'w1', chatId: '', query: 'patent license', limit: 0 })
    const hits = await screen.findAllByTestId('search-hit')
    expect(hits).toHaveLength(2)
    expect(screen.getByTestId('search-summary')).toHaveTextContent('2 chunks in 7 ms · hybrid (keywords + vectors) · what a chat gets')
    expect(within(hits[0]).getByTestId('hit-file')).toHaveTextContent('apache-2.0.pdf')
    expect(hits[0]).toHaveTextContent('page 3')
    expect(within(hits[0]).getByTestId('score-score')).toHaveTextContent('1.000')
    expect(within(hits[0]).getByTestId('score-relevance')).toHaveTextContent('0.812')
    expect(within(hits[0]).getByTestId('score-bm25')).toHaveTextContent('12.35')
    expect(within(hits[0]).getByTestId('score-vector')).toHaveTextContent('0.812')
    expect(within(hits[1]).getByTestId('score-bm25')).toHaveTextContent('–') // not a keyword hit
    expect(hits[1]).not.toHaveTextContent('page')
    expect(within(hits[0]).getAllByText(/patent|license/i, { selector: 'mark' }).length).toBeGreaterThanOrEqual(2)
    // "Show more" asks for the 50 best, whatever their relevance.
    await user.click(screen.getByRole('button', { name: 'Show more' }))
    expect(api.search).toHaveBeenLastCalledWith({ workspaceId: 'w1', chatId: '', query: 'patent license', limit: 50 })
    await waitFor(() => expect(screen.getByTestId('search-summary')).toHaveTextContent('the 50 best, whatever their relevance'))
    expect(screen.queryByRole('button', { name: 'Show more' })).toBeNull()
  })

  it('says when search ran on keywords only, and shows a search error', async () => {
    api.search.mockResolvedValueOnce({ mode: 'keyword', note: 'keyword search only: this workspace has no embedding model', tookMs: 2, hits: [] })
    await renderPage()
    const user = userEvent.setup()
    await user.type(screen.getByRole('textbox', { name: 'Search documents' }), 'zebra{Enter}')
    expect(await screen.findByTestId('search-summary')).toHaveTextContent(/keywords only · what a chat gets .* · keyword search only: this workspace has no embedding model/)
    expect(screen.getByText(/Nothing in your documents matches/)).toBeInTheDocument()
    api.search.mockRejectedValueOnce({ code: 'invalid', message: 'type something to search for' })
    await user.type(screen.getByRole('textbox', { name: 'Search documents' }), '!{Enter}')
    expect(await screen.findByRole('alert')).toHaveTextContent('type something to search for')
  })

  it('says keyword search only, and the fix opens the Models page', async () => {
    api.status.mockResolvedValue(indexStatus({ documents: 2, chunks: 40 }))
    await renderPage()
    const line = screen.getByTestId('index-status')
    expect(line).toHaveTextContent('Keyword search only')
    expect(line).toHaveTextContent('2 documents · 40 chunks')
    await userEvent.click(within(line).getByRole('button', { name: /embedding model/i }))
    expect(useAppStore.getState().page).toBe('models')
  })

  it('with a default embedding model, one click sets it on the workspace', async () => {
    vi.mocked(modelsApi.defaults).mockResolvedValue({ chatModelRef: '', embeddingModelRef: 'openai:fake-embed' })
    api.status.mockResolvedValueOnce(indexStatus({ documents: 2, chunks: 40 }))
    await renderPage()
    const line = screen.getByTestId('index-status')
    const use = await within(line).findByRole('button', { name: 'Use fake-embed (openai)' })
    api.status.mockResolvedValue(indexStatus({ mode: 'hybrid', embeddingModel: 'openai:fake-embed', documents: 2, chunks: 40, embedded: 0 }))
    await userEvent.click(use)
    await waitFor(() => expect(vi.mocked(workspacesApi).updateSettings).toHaveBeenCalledWith({ ...wsSettings, embeddingModelRef: 'openai:fake-embed' }))
    expect(await screen.findByText("Hybrid search with fake-embed (openai): embedding this workspace's documents")).toBeInTheDocument()
    await waitFor(() => expect(screen.getByTestId('index-status')).toHaveAttribute('data-mode', 'hybrid'))
    expect(screen.getByTestId('reembed-progress')).toHaveTextContent('0 of 40 chunks')
  })

  it('offers the Models page next to the default model', async () => {
    vi.mocked(modelsApi.defaults).mockResolvedValue({ chatModelRef: '', embeddingModelRef: 'ollama:nomic-embed-text@768' })
    await renderPage()
    await userEvent.click(await screen.findByRole('button', { name: 'Other models' }))
    expect(useAppStore.getState().page).toBe('models')
    expect(workspacesApi.updateSettings).not.toHaveBeenCalled()
  })

  it('says hybrid with the model, and shows re-embed progress after a model change', async () => {
    api.status.mockResolvedValue(indexStatus({ mode: 'hybrid', embeddingModel: 'ollama:nomic-embed-text@768', documents: 3, chunks: 100, embedded: 40 }))
    api.reembed.mockResolvedValue(indexStatus({ mode: 'hybrid', embeddingModel: 'ollama:nomic-embed-text@768', documents: 3, chunks: 100, embedded: 40 }))
    await renderPage()
    const line = screen.getByTestId('index-status')
    expect(line).toHaveTextContent('Hybrid search: nomic-embed-text (ollama, 768 dimensions)')
    expect(within(line).queryByRole('button', { name: /embedding model/i })).toBeNull()
    expect(screen.getByTestId('reembed-progress')).toHaveTextContent('40 of 100 chunks have vectors for this model')
    await userEvent.click(within(line).getByRole('button', { name: 'Re-embed' }))
    expect(api.reembed).toHaveBeenCalledWith('w1')
    // While a pass reports progress, the line says so instead of offering to start one.
    act(() => bus.emit('document:progress', { workspaceId: 'w1', documentId: 'x', stage: 'embedding', done: 32, total: 64 }))
    expect(within(line).getByText('Embedding…')).toBeInTheDocument()
    expect(within(line).queryByRole('button', { name: 'Re-embed' })).toBeNull()
    // Progress alone may be a new document being indexed: no Stop for it.
    expect(within(line).queryByRole('button', { name: 'Stop' })).toBeNull()
    api.status.mockResolvedValue(indexStatus({ mode: 'hybrid', embeddingModel: 'ollama:nomic-embed-text@768', documents: 3, chunks: 100, embedded: 50, reembedding: true }))
    await act(() => useDocumentsStore.getState().refreshStatus())
    // Stop ends the pass; what was embedded stays, and Re-embed comes back.
    api.cancelReembed.mockResolvedValue(indexStatus({ mode: 'hybrid', embeddingModel: 'ollama:nomic-embed-text@768', documents: 3, chunks: 100, embedded: 72 }))
    await userEvent.click(within(line).getByRole('button', { name: 'Stop' }))
    expect(api.cancelReembed).toHaveBeenCalledWith('w1')
    expect(await within(line).findByRole('button', { name: 'Re-embed' })).toBeInTheDocument()
    expect(screen.getByTestId('reembed-progress')).toHaveTextContent('72 of 100 chunks')
  })

  it('says why chunks were left without vectors when embedding failed', async () => {
    const failed = { mode: 'hybrid', embeddingModel: 'openai:text-embedding-3-small', documents: 2, chunks: 40, embedded: 0, embedError: 'embedding failed: the API key was rejected by OpenAI: 401 Unauthorized' }
    api.status.mockResolvedValue(indexStatus(failed))
    await renderPage()
    expect(screen.getByTestId('embed-error')).toHaveTextContent('Embedding failed: the API key was rejected by OpenAI: 401 Unauthorized')
    // While a pass runs, the old reason is not the news.
    api.status.mockResolvedValue(indexStatus({ ...failed, reembedding: true }))
    await act(() => useDocumentsStore.getState().refreshStatus())
    expect(screen.queryByTestId('embed-error')).toBeNull()
  })

  it('shows a pass running after a reload, and why a set model cannot run', async () => {
    api.status.mockResolvedValue(indexStatus({ mode: 'hybrid', embeddingModel: 'ollama:nomic-embed-text@768', documents: 1, inChats: 2, chunks: 10, embedded: 4, reembedding: true }))
    await renderPage()
    const line = screen.getByTestId('index-status')
    expect(within(line).getByText('Embedding…')).toBeInTheDocument()
    expect(line).toHaveTextContent('1 document (+2 attached to chats) · 10 chunks')
    cleanup()
    resetDocumentsStore()
    api.status.mockResolvedValue(indexStatus({ mode: 'keyword', embeddingModel: 'openai:gone-embed', unavailable: 'provider openai has no API key', documents: 1, chunks: 10 }))
    await renderPage()
    await waitFor(() => expect(screen.getByTestId('index-status')).toHaveAttribute('data-mode', 'keyword'))
    expect(screen.getByTestId('index-status')).toHaveTextContent('gone-embed (openai) is set but cannot run here: provider openai has no API key')
  })

  it('pages through a long list', async () => {
    api.list.mockImplementation(async (_ws: string, _c = '', offset = 0, limit = 100) =>
      page(Array.from({ length: offset === 0 ? 25 : 5 }, (_, i) => doc({ name: `doc-${offset + i}.txt` })), 30, offset, limit),
    )
    await renderPage()
    expect(await screen.findByTestId('page-range')).toHaveTextContent('1–25 of 30')
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }))
    expect(await screen.findByText('doc-29.txt')).toBeInTheDocument()
    expect(screen.getByTestId('page-range')).toHaveTextContent('26–30 of 30')
    expect(api.list).toHaveBeenLastCalledWith('w1', '', 25, 25)
  })

  it('shows a failed action as an error toast', async () => {
    api.list.mockResolvedValue(page([doc({ id: 'z', name: 'z.txt' })]))
    api.openFile.mockRejectedValueOnce({ code: 'not_found', message: 'the file of z.txt is no longer stored' })
    await renderPage()
    await userEvent.click(await screen.findByRole('button', { name: 'Open z.txt' }))
    expect(await screen.findByText('the file of z.txt is no longer stored')).toBeInTheDocument()
  })
})

describe('DocumentsPage across workspaces', () => {
  it("never shows another workspace's documents, and reloads for the new one", async () => {
    api.list.mockImplementation(async (ws: string) => page([doc({ name: `${ws}-only.txt` })]))
    await renderPage()
    expect(await screen.findByText('w1-only.txt')).toBeInTheDocument()
    let release: () => void = () => {}
    api.list.mockImplementationOnce(async (ws: string) => {
      await new Promise<void>((r) => (release = r))
      return page([doc({ name: `${ws}-only.txt` })])
    })
    act(() => useWorkspaceStore.setState({ currentId: 'w2' }))
    expect(screen.queryByText('w1-only.txt')).toBeNull()
    act(() => release())
    expect(await screen.findByText('w2-only.txt')).toBeInTheDocument()
    expect(api.list).toHaveBeenLastCalledWith('w2', '', 0, 25)
  })
})
