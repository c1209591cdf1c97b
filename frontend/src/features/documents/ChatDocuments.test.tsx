import { beforeEach, describe, expect, it, vi } from 'vitest'
import { act, render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { chatApi, documentsApi } from '@/api'
import { Toaster, useToasts } from '@/components/ui/toast'
import { CitationPanel } from '@/features/chat/CitationPanel'
import { useChatStore } from '@/features/chat/store'
import { useWorkspaceStore } from '@/features/workspaces/store'
import { AttachDocumentButton, attachDropped, ChatAttachProgress, ChatDocumentsBadge, openCitationFile, useChatDocs } from './ChatDocuments'
import { bus, doc, page } from './testApi'

vi.mock('@/api', async () => (await import('@/features/documents/testApi')).documentsFakeApiModule())

const api = vi.mocked(documentsApi)
const chats = vi.mocked(chatApi)
const chat = (id: string) => ({ id, workspaceId: 'w1', title: '', modelRef: '', profileId: '', systemPrompt: '', params: {}, pinned: false, archived: false, createdAt: 1, updatedAt: 1 })
const view = (id: string) => ({ chat: chat(id), messages: [], totals: { tokensIn: 0, tokensOut: 0, estimated: false, messages: 0 }, hasMore: false })

beforeEach(() => {
  vi.clearAllMocks()
  bus.clear()
  useToasts.setState({ toasts: [] })
  useWorkspaceStore.setState({ currentId: 'w1' })
  useChatStore.setState({ workspaceId: 'w1', currentId: null, view: null, draft: { modelRef: 'openai:fake-chat' } })
  useChatDocs.setState({ chatId: '', docs: [] })
  api.list.mockResolvedValue(page([]))
})

describe('AttachDocumentButton', () => {
  it('attaches a file to the open chat and reports it', async () => {
    useChatStore.setState({ currentId: 'c1', view: view('c1') as never })
    api.addFile.mockResolvedValue({ document: doc({ name: 'notes.md', chatId: 'c1', status: 'pending' }), duplicate: false })
    render(
      <>
        <AttachDocumentButton />
        <Toaster />
      </>,
    )
    expect(screen.getByRole('button', { name: 'Attach document' })).toBeEnabled()
    const f = new File(['# hi'], 'notes.md', { type: 'text/markdown' })
    await userEvent.upload(screen.getByTestId('chat-document-input'), f)
    await waitFor(() => expect(api.addFile).toHaveBeenCalledWith('w1', 'c1', f, 'Attach document'))
    expect(chats.createChat).not.toHaveBeenCalled()
    expect(await screen.findByText(/Attached notes.md to this chat/)).toBeInTheDocument()
    expect(api.list).toHaveBeenCalledWith('w1', 'c1', 0, 200)
  })

  it('creates a new chat first, then attaches to it; refusals are shown with their reason', async () => {
    chats.createChat.mockResolvedValue(chat('new1') as never)
    api.addFile.mockResolvedValue({ document: doc({ name: 'x.txt', chatId: 'new1', status: 'error', error: 'not a text file (looks like PNG image)' }), duplicate: false })
    render(
      <>
        <AttachDocumentButton />
        <Toaster />
      </>,
    )
    await userEvent.upload(screen.getByTestId('chat-document-input'), new File(['x'], 'x.txt', { type: 'text/plain' }))
    await waitFor(() => expect(chats.createChat).toHaveBeenCalledWith('w1', 'openai:fake-chat'))
    await waitFor(() => expect(api.addFile).toHaveBeenCalledWith('w1', 'new1', expect.any(File), 'Attach document'))
    expect(useChatStore.getState().currentId).toBe('new1')
    expect(await screen.findByText('x.txt: not a text file (looks like PNG image)')).toBeInTheDocument()
  })
})

describe('ChatAttachProgress', () => {
  const renderAttach = () =>
    render(
      <>
        <AttachDocumentButton />
        <ChatAttachProgress chatId="c1" />
        <Toaster />
      </>,
    )

  it("shows the native picker's files being copied in, and stops that add", async () => {
    const w = window as unknown as { webkit?: unknown }
    w.webkit = { messageHandlers: { external: {} } }
    try {
      useChatStore.setState({ currentId: 'c1', view: view('c1') as never })
      let finish: (r: Awaited<ReturnType<typeof api.pick>>) => void = () => {}
      api.pick.mockReturnValue(new Promise((resolve) => (finish = resolve)))
      renderAttach()
      await userEvent.click(screen.getByRole('button', { name: 'Attach document' }))
      await waitFor(() => expect(api.pick).toHaveBeenCalledWith('w1', 'c1', false))
      const adding = (chatId: string, done: number, end = false) =>
        act(() => bus.emit('documents:adding', { addId: `a-${chatId}`, workspaceId: 'w1', chatId, listing: false, done, total: 5, name: 'b.pdf', end }))
      adding('c2', 1) // another chat's attach is not this composer's
      adding('', 1) // nor the Documents page's
      expect(screen.queryByTestId('add-progress')).toBeNull()
      adding('c1', 2)
      const progress = await screen.findByTestId('add-progress')
      expect(progress).toHaveTextContent('Copying files in: 2 of 5 · b.pdf')
      await userEvent.click(within(progress).getByRole('button', { name: 'Stop' }))
      await waitFor(() => expect(api.cancelAdd).toHaveBeenCalledWith('w1', 'a-c1'))
      // Its end event missed: the progress goes when the pick returns.
      act(() => finish({ added: [{ document: doc({ name: 'a.pdf', chatId: 'c1', status: 'pending' }), duplicate: false }], skipped: [], skippedCount: 0, failed: [], notAdded: 3, stopped: true }))
      expect(await screen.findByText('Stopped: 3 more files were not attached')).toBeInTheDocument()
      expect(screen.queryByTestId('add-progress')).toBeNull()
    } finally {
      delete w.webkit
    }
  })

  it('sends files read in the webview one by one with their progress, and stops between them', async () => {
    useChatStore.setState({ currentId: 'c1', view: view('c1') as never })
    let release: () => void = () => {}
    api.addFile.mockImplementation(
      (_w: string, _c: string, f: File) => new Promise((resolve) => (release = () => resolve({ document: doc({ name: f.name, chatId: 'c1', status: 'pending' }), duplicate: false }))),
    )
    renderAttach()
    const files = ['a.md', 'b.md', 'c.md'].map((n) => new File(['# x'], n, { type: 'text/markdown' }))
    await userEvent.upload(screen.getByTestId('chat-document-input'), files)
    const progress = await screen.findByTestId('add-progress')
    expect(progress).toHaveTextContent('Copying files in: 0 of 3 · a.md')
    act(() => release())
    await waitFor(() => expect(progress).toHaveTextContent('1 of 3 · b.md'))
    await userEvent.click(within(progress).getByRole('button', { name: 'Stop' }))
    act(() => release())
    expect(await screen.findByText('Stopped: 1 more file was not attached')).toBeInTheDocument()
    expect(screen.getByText(/Attached a.md, b.md to this chat/)).toBeInTheDocument()
    expect(api.addFile).toHaveBeenCalledTimes(2)
    expect(screen.queryByTestId('add-progress')).toBeNull()
  })
})

describe('attachDropped', () => {
  it('attaches documents dropped on the chat and refuses other files with the accepted formats', async () => {
    useChatStore.setState({ currentId: 'c1', view: view('c1') as never })
    api.addFile.mockResolvedValue({ document: doc({ name: 'notes.md', chatId: 'c1', status: 'pending' }), duplicate: false })
    render(<Toaster />)
    const md = new File(['# hi'], 'notes.md', { type: 'text/markdown' })
    await act(() => attachDropped([md, new File(['x'], 'song.mp3', { type: 'audio/mpeg' })]))
    expect(api.addFile).toHaveBeenCalledTimes(1)
    expect(api.addFile).toHaveBeenCalledWith('w1', 'c1', md, 'Attach document')
    expect(await screen.findByText(/song.mp3 is neither an image nor a document this app reads \(PDF, DOCX/)).toBeInTheDocument()
    expect(await screen.findByText(/Attached notes.md to this chat/)).toBeInTheDocument()
  })
})

describe('ChatDocumentsBadge', () => {
  it('shows nothing for a draft or a chat without documents', async () => {
    const { container } = render(<ChatDocumentsBadge />)
    expect(container).toBeEmptyDOMElement()
    useChatStore.setState({ currentId: 'c1', view: view('c1') as never })
    await waitFor(() => expect(api.list).toHaveBeenCalledWith('w1', 'c1', 0, 200))
    expect(container).toBeEmptyDOMElement()
  })

  it("lists the chat's own documents (not the workspace's) and follows their status", async () => {
    useChatStore.setState({ currentId: 'c1', view: view('c1') as never })
    api.list.mockResolvedValue(page([doc({ id: 'a', name: 'mine.pdf', chatId: 'c1', status: 'processing' }), doc({ id: 'w', name: 'workspace.txt', chatId: '' })]))
    render(<ChatDocumentsBadge />)
    const badge = await screen.findByRole('button', { name: 'Attached documents (1)' })
    api.list.mockResolvedValue(page([doc({ id: 'a', name: 'mine.pdf', chatId: 'c1', status: 'completed', chunks: 7 })]))
    act(() => bus.emit('document:status', { workspaceId: 'w1', documentId: 'a', status: 'completed', error: '', chunks: 7 }))
    await waitFor(() => expect(useChatDocs.getState().docs[0].status).toBe('completed'))
    await userEvent.click(badge)
    const list = await screen.findByRole('list', { name: 'Documents attached to this chat' })
    expect(await within(list).findByText('7 chunks')).toBeInTheDocument()
    expect(screen.queryByText('workspace.txt')).toBeNull()
    await userEvent.click(screen.getByRole('button', { name: 'Open mine.pdf' }))
    expect(api.openFile).toHaveBeenCalledWith('a')
  })

  it('manages the attached documents: progress, cancel, re-index, and remove after asking', async () => {
    useChatStore.setState({ currentId: 'c1', view: view('c1') as never })
    api.list.mockResolvedValue(page([doc({ id: 'a', name: 'big.pdf', chatId: 'c1', status: 'processing' }), doc({ id: 'b', name: 'old.txt', chatId: 'c1', status: 'error', error: 'canceled' })]))
    render(
      <>
        <ChatDocumentsBadge />
        <Toaster />
      </>,
    )
    await userEvent.click(await screen.findByRole('button', { name: 'Attached documents (2)' }))
    const list = await screen.findByRole('list', { name: 'Documents attached to this chat' })
    act(() => bus.emit('document:progress', { workspaceId: 'w1', documentId: 'a', stage: 'extracting', done: 3, total: 10 }))
    expect(await within(list).findByText(/Reading|Extracting/)).toBeInTheDocument()
    expect(within(list).getByRole('progressbar', { name: 'Progress of big.pdf' })).toBeInTheDocument()

    api.cancel.mockResolvedValue(doc({ id: 'a', status: 'error', error: 'canceled' }))
    await userEvent.click(within(list).getByRole('button', { name: 'Cancel big.pdf' }))
    expect(api.cancel).toHaveBeenCalledWith('a')
    api.reindex.mockResolvedValue(doc({ id: 'b', status: 'pending' }))
    await userEvent.click(within(list).getByRole('button', { name: 'Re-index old.txt' }))
    expect(api.reindex).toHaveBeenCalledWith('b')

    await userEvent.click(within(list).getByRole('button', { name: 'Delete old.txt' }))
    const ask = await screen.findByRole('alertdialog')
    expect(ask).toHaveTextContent('Remove old.txt from this chat?')
    expect(api.remove).not.toHaveBeenCalled()
    api.list.mockResolvedValue(page([doc({ id: 'a', name: 'big.pdf', chatId: 'c1', status: 'error', error: 'canceled' })]))
    await userEvent.click(within(ask).getByRole('button', { name: 'Remove' }))
    expect(api.remove).toHaveBeenCalledWith('b')
    await waitFor(() => expect(within(list).queryByText('old.txt')).toBeNull())
    expect(useChatDocs.getState().docs.map((d) => d.id)).toEqual(['a'])
  })

  it('says why an action failed', async () => {
    useChatStore.setState({ currentId: 'c1', view: view('c1') as never })
    api.list.mockResolvedValue(page([doc({ id: 'a', name: 'x.pdf', chatId: 'c1', status: 'processing' })]))
    api.cancel.mockRejectedValueOnce({ code: 'not_found', message: 'document a not found' })
    render(
      <>
        <ChatDocumentsBadge />
        <Toaster />
      </>,
    )
    await userEvent.click(await screen.findByRole('button', { name: 'Attached documents (1)' }))
    await userEvent.click(await screen.findByRole('button', { name: 'Cancel x.pdf' }))
    expect(await screen.findByText('document a not found')).toBeInTheDocument()
  })
})

describe('CitationPanel with openCitationFile', () => {
  const citation = { n: 1, documentId: 'd9', documentName: 'apache-2.0.pdf', page: 2, chunkId: 5, text: 'Grant of Copyright License', score: 1, cited: true }

  it('opens the cited file', async () => {
    render(<CitationPanel citation={citation} onClose={() => {}} onOpenFile={(c) => void openCitationFile(c)} />)
    await userEvent.click(screen.getByRole('button', { name: 'Open file' }))
    expect(api.openFile).toHaveBeenCalledWith('d9')
  })

  it('says why a file cannot be opened', async () => {
    api.openFile.mockRejectedValueOnce({ code: 'not_found', message: 'document d9 not found' })
    render(
      <>
        <CitationPanel citation={citation} onClose={() => {}} onOpenFile={(c) => void openCitationFile(c)} />
        <Toaster />
      </>,
    )
    await userEvent.click(screen.getByRole('button', { name: 'Open file' }))
    expect(await screen.findByText('document d9 not found')).toBeInTheDocument()
  })
})
