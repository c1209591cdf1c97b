import { beforeEach, describe, expect, it, vi } from 'vitest'
import { act, fireEvent, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { chatApi, type ChatView, type Message } from '@/api'
import { ChatScreen } from './ChatScreen'
import { useChatStore } from './store'

vi.mock('@/api', async () => (await import('@/test/fakeApi')).fakeApiModule())

const answer = {
  id: 'a1', chatId: 'c1', parentId: 'u1', role: 'assistant', kind: 'text', toolName: '', toolServer: '', toolCallId: '', notes: [], content: '', thinking: '',
  modelRef: '', tokensIn: 0, tokensOut: 0, tokensEstimated: false, status: 'streaming', error: '', finishReason: '',
  ttftMs: 0, tokensPerSec: 0, trimmed: 0, citations: [], attachments: [], authorId: 'u', createdAt: 1, updatedAt: 1, siblingIds: ['a1'],
} as Message
const question = { ...answer, id: 'u1', parentId: '', role: 'user', content: 'Why?', status: 'complete' } as Message
const view = (messages: Message[]): ChatView =>
  ({ chat: { id: 'c1', title: 'T', modelRef: '', params: {} }, messages, totals: { tokensIn: 0, tokensOut: 0, estimated: false, messages: 0 }, hasMore: false }) as unknown as ChatView

beforeEach(() => useChatStore.setState({ currentId: null, view: null, viewLoading: false, streams: {}, drafts: {}, draftImages: {} }))

describe('ChatScreen', () => {
  it('says a chat is opening, not "What\'s on your mind?", while its messages load', () => {
    useChatStore.setState({ currentId: 'c1', viewLoading: true })
    render(<ChatScreen />)
    expect(screen.getByText('Opening the chat…')).toHaveAttribute('role', 'status')
    expect(screen.queryByText("What's on your mind?")).toBeNull()
  })

  it('keeps the drop hint while a dragged file moves over the screen\'s own parts', () => {
    render(<ChatScreen />)
    const screenEl = screen.getByRole('region', { name: 'Chats' })
    const files = { dataTransfer: { types: ['Files'], files: [] } }
    fireEvent.dragOver(screenEl, files)
    expect(screen.getByText(/Drop images or documents/)).toBeInTheDocument()
    // jsdom has no DragEvent: a MouseEvent of the type carries relatedTarget, where the pointer went.
    const leave = (to: Element) => fireEvent(screenEl, new MouseEvent('dragleave', { bubbles: true, relatedTarget: to }))
    leave(screen.getByRole('textbox', { name: 'Message' }))
    expect(screen.getByText(/Drop images or documents/)).toBeInTheDocument()
    leave(document.body)
    expect(screen.queryByText(/Drop images or documents/)).toBeNull()
  })

  it('shows one list of messages when another chat opens', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    const done = { ...answer, status: 'complete', content: 'First answer' } as Message
    useChatStore.setState({ currentId: 'c1', view: view([question, done]) })
    render(<ChatScreen />)
    const other = (id: string): Message => ({ ...done, id, chatId: 'c2', content: `Answer ${id}` }) as Message
    act(() =>
      useChatStore.setState({
        currentId: 'c2',
        view: { ...view([other('b1')]), chat: { id: 'c2', title: 'Two', modelRef: '', params: {} } } as unknown as ChatView,
      }),
    )
    expect(screen.getAllByTestId('message-list')).toHaveLength(1)
    // React says so when two siblings share a key (the list and the answer status did).
    expect(errors.mock.calls.flat().join(' ')).not.toMatch(/same key/)
    errors.mockRestore()
  })

  it('tells a screen reader the answer is being written', () => {
    useChatStore.setState({
      currentId: 'c1',
      view: view([question, answer]),
      streams: { a1: { chatId: 'c1', messageId: 'a1', text: 'Because', thinking: '', seq: 1, status: 'streaming' } },
    })
    render(<ChatScreen />)
    expect(screen.getByTestId('answer-status')).toHaveTextContent('Writing the answer…')
  })

  it('offers Stop for an answer still being written on another branch, and sends nothing beside it', async () => {
    const done = { ...answer, status: 'complete', content: 'Shown' } as Message
    useChatStore.setState({
      currentId: 'c1',
      view: view([question, done]),
      streams: { other: { chatId: 'c1', messageId: 'other', text: 'Elsewhere', thinking: '', seq: 1, status: 'streaming' } },
    })
    render(<ChatScreen />)
    expect(screen.queryByRole('button', { name: 'Send' })).toBeNull()
    await userEvent.click(screen.getByRole('button', { name: 'Stop' }))
    expect(chatApi.stop).toHaveBeenCalledWith('other')
  })
})
