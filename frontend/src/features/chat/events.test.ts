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

describe('useChatEvents', () => {
  it('picks up running answers when it starts listening (a reload)', async () => {
    api.running.mockResolvedValueOnce([{ chatId: 'c', messageId: 'm', text: 'Hello', thinking: '', seq: 4 }])
    renderHook(() => useChatEvents())
    await waitFor(() => expect(useChatStore.getState().streams.m?.text).toBe('Hello'))
  })

  it('shows the chats of a running import as they are committed, in the current workspace only', async () => {
    const handlers: Record<string, (p: unknown) => void> = {}
    vi.mocked(onEvent).mockImplementation(((name: string, h: (p: unknown) => void) => {
      handlers[name] = h
      return () => {}
    }) as typeof onEvent)
    api.listChats.mockResolvedValue({ chats: [{ id: 'imported' } as never], cursor: '' })
    renderHook(() => useChatEvents())
    const progress = (p: Partial<ChatImport>) => handlers['chat:import']({ workspaceId: 'w1', stage: 'importing', done: 1, total: 9, chats: 0, totalChats: 9, ...p })
    progress({ workspaceId: 'w2', chats: 5 })
    expect(api.listChats).not.toHaveBeenCalled()
    progress({ chats: 0, stage: 'checking' })
    progress({ chats: 3 })
    expect(api.listChats).toHaveBeenCalledWith({ workspaceId: 'w1', archived: false, cursor: '', limit: 50 })
    await waitFor(() => expect(useChatStore.getState().list.map((c) => c.id)).toEqual(['imported']))
  })
})
