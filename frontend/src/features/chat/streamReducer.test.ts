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
})
