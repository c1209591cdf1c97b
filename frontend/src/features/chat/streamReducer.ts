// The stream reducer: a pure function from the backend's chat events to the
// state of answers being generated. Components render a message's stream
// state over its stored content until the final version is fetched.
import type { ChatDelta, ChatDone, ChatError } from '@/api'

export type StreamStatus = 'streaming' | 'done' | 'stopped' | 'error'

export interface StreamState {
  chatId: string
  messageId: string
  text: string
  thinking: string
  seq: number
  status: StreamStatus
  error?: { code: string; message: string; retryAfterMs: number }
  usage?: ChatDone['usage']
  ttftMs?: number
  tokensPerSec?: number
  finishReason?: string
}

export type Streams = Record<string, StreamState>

export type StreamAction =
  | { type: 'start'; chatId: string; messageId: string }
  | { type: 'delta'; payload: ChatDelta }
  | { type: 'done'; payload: ChatDone }
  | { type: 'error'; payload: ChatError }
  | { type: 'clear'; messageId: string }

function blank(chatId: string, messageId: string): StreamState {
  return { chatId, messageId, text: '', thinking: '', seq: 0, status: 'streaming' }
}

export function streamReducer(state: Streams, action: StreamAction): Streams {
  switch (action.type) {
    case 'start': {
      if (state[action.messageId]) return state // a delta may arrive before Send returns
      return { ...state, [action.messageId]: blank(action.chatId, action.messageId) }
    }
    case 'delta': {
      const p = action.payload
      const cur = state[p.messageId] ?? blank(p.chatId, p.messageId)
      // Deltas are numbered from 1; a repeat or an old one is dropped.
      if (p.seq <= cur.seq || cur.status !== 'streaming') return state
      return {
        ...state,
        [p.messageId]: { ...cur, seq: p.seq, text: cur.text + (p.text ?? ''), thinking: cur.thinking + (p.thinking ?? '') },
      }
    }
    case 'done': {
      const p = action.payload
      const cur = state[p.messageId] ?? blank(p.chatId, p.messageId)
      return {
        ...state,
        [p.messageId]: {
          ...cur,
          status: p.finishReason === 'stopped' ? 'stopped' : 'done',
          usage: p.usage,
          ttftMs: p.ttftMs,
          tokensPerSec: p.tokensPerSec,
          finishReason: p.finishReason,
        },
      }
    }
    case 'error': {
      const p = action.payload
      const cur = state[p.messageId] ?? blank(p.chatId, p.messageId)
      return {
        ...state,
        [p.messageId]: { ...cur, status: 'error', error: { code: p.code, message: p.message, retryAfterMs: p.retryAfterMs } },
      }
    }
    case 'clear': {
      if (!state[action.messageId]) return state
      const next = { ...state }
      delete next[action.messageId]
      return next
    }
  }
}

/** isActive reports whether a chat has an answer being generated. */
export function isActive(streams: Streams, chatId: string): boolean {
  return Object.values(streams).some((s) => s.chatId === chatId && s.status === 'streaming')
}
