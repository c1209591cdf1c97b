import { beforeEach, describe, expect, it, vi } from 'vitest'
import { chatApi, type Chat, type ChatView } from '@/api'
import { useChatStore } from './store'

vi.mock('@/api', async () => (await import('@/test/fakeApi')).fakeApiModule())

const api = vi.mocked(chatApi)

function view(id: string): ChatView {
  const chat = { id, workspaceId: 'w1', title: id, modelRef: 'openai:x' } as unknown as Chat
  return { chat, messages: [], totals: { tokensIn: 0, tokensOut: 0, estimated: false, messages: 0 }, hasMore: false } as ChatView
}

beforeEach(() => {
  vi.clearAllMocks()
  useChatStore.setState({ currentId: null, view: null, viewError: '', viewLoading: false, workspaceId: 'w1' })
})

describe('sending', () => {
  it("sends a new chat's first message to it but leaves a chat opened meanwhile on screen", async () => {
    useChatStore.getState().newChat()
    let made: (c: Chat) => void = () => {}
    api.createChat.mockReturnValueOnce(new Promise((r) => (made = r)))
    const sending = useChatStore.getState().send('first question')
    api.viewChat.mockResolvedValueOnce(view('b')).mockResolvedValueOnce(view('b')) // opened, then refreshed after the send
    await useChatStore.getState().open('b')
    api.send.mockResolvedValueOnce({ user: { id: 'u' }, assistant: { id: 'a', chatId: 'new' } } as never)
    made(view('new').chat)
    expect(await sending).toBe(true)
    expect(api.send).toHaveBeenCalledWith({ chatId: 'new', content: 'first question', attachments: [] })
    expect(useChatStore.getState().currentId).toBe('b')
    expect(useChatStore.getState().view?.chat.id).toBe('b')
  })
})

describe('a refresh during a send', () => {
  it('shows the question and its answer once when a refresh brought them before the send returned', async () => {
    useChatStore.setState({ currentId: 'a', view: view('a') })
    const user = { id: 'u', chatId: 'a', role: 'user' }
    const answer = { id: 'x', chatId: 'a', role: 'assistant' }
    let sent: (r: unknown) => void = () => {}
    api.send.mockReturnValueOnce(new Promise((r) => (sent = r)) as never)
    const sending = useChatStore.getState().send('hello')
    // A message event's refresh lands while the send is under way: the backend has both rows already.
    api.viewChat.mockResolvedValueOnce({ ...view('a'), messages: [user, answer] } as unknown as ChatView)
    await useChatStore.getState().refreshView()
    api.viewChat.mockReturnValueOnce(new Promise(() => {})) // the send's own refresh, still out
    sent({ user, assistant: answer })
    expect(await sending).toBe(true)
    expect(useChatStore.getState().view?.messages.map((m) => m.id)).toEqual(['u', 'x'])
  })
})

describe('stopping an answer', () => {
  it('shows an answer that ended as Stop was pressed as saved, with no error', async () => {
    useChatStore.setState({ currentId: 'a', view: view('a'), actionError: '', streams: { m: { chatId: 'a', messageId: 'm', text: 'Hi', thinking: '', seq: 1, status: 'streaming' } } })
    api.stop.mockRejectedValueOnce({ code: 'not_found', message: 'that answer is not being generated' })
    api.viewChat.mockResolvedValueOnce(view('a'))
    await useChatStore.getState().stop('m')
    expect(useChatStore.getState().actionError).toBe('')
    expect(useChatStore.getState().streams.m).toBeUndefined()
    expect(api.viewChat).toHaveBeenCalledWith('a', 25, '')
    // Any other failure is said.
    api.stop.mockRejectedValueOnce({ code: 'internal', message: 'database is locked' })
    await useChatStore.getState().stop('m')
    expect(useChatStore.getState().actionError).toBe('database is locked')
  })
})

describe('opening a chat', () => {
  it('keeps the chat on screen current when another fails to open, so a message goes where it is seen', async () => {
    api.viewChat.mockResolvedValueOnce(view('a'))
    await useChatStore.getState().open('a')
    api.viewChat.mockRejectedValueOnce({ code: 'not_found', message: 'chat not found' })
    await useChatStore.getState().open('b')
    const s = useChatStore.getState()
    expect(s.currentId).toBe('a')
    expect(s.view?.chat.id).toBe('a')
    expect(s.viewError).toBe('Could not open the chat: chat not found')

    api.send.mockRejectedValueOnce({ code: 'unavailable', message: 'offline' }) // only where it went matters
    await s.send('hello')
    expect(api.send).toHaveBeenCalledWith({ chatId: 'a', content: 'hello', attachments: [] })
  })

  it('sends to the chat shown while another is still opening', async () => {
    api.viewChat.mockResolvedValueOnce(view('a'))
    await useChatStore.getState().open('a')
    let answer: (v: ChatView) => void = () => {}
    api.viewChat.mockReturnValueOnce(new Promise((r) => (answer = r)))
    const opening = useChatStore.getState().open('b')
    api.send.mockRejectedValueOnce({ code: 'unavailable', message: 'offline' })
    await useChatStore.getState().send('typed before b appeared')
    expect(api.send).toHaveBeenCalledWith({ chatId: 'a', content: 'typed before b appeared', attachments: [] })
    answer(view('b'))
    await opening
    expect(useChatStore.getState().view?.chat.id).toBe('b')
    expect(useChatStore.getState().currentId).toBe('b')
  })

  it('ends "opening" when a new chat, a search hit or another screen takes the place of a chat still opening', async () => {
    for (const overtake of [
      () => useChatStore.getState().newChat(),
      () => useChatStore.getState().setView(view('made')),
      async () => {
        api.openAt.mockResolvedValueOnce(view('hit'))
        await useChatStore.getState().openAt('m1')
      },
    ]) {
      let answer: (v: ChatView) => void = () => {}
      api.viewChat.mockReturnValueOnce(new Promise((r) => (answer = r)))
      const opening = useChatStore.getState().open('slow')
      expect(useChatStore.getState().viewLoading).toBe(true)
      await overtake()
      answer(view('slow'))
      await opening
      expect(useChatStore.getState().viewLoading).toBe(false)
    }
  })

  it('ignores a failed open overtaken by a later one', async () => {
    let fail: (e: unknown) => void = () => {}
    api.viewChat.mockReturnValueOnce(new Promise((_, rej) => (fail = rej)))
    const first = useChatStore.getState().open('a')
    api.viewChat.mockResolvedValueOnce(view('b'))
    await useChatStore.getState().open('b')
    fail({ code: 'not_found', message: 'gone' })
    await first
    expect(useChatStore.getState().currentId).toBe('b')
    expect(useChatStore.getState().viewError).toBe('')
  })
})

describe('answers begun before a reload', () => {
  it('opening a chat picks up its running answers with their text so far', async () => {
    useChatStore.setState({ streams: {} })
    api.running.mockResolvedValueOnce([
      { chatId: 'a', messageId: 'ma', text: 'Hello', thinking: '', seq: 2 },
      { chatId: 'b', messageId: 'mb', text: 'Other', thinking: '', seq: 1 },
    ])
    api.viewChat.mockResolvedValueOnce(view('a'))
    await useChatStore.getState().open('a')
    await vi.waitFor(() => expect(useChatStore.getState().streams.ma?.text).toBe('Hello'))
    expect(useChatStore.getState().streams.mb).toBeUndefined()

    useChatStore.getState().dispatch({ type: 'delta', payload: { chatId: 'a', messageId: 'ma', seq: 3, text: '!', thinking: '' } })
    expect(useChatStore.getState().streams.ma.text).toBe('Hello!')
    await useChatStore.getState().stop('ma')
    expect(api.stop).toHaveBeenCalledWith('ma')
  })
})

describe('refreshing the list during an import', () => {
  const chat = (id: string) => ({ id, workspaceId: 'w1', title: id, updatedAt: 1 }) as unknown as Chat

  it('replaces a list of one page with the new first page', async () => {
    useChatStore.setState({ list: [chat('a'), chat('b')], cursor: '', currentId: 'b' })
    api.listChats.mockResolvedValueOnce({ chats: [chat('new'), chat('a'), chat('b')], cursor: '' })
    await useChatStore.getState().refreshList()
    expect(api.listChats).toHaveBeenCalledWith({ workspaceId: 'w1', archived: false, cursor: '', limit: 50 })
    expect(useChatStore.getState().list.map((c) => c.id)).toEqual(['new', 'a', 'b'])
    expect(useChatStore.getState().currentId).toBe('b') // the selection stays
  })

  it('reads every loaded page again, so an imported chat that sorts among them shows', async () => {
    const shown = Array.from({ length: 60 }, (_, i) => chat(`c${i}`))
    useChatStore.setState({ list: shown, cursor: 'after-c59' })
    // An imported chat sorts into the second page, between c54 and c55.
    const again = [...shown.slice(0, 55), chat('i1'), ...shown.slice(55, 59)]
    api.listChats.mockResolvedValueOnce({ chats: again, cursor: 'after-c58' })
    await useChatStore.getState().refreshList()
    expect(api.listChats).toHaveBeenCalledWith({ workspaceId: 'w1', archived: false, cursor: '', limit: 60 })
    const s = useChatStore.getState()
    expect(s.list.map((c) => c.id)).toEqual(again.map((c) => c.id))
    expect(s.cursor).toBe('after-c58') // c59 comes with the next page
  })

  it('keeps pages past what one call returns, with their cursor, below the refreshed ones', async () => {
    const shown = Array.from({ length: 250 }, (_, i) => chat(`c${i}`))
    useChatStore.setState({ list: shown, cursor: 'after-c249' })
    // Two imported chats sort first: c198 and c199 move past the refreshed 200.
    const first = [chat('i1'), chat('i2'), ...shown.slice(0, 198)]
    api.listChats.mockResolvedValueOnce({ chats: first, cursor: 'after-c197' })
    await useChatStore.getState().refreshList()
    expect(api.listChats).toHaveBeenCalledWith({ workspaceId: 'w1', archived: false, cursor: '', limit: 200 })
    const s = useChatStore.getState()
    expect(s.list.map((c) => c.id)).toEqual(['i1', 'i2', ...shown.map((c) => c.id)])
    expect(s.cursor).toBe('after-c249')
  })
})
