// The stream reducer: a pure function from the backend's chat events to the
// state of answers being generated. Components render a message's stream
// state over its stored content until the final version is fetched.
import type { ChatDelta, ChatDone, ChatError, RunningAnswer } from '@/api'

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
  // Deltas of an answer first seen mid-stream (a reloaded window): they wait,
  // out of text, for the text before them from 'resume'.
  held?: ChatDelta[]
}

export type Streams = Record<string, StreamState>

export type StreamAction =
  | { type: 'start'; chatId: string; messageId: string }
  | { type: 'delta'; payload: ChatDelta }
  | { type: 'done'; payload: ChatDone }
  | { type: 'error'; payload: ChatError }
  | { type: 'resume'; answer: RunningAnswer }
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
      // Deltas are numbered from 1: a later first one means the answer began before this window.
      const cur = state[p.messageId] ?? { ...blank(p.chatId, p.messageId), held: p.seq > 1 ? [] : undefined }
      // A repeat or an old one is dropped.
      if (p.seq <= cur.seq || cur.status !== 'streaming') return state
      if (cur.held) return { ...state, [p.messageId]: { ...cur, seq: p.seq, held: [...cur.held, p] } }
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
    case 'resume': {
      // The backend's text up to delta a.seq: deltas after it follow it,
      // earlier ones are in it (they may still be in flight, and are dropped).
      const a = action.answer
      const cur = state[a.messageId]
      if (cur && cur.status !== 'streaming') return state // ended meanwhile
      if (cur && !cur.held && cur.seq >= a.seq) return state // this window saw it all
      const later = (cur?.held ?? []).filter((d) => d.seq > a.seq)
      const joined: StreamState = {
        ...(cur ?? blank(a.chatId, a.messageId)),
        text: a.text + later.map((d) => d.text ?? '').join(''),
        thinking: a.thinking + later.map((d) => d.thinking ?? '').join(''),
        seq: Math.max(a.seq, cur?.seq ?? 0),
        held: undefined,
      }
      return { ...state, [a.messageId]: joined }
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
