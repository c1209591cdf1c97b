import { useEffect } from 'react'
import { create } from 'zustand'
import { EventNames, onEvent, toolsApi, type ApprovalCard, type ApprovalClosed, type ApprovalDecision } from '@/api'

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

/** useApprovalEvents feeds tool:approval and tool:approval-closed into the slice; mount once. */
export function useApprovalEvents() {
  useEffect(() => {
    const s = useApprovals.getState
    const offs = [
      onEvent<ApprovalCard>(EventNames.toolApproval, (c) => s().add(c)),
      onEvent<ApprovalClosed>(EventNames.toolApprovalClosed, (c) => s().close(c.id)),
    ]
    return () => offs.forEach((off) => off())
  }, [])
}

/** useWaitingFor reports whether a tool_call message waits for the user's approval. */
export function useWaitingFor(messageId: string): boolean {
  return useApprovals((s) => Object.values(s.cards).some((c) => c.messageId === messageId))
}
