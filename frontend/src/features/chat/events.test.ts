import { beforeEach, describe, expect, it, vi } from 'vitest'
import { renderHook, waitFor } from '@testing-library/react'
import { chatApi, onEvent, type ChatImport } from '@/api'
import { useChatEvents } from './events'
import { useChatStore } from './store'

vi.mock('@/api', async () => (await import('@/test/fakeApi')).fakeApiModule())

const api = vi.mocked(chatApi)

beforeEach(() => {
  vi.clearAllMocks()
  useChatStore.setState({ workspaceId: 'w1', list: [], cursor: '', streams: {} })
})

/** listen mounts the hook and returns its handlers by event name. */
function listen() {
  const handlers: Record<string, (p: unknown) => void> = {}
  vi.mocked(onEvent).mockImplementation(((name: string, h: (p: unknown) => void) => {
    handlers[name] = h
    return () => {}
  }) as typeof onEvent)
  renderHook(() => useChatEvents())
  return handlers
}

describe('useChatEvents', () => {
  it('picks up running answers when it starts listening (a reload)', async () => {
    api.running.mockResolvedValueOnce([{ chatId: 'c', messageId: 'm', text: 'Hello', thinking: '', seq: 4 }])
    renderHook(() => useChatEvents())
    await waitFor(() => expect(useChatStore.getState().streams.m?.text).toBe('Hello'))
  })

  it('lets go of the stream of an answer that ends in a chat not on screen; the chat on screen fetches its saved answer first', async () => {
    const handlers = listen()
    const streaming = (chatId: string, messageId: string) => ({ chatId, messageId, text: 'before the plugin', thinking: '', seq: 3, status: 'streaming' as const })
    useChatStore.setState({
      currentId: 'b',
      view: null,
      streams: { a1: streaming('a', 'a1'), a2: streaming('a', 'a2'), b1: streaming('b', 'b1') },
    })
    const usage = { input: 1, output: 1, estimated: false }
    handlers['chat:done']({ chatId: 'a', messageId: 'a1', usage, ttftMs: 1, tokensPerSec: 1, finishReason: 'stop' })
    handlers['chat:error']({ chatId: 'a', messageId: 'a2', code: 'unavailable', message: 'offline', retryAfterMs: 0 })
    // Chat a opens later with its saved answers, not these streams.
    expect(useChatStore.getState().streams.a1).toBeUndefined()
    expect(useChatStore.getState().streams.a2).toBeUndefined()
    expect(api.viewChat).not.toHaveBeenCalled()
    handlers['chat:done']({ chatId: 'b', messageId: 'b1', usage, ttftMs: 1, tokensPerSec: 1, finishReason: 'stop' })
    expect(useChatStore.getState().streams.b1?.status).toBe('done')
    expect(api.viewChat).toHaveBeenCalledWith('b', 25, '')
    await waitFor(() => expect(useChatStore.getState().streams.b1).toBeUndefined())
  })

  it('shows the chats of a running import as they are committed, in the current workspace only', async () => {
    api.listChats.mockResolvedValue({ chats: [{ id: 'imported' } as never], cursor: '' })
    const handlers = listen()
    const progress = (p: Partial<ChatImport>) => handlers['chat:import']({ workspaceId: 'w1', stage: 'importing', done: 1, total: 9, chats: 0, totalChats: 9, ...p })
    progress({ workspaceId: 'w2', chats: 5 })
    expect(api.listChats).not.toHaveBeenCalled()
    progress({ chats: 0, stage: 'checking' })
    progress({ chats: 3 })
    expect(api.listChats).toHaveBeenCalledWith({ workspaceId: 'w1', archived: false, cursor: '', limit: 50 })
    await waitFor(() => expect(useChatStore.getState().list.map((c) => c.id)).toEqual(['imported']))
  })
})
