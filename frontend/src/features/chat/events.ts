import { useEffect } from 'react'
import { EventNames, onEvent, type ChatDelta, type ChatDone, type ChatError, type ChatImport, type DataChanged } from '@/api'
import { importRefresher } from './importRefresh'
import { useChatStore } from './store'

/** useChatEvents feeds backend chat events into the store; mount once. */
export function useChatEvents() {
  useEffect(() => {
    const s = useChatStore.getState
    let listTimer: ReturnType<typeof setTimeout> | undefined
    let viewTimer: ReturnType<typeof setTimeout> | undefined
    // A long import shows its chats as their batches are committed.
    const imports = importRefresher((ws) => {
      if (ws === s().workspaceId) void s().refreshList()
    })
    // An answer of a chat not on screen is read from its saved message when
    // the chat opens: its stream goes at once. Kept, it would be drawn over
    // the saved answer (which a plugin may have rewritten) and held in
    // memory for as long as the window is open.
    const shown = (chatId: string) => s().currentId === chatId || s().view?.chat.id === chatId
    const offs = [
      onEvent<ChatDelta>(EventNames.chatDelta, (p) => s().dispatch({ type: 'delta', payload: p })),
      onEvent<ChatDone>(EventNames.chatDone, (p) => {
        s().dispatch({ type: 'done', payload: p })
        if (!shown(p.chatId)) s().dispatch({ type: 'clear', messageId: p.messageId })
        else if (s().currentId === p.chatId) void s().refreshView().then(() => s().dispatch({ type: 'clear', messageId: p.messageId }))
      }),
      onEvent<ChatError>(EventNames.chatError, (p) => {
        s().dispatch({ type: 'error', payload: p })
        if (!shown(p.chatId)) s().dispatch({ type: 'clear', messageId: p.messageId })
        else if (s().currentId === p.chatId) void s().refreshView()
      }),
      onEvent<ChatImport>(EventNames.chatImport, (p) => {
        if (p.workspaceId === s().workspaceId) imports.progress(p) // another workspace's import waits for no refresh here
      }),
      onEvent<DataChanged>(EventNames.dataChanged, (p) => {
        if (p.workspaceId && p.workspaceId !== s().workspaceId) return
        if (p.tables.includes('chats')) {
          clearTimeout(listTimer) // a burst of changes refetches once
          listTimer = setTimeout(() => void s().loadList(s().workspaceId), 150)
        }
        if (p.tables.includes('messages') || p.tables.includes('chats')) {
          // Another device's message (sync) or an import: show it in the open chat.
          clearTimeout(viewTimer)
          viewTimer = setTimeout(() => void s().refreshView(), 150)
        }
      }),
    ]
    // Answers that began before this window listened (a reload) join what streams from now on.
    void s().resume()
    return () => {
      clearTimeout(listTimer)
      clearTimeout(viewTimer)
      imports.stop()
      offs.forEach((off) => off())
    }
  }, [])
}
