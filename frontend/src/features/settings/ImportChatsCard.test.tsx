import { beforeEach, describe, expect, it, vi } from 'vitest'
import { act, render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { chatApi, onEvent, type ChatImport, type ImportResult } from '@/api'
import { useWorkspaceStore } from '@/features/workspaces/store'
import { ws } from '@/test/fakeApi'
import { describeImport, ImportChatsCard, importProgressText } from './ImportChatsCard'

vi.mock('@/api', async () => (await import('@/test/fakeApi')).fakeApiModule())

beforeEach(() => {
  vi.clearAllMocks()
  useWorkspaceStore.setState({ workspaces: [ws], currentId: 'w1' })
})

describe('ImportChatsCard', () => {
  it('shows a running import’s progress and cancels it', async () => {
    let progress: (p: ChatImport) => void = () => {}
    vi.mocked(onEvent).mockImplementation(((_name: string, h: (p: ChatImport) => void) => {
      progress = h
      return () => {}
    }) as typeof onEvent)
    let fail: (e: unknown) => void = () => {}
    vi.mocked(chatApi.importChats).mockImplementation(() => new Promise<ImportResult>((_, reject) => (fail = reject)))
    const cancelled = 'import cancelled after 120 of 1,800 chats: those 120 are kept, and importing the file again adds the rest without duplicates'
    vi.mocked(chatApi.cancelImport).mockImplementation(async () => fail({ code: 'canceled', message: cancelled }))
    render(<ImportChatsCard />)
    const user = userEvent.setup()
    await user.upload(screen.getByLabelText('Chat file to import'), new File(['{}'], 'conversations.json', { type: 'application/json' }))
    expect(await screen.findByText('Reading the file…')).toBeInTheDocument()
    // A second file cannot be started while one runs.
    expect(screen.getByLabelText('Chat file to import')).toBeDisabled()
    act(() => progress({ workspaceId: 'w1', stage: 'checking', done: 900, total: 1800, chats: 0, totalChats: 1234 }))
    expect(screen.getByText(`Checking the file: ${(1234).toLocaleString()} chats found (50% read)`)).toBeInTheDocument()
    act(() => progress({ workspaceId: 'w1', stage: 'importing', done: 600, total: 1800, chats: 120, totalChats: 1800 }))
    expect(screen.getByText(`Importing chats: 120 of ${(1800).toLocaleString()} stored (33% of the file read)`)).toBeInTheDocument()
    expect(screen.getByRole('progressbar', { name: 'Import progress' })).toHaveAttribute('aria-valuenow', String(100 / 3))
    await user.click(screen.getByRole('button', { name: 'Cancel' }))
    expect(chatApi.cancelImport).toHaveBeenCalled()
    await waitFor(() => expect(screen.queryByTestId('import-progress')).toBeNull())
    expect(screen.getByText(cancelled)).toBeInTheDocument()
  })

  it('says how many notes it does not list', async () => {
    const warnings = Array.from({ length: 11 }, (_, i) => `“Chat ${i}” has no messages to show; it was skipped`)
    vi.mocked(chatApi.importChats).mockResolvedValue({ format: 'chatgpt', chatsAdded: 2, chatsSkipped: 0, messagesAdded: 5, messagesSkipped: 0, chatIds: ['a', 'b'], warnings })
    render(<ImportChatsCard />)
    await userEvent.setup().upload(screen.getByLabelText('Chat file to import'), new File(['[]'], 'conversations.json'))
    const result = await screen.findByTestId('import-result')
    expect(result).toHaveTextContent('2 chats added (5 messages)')
    expect(result).toHaveTextContent('“Chat 7” has no messages')
    expect(result).not.toHaveTextContent('“Chat 8”')
    expect(result).toHaveTextContent('… and 3 more notes')
  })

  it('names the kind of file it imported', () => {
    const r = { format: 'claude', chatsAdded: 3, chatsSkipped: 1, messagesAdded: 17, messagesSkipped: 0, chatIds: [], warnings: [] }
    expect(describeImport(r)).toBe('Claude export: 3 chats added (17 messages), 1 already there.')
    expect(describeImport({ ...r, format: 'chatgpt' })).toMatch(/^ChatGPT export: /)
    expect(describeImport({ ...r, format: 'bookbag' })).toMatch(/^BookBag file: /)
  })

  it('says what stage an import is at', () => {
    expect(importProgressText(null)).toBe('Reading the file…')
    expect(importProgressText({ workspaceId: 'w', stage: 'checking', done: 0, total: 0, chats: 0, totalChats: 0 })).toBe('Reading the file…')
  })
})
