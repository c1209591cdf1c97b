import { describe, expect, it } from 'vitest'
import { isActive, streamReducer, type Streams } from './streamReducer'

const delta = (seq: number, text: string, thinking = '') => ({
  type: 'delta' as const,
  payload: { chatId: 'c', messageId: 'm', seq, text, thinking },
})

describe('streamReducer', () => {
  it('appends deltas in order and ignores repeats and stale ones', () => {
    let s: Streams = {}
    s = streamReducer(s, { type: 'start', chatId: 'c', messageId: 'm' })
    s = streamReducer(s, delta(1, 'Hel', 'hmm'))
    s = streamReducer(s, delta(2, 'lo'))
    s = streamReducer(s, delta(2, 'lo')) // repeat
    s = streamReducer(s, delta(1, 'Hel')) // stale
    expect(s.m.text).toBe('Hello')
    expect(s.m.thinking).toBe('hmm')
    expect(s.m.seq).toBe(2)
    expect(isActive(s, 'c')).toBe(true)
  })

  it('accepts a delta that arrives before start, and start does not reset it', () => {
    let s: Streams = {}
    s = streamReducer(s, delta(1, 'early'))
    s = streamReducer(s, { type: 'start', chatId: 'c', messageId: 'm' })
    expect(s.m.text).toBe('early')
  })

  it('ends with done or stopped and refuses later deltas', () => {
    let s = streamReducer({}, delta(1, 'a'))
    s = streamReducer(s, {
      type: 'done',
      payload: { chatId: 'c', messageId: 'm', usage: { input: 3, output: 1, estimated: false }, ttftMs: 12, tokensPerSec: 40, finishReason: 'stop' },
    })
    expect(s.m.status).toBe('done')
    expect(s.m.usage?.input).toBe(3)
    s = streamReducer(s, delta(2, 'late'))
    expect(s.m.text).toBe('a')
    expect(isActive(s, 'c')).toBe(false)
    const stopped = streamReducer(streamReducer({}, delta(1, 'x')), {
      type: 'done',
      payload: { chatId: 'c', messageId: 'm', usage: { input: 0, output: 0, estimated: true }, ttftMs: 0, tokensPerSec: 0, finishReason: 'stopped' },
    })
    expect(stopped.m.status).toBe('stopped')
  })

  it('keeps partial text on error and records the reason', () => {
    let s = streamReducer({}, delta(1, 'partial'))
    s = streamReducer(s, { type: 'error', payload: { chatId: 'c', messageId: 'm', code: 'unavailable', message: 'rate limited: retry in 20 s', retryAfterMs: 20000 } })
    expect(s.m.status).toBe('error')
    expect(s.m.text).toBe('partial')
    expect(s.m.error?.retryAfterMs).toBe(20000)
    s = streamReducer(s, { type: 'clear', messageId: 'm' })
    expect(s.m).toBeUndefined()
  })

  it('keeps 2,000 deltas complete and in order', () => {
    let s: Streams = {}
    let want = ''
    for (let i = 1; i <= 2000; i++) {
      const t = String.fromCharCode(97 + (i % 26))
      want += t
      s = streamReducer(s, delta(i, t))
    }
    expect(s.m.text).toBe(want)
  })

  describe('resuming an answer begun before this window (a reload)', () => {
    const resume = (seq: number, text: string, thinking = '') => ({
      type: 'resume' as const,
      answer: { chatId: 'c', messageId: 'm', seq, text, thinking },
    })

    it('joins the text so far with the deltas after it, whichever arrives first', () => {
      // The whole answer is "Hello, world!" in deltas 1..4: "Hel" "lo" ", " "world!".
      // Deltas 3 and 4 arrive before the backend's text up to delta 2.
      let s: Streams = {}
      s = streamReducer(s, delta(3, ', ', 'b'))
      expect(s.m.text).toBe('') // not the tail alone: the saved text shows meanwhile
      s = streamReducer(s, delta(4, 'world'))
      s = streamReducer(s, resume(2, 'Hello', 'a'))
      expect(s.m.text).toBe('Hello, world')
      expect(s.m.thinking).toBe('ab')
      expect(s.m.held).toBeUndefined()
      s = streamReducer(s, delta(4, 'world')) // a repeat
      s = streamReducer(s, delta(5, '!'))
      expect(s.m.text).toBe('Hello, world!')
      expect(isActive(s, 'c')).toBe(true)
    })

    it('drops deltas the resumed text already holds', () => {
      // Delta 3 arrived first, but the backend's text already reaches delta 4.
      let s = streamReducer({}, delta(3, ', '))
      s = streamReducer(s, resume(4, 'Hello, world'))
      expect(s.m.text).toBe('Hello, world')
      s = streamReducer(s, delta(4, 'world')) // in flight when the text was taken
      s = streamReducer(s, delta(5, '!'))
      expect(s.m.text).toBe('Hello, world!')
    })

    it('starts from the resumed text when no delta came yet', () => {
      let s = streamReducer({}, resume(2, 'Hello'))
      s = streamReducer(s, delta(2, 'lo'))
      s = streamReducer(s, delta(3, '!'))
      expect(s.m.text).toBe('Hello!')
    })

    it('keeps a stream this window saw whole, and catches up one that lags', () => {
      let s = streamReducer({}, { type: 'start', chatId: 'c', messageId: 'm' })
      s = streamReducer(s, delta(1, 'Hel'))
      s = streamReducer(s, delta(2, 'lo'))
      expect(streamReducer(s, resume(1, 'Hel'))).toBe(s)
      s = streamReducer(s, resume(3, 'Hello, '))
      s = streamReducer(s, delta(3, ', ')) // arrives after the text that holds it
      s = streamReducer(s, delta(4, 'world'))
      expect(s.m.text).toBe('Hello, world')
    })

    it('ignores an answer that ended meanwhile', () => {
      let s = streamReducer({}, delta(3, 'x'))
      s = streamReducer(s, {
        type: 'done',
        payload: { chatId: 'c', messageId: 'm', usage: { input: 0, output: 0, estimated: true }, ttftMs: 0, tokensPerSec: 0, finishReason: 'stop' },
      })
      expect(streamReducer(s, resume(2, 'Hello'))).toBe(s)
    })
  })
})
