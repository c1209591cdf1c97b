import { useEffect } from 'react'
import { create } from 'zustand'
import { EventNames, onEvent, toolsApi, type ApprovalCard, type ApprovalClosed, type ApprovalDecision } from '@/api'
import { useToasts } from '@/components/ui/toast'

interface ApprovalsState {
  /** Cards waiting for an answer, by id, from every chat (a chat opened later shows its own). */
  cards: Record<string, ApprovalCard>
  add: (card: ApprovalCard) => void
  close: (id: string) => void
  /** loadChat fetches a chat's waiting cards (after a reload, the events were missed). */
  loadChat: (chatId: string) => Promise<void>
  /** answer sends the user's decision; argumentsJSON '' keeps the model's. The card closes on tool:approval-closed. */
  answer: (id: string, decision: ApprovalDecision, argumentsJSON: string) => Promise<void>
}

/** The approval cards waiting for the user. */
export const useApprovals = create<ApprovalsState>((set, get) => ({
  cards: {},
  add: (card) => set((s) => ({ cards: { ...s.cards, [card.id]: card } })),
  close: (id) =>
    set((s) => {
      if (!s.cards[id]) return s
      const cards = { ...s.cards }
      delete cards[id]
      return { cards }
    }),
  loadChat: async (chatId) => {
    if (!chatId) return
    try {
      const waiting = await toolsApi.pendingApprovals(chatId)
      set((s) => {
        // The backend's list is the truth for this chat: cards it no longer has were closed while no one listened.
        const cards = Object.fromEntries(Object.entries(s.cards).filter(([, c]) => c.chatId !== chatId))
        for (const c of waiting) cards[c.id] = c
        return { cards }
      })
    } catch {
      // The cards also come by event; a failed fetch only misses those from before a reload.
    }
  },
  answer: async (id, decision, argumentsJSON) => {
    await toolsApi.answerApproval(id, decision, argumentsJSON)
    get().close(id)
  },
}))

/** Where the user is, for a card that arrives: whether its chat is on screen, and how to show it. */
export interface ApprovalPlace {
  shown: (card: ApprovalCard) => boolean
  open: (card: ApprovalCard) => void
}

/**
 * useApprovalEvents feeds tool:approval and tool:approval-closed into the
 * slice; mount once. A card for a chat that is not on screen (the user
 * moved to another chat, workspace or page while the model called a tool)
 * is announced with a toast that opens its chat, until it closes: unseen,
 * the call would wait out its timeout and count as denied.
 */
export function useApprovalEvents(place?: ApprovalPlace) {
  useEffect(() => {
    const s = useApprovals.getState
    const toasts = new Map<string, number>()
    const offs = [
      onEvent<ApprovalCard>(EventNames.toolApproval, (c) => {
        s().add(c)
        if (!place || place.shown(c)) return
        const id = useToasts.getState().show(
          {
            message: `${c.title || c.tool} from ${c.server} waits for your approval in another chat.`,
            action: { label: 'Open', run: () => place.open(c) },
          },
          Math.max(c.expiresAt - Date.now(), 1000),
        )
        toasts.set(c.id, id)
      }),
      onEvent<ApprovalClosed>(EventNames.toolApprovalClosed, (c) => {
        s().close(c.id)
        const id = toasts.get(c.id)
        if (id !== undefined) {
          toasts.delete(c.id)
          useToasts.getState().dismiss(id)
        }
      }),
    ]
    return () => offs.forEach((off) => off())
  }, [place])
}

/** useWaitingFor reports whether a tool_call message waits for the user's approval. */
export function useWaitingFor(messageId: string): boolean {
  return useApprovals((s) => Object.values(s.cards).some((c) => c.messageId === messageId))
}
