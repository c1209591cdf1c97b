import { create } from 'zustand'
import { chatApi, errorMessage, toApiError, type AttachmentInput, type Chat, type ChatView, type Message } from '@/api'
import type { PendingImage } from './files'
import { streamReducer, type StreamAction, type Streams } from './streamReducer'

const PAGE = 25 // messages per page of a long chat
const LIST_PAGE = 50 // chats per page of the sidebar
const REFRESH_MAX = 200 // the most chats one list call returns (the backend's cap)

interface Draft {
  modelRef: string
}

interface ChatState {
  // the sidebar list of the current workspace
  workspaceId: string
  list: Chat[]
  cursor: string
  listLoading: boolean
  listError: string
  loadList: (workspaceId: string, more?: boolean) => Promise<void>
  // fetches the first page again, keeping the later pages shown (an import adding chats)
  refreshList: () => Promise<void>

  // the chat on screen; null currentId with a draft means "new chat"
  currentId: string | null
  draft: Draft
  view: ChatView | null
  viewLoading: boolean
  viewError: string
  focusMessageId: string | null
  newChat: () => void
  setDraftModel: (ref: string) => void
  open: (chatId: string) => Promise<void>
  openAt: (messageId: string) => Promise<void>
  refreshView: () => Promise<void>
  // reports whether a page was added (false: none, or it failed and viewError says why)
  loadOlder: () => Promise<boolean>
  setView: (v: ChatView) => void

  // what was typed and not sent, by chat ('' for a new chat): kept when the
  // chat screen closes (another page) or another chat opens
  drafts: Record<string, string>
  setDraft: (chatId: string, text: string) => void
  // the images picked and not sent, by chat, likewise: they go with the chat they were picked in
  draftImages: Record<string, PendingImage[]>
  setDraftImages: (chatId: string, images: PendingImage[]) => void
  // asks the composer to take the cursor (New chat): it clears the request when it does
  composerFocus: boolean
  setComposerFocus: (on: boolean) => void

  // streaming
  streams: Streams
  dispatch: (a: StreamAction) => void
  // picks up answers generated before this window saw them start (a reload)
  resume: (chatId?: string) => Promise<void>

  // actions that change the conversation
  // grows with each message sent, edited or regenerated: the list shows its end
  follow: number
  actionError: string
  clearError: () => void
  send: (content: string, attachments?: AttachmentInput[]) => Promise<boolean>
  stop: (messageId: string) => Promise<void>
  regenerate: (messageId: string) => Promise<void>
  edit: (messageId: string, content: string) => Promise<boolean>
  switchBranch: (messageId: string) => Promise<void>
  deleteMessage: (messageId: string) => Promise<void>
}

/** The chat slice: chat list, the open chat and its streams. */
/**
 * appendNew adds the messages the list does not have yet: a refresh that ran
 * while a send was under way (a chat-list or message event) may already
 * have brought them, and the list must not show them twice.
 */
function appendNew(list: Message[], added: Message[]): Message[] {
  const have = new Set(list.map((m) => m.id))
  return [...list, ...added.filter((m) => !have.has(m.id))]
}

export const useChatStore = create<ChatState>((set, get) => ({
  workspaceId: '',
  list: [],
  cursor: '',
  listLoading: false,
  listError: '',
  loadList: async (workspaceId, more = false) => {
    const cursor = more ? get().cursor : ''
    if (more && !cursor) return
    // Another workspace: drop the old list at once, so no chat of it shows in this one.
    set((s) => (s.workspaceId === workspaceId ? { listLoading: true } : { listLoading: true, workspaceId, list: [], cursor: '' }))
    try {
      const page = await chatApi.listChats({ workspaceId, archived: false, cursor, limit: LIST_PAGE })
      if (get().workspaceId !== workspaceId) return // switched meanwhile
      set((s) => ({
        list: more ? [...s.list, ...page.chats.filter((c) => !s.list.some((x) => x.id === c.id))] : page.chats,
        cursor: page.cursor,
        listLoading: false,
        listError: '',
      }))
    } catch (e) {
      set({ listLoading: false, listError: errorMessage(e) })
    }
  },

  refreshList: async () => {
    const workspaceId = get().workspaceId
    if (!workspaceId) return
    try {
      // The pages loaded so far, read again in one call (up to the backend's
      // cap), so an imported chat that sorts among them shows now.
      const limit = Math.min(REFRESH_MAX, Math.max(LIST_PAGE, get().list.length))
      const page = await chatApi.listChats({ workspaceId, archived: false, cursor: '', limit })
      if (get().workspaceId !== workspaceId) return // switched meanwhile
      set((s) => {
        if (s.list.length <= limit) return { list: page.chats, cursor: page.cursor, listError: '' }
        // More loaded than one call returns: the pages past it stay below the
        // refreshed ones, with their cursor, so the scroll position holds; a
        // chat that sorts among them comes with the next full load (the
        // import's end).
        const fresh = new Set(page.chats.map((c) => c.id))
        return { list: [...page.chats, ...s.list.filter((c) => !fresh.has(c.id))], listError: '' }
      })
    } catch {
      // The chats shown stay; the import's end loads the list again.
    }
  },

  currentId: null,
  draft: { modelRef: '' },
  view: null,
  viewLoading: false,
  viewError: '',
  focusMessageId: null,
  // Each way to put a chat on screen ends a pending open's "Opening the chat…".
  newChat: () => set({ currentId: null, view: null, viewLoading: false, viewError: '', focusMessageId: null, draft: { modelRef: '' } }),
  setDraftModel: (modelRef) => set({ draft: { modelRef } }),
  open: async (chatId) => {
    const shown = get().view?.chat.id ?? null
    set({ currentId: chatId, viewLoading: true, viewError: '', focusMessageId: null })
    void get().resume(chatId)
    try {
      const view = await chatApi.viewChat(chatId, PAGE, '')
      if (get().currentId === chatId) set({ view, viewLoading: false })
    } catch (e) {
      if (get().currentId !== chatId) return // another chat was opened since
      // The screen still shows the chat it showed: that one stays current,
      // so the list marks it and a message typed now goes where it is seen.
      set({ currentId: shown, viewLoading: false, viewError: `Could not open the chat: ${errorMessage(e)}` })
    }
  },
  openAt: async (messageId) => {
    try {
      const view = await chatApi.openAt(messageId)
      set({ currentId: view.chat.id, view, viewLoading: false, viewError: '', focusMessageId: messageId })
    } catch (e) {
      set({ viewError: errorMessage(e) })
    }
  },
  refreshView: async () => {
    const id = get().currentId
    if (!id) return
    try {
      const loaded = get().view?.messages.length ?? 0
      const view = await chatApi.viewChat(id, Math.max(PAGE, loaded), '')
      if (get().currentId === id) set({ view })
    } catch (e) {
      set({ viewError: errorMessage(e) })
    }
  },
  loadOlder: async () => {
    const { view, currentId } = get()
    if (!view || !view.hasMore || !currentId || view.messages.length === 0) return false
    try {
      const older = await chatApi.viewChat(currentId, PAGE, view.messages[0].id)
      if (get().currentId !== currentId || !get().view) return false
      set((s) => ({ view: { ...s.view!, messages: [...older.messages, ...s.view!.messages], hasMore: older.hasMore } }))
      return older.messages.length > 0
    } catch (e) {
      set({ viewError: errorMessage(e) })
      return false
    }
  },
  setView: (view) => set({ view, currentId: view.chat.id, viewLoading: false }),

  composerFocus: false,
  setComposerFocus: (composerFocus) => set({ composerFocus }),
  drafts: {},
  setDraft: (chatId, text) =>
    set((s) => {
      if ((s.drafts[chatId] ?? '') === text) return {}
      const drafts = { ...s.drafts }
      if (text) drafts[chatId] = text
      else delete drafts[chatId]
      return { drafts }
    }),
  draftImages: {},
  setDraftImages: (chatId, images) =>
    set((s) => {
      if ((s.draftImages[chatId] ?? []).length === 0 && images.length === 0) return {}
      const draftImages = { ...s.draftImages }
      if (images.length > 0) draftImages[chatId] = images
      else delete draftImages[chatId]
      return { draftImages }
    }),

  streams: {},
  dispatch: (a) => set((s) => ({ streams: streamReducer(s.streams, a) })),
  resume: async (chatId) => {
    let running
    try {
      running = await chatApi.running()
    } catch {
      return // the saved text still shows, and the answer's end brings the rest
    }
    for (const answer of running) if (!chatId || answer.chatId === chatId) get().dispatch({ type: 'resume', answer })
  },

  follow: 0,
  actionError: '',
  clearError: () => set({ actionError: '' }),
  send: async (content, attachments = []) => {
    // The chat on screen: while another one opens, it is still the one shown.
    let chatId = get().view?.chat.id ?? get().currentId
    try {
      if (!chatId) {
        const ws = get().workspaceId
        const chat = await chatApi.createChat(ws, get().draft.modelRef)
        chatId = chat.id
        // The new chat takes the screen, unless another chat was opened meanwhile.
        if (get().currentId === null && !get().view) {
          set({ currentId: chatId, view: { chat, messages: [], totals: { tokensIn: 0, tokensOut: 0, estimated: false, messages: 0 }, hasMore: false } })
        }
      }
      const res = await chatApi.send({ chatId, content, attachments })
      get().dispatch({ type: 'start', chatId, messageId: res.assistant.id })
      set((s) =>
        s.view && s.view.chat.id === chatId
          ? { view: { ...s.view, messages: appendNew(s.view.messages, [res.user, res.assistant]) }, actionError: '', follow: s.follow + 1 }
          : { actionError: '' },
      )
      void get().refreshView()
      return true
    } catch (e) {
      set({ actionError: errorMessage(e) })
      return false
    }
  },
  stop: async (messageId) => {
    try {
      await chatApi.stop(messageId)
    } catch (e) {
      // Not running: it ended as Stop was pressed. Its end shows (the
      // saved answer), not an error about stopping it.
      if (toApiError(e).code === 'not_found') {
        get().dispatch({ type: 'clear', messageId })
        await get().refreshView()
        return
      }
      set({ actionError: errorMessage(e) })
    }
  },
  regenerate: async (messageId) => {
    try {
      const m = await chatApi.regenerate(messageId)
      get().dispatch({ type: 'start', chatId: m.chatId, messageId: m.id })
      await get().refreshView()
      set((s) => ({ follow: s.follow + 1 }))
    } catch (e) {
      set({ actionError: errorMessage(e) })
    }
  },
  edit: async (messageId, content) => {
    try {
      const res = await chatApi.editAndResend(messageId, content)
      get().dispatch({ type: 'start', chatId: res.assistant.chatId, messageId: res.assistant.id })
      await get().refreshView()
      set((s) => ({ follow: s.follow + 1 }))
      return true
    } catch (e) {
      set({ actionError: errorMessage(e) })
      return false
    }
  },
  switchBranch: async (messageId) => {
    try {
      get().setView(await chatApi.switchBranch(messageId))
    } catch (e) {
      set({ actionError: errorMessage(e) })
    }
  },
  deleteMessage: async (messageId) => {
    try {
      get().setView(await chatApi.deleteMessage(messageId))
    } catch (e) {
      set({ actionError: errorMessage(e) })
    }
  },
}))
