import { describe, expect, it } from 'vitest'
import { docsReducer, emptySlice, fraction, overall, type DocsSlice } from './reducer'
import { stageLabel } from './format'
import { doc, page } from './testApi'

const progress = (documentId: string, stage: string, done: number, total: number) =>
  ({ type: 'progress', payload: { workspaceId: 'w1', documentId, stage, done, total } }) as const
const status = (documentId: string, st: string, error = '', chunks = 0) =>
  ({ type: 'status', payload: { workspaceId: 'w1', documentId, status: st, error, chunks } }) as const

function loaded(...docs: ReturnType<typeof doc>[]): DocsSlice {
  return docsReducer(emptySlice(), { type: 'loaded', page: page(docs) })
}

describe('fraction', () => {
  it('orders the stages and stays within 0..1', () => {
    expect(fraction(undefined)).toBe(0)
    const ex = fraction({ stage: 'extracting', done: 1, total: 1 })
    const ch = fraction({ stage: 'chunking', done: 1, total: 1 })
    const ix = fraction({ stage: 'indexing', done: 5, total: 10 })
    const em = fraction({ stage: 'embedding', done: 10, total: 10 })
    expect(ex).toBeLessThan(ch)
    expect(ch).toBeLessThan(ix)
    expect(ix).toBeLessThan(em)
    expect(em).toBe(1)
    expect(fraction({ stage: 'indexing', done: 0, total: 0 })).toBe(fraction({ stage: 'chunking', done: 1, total: 1 }))
  })

  it('keeps a document waiting out a rate limit where its embedding was, and says why', () => {
    for (const stage of ['rate-limited', 'retrying']) {
      expect(fraction({ stage, done: 32, total: 64 })).toBe(fraction({ stage: 'embedding', done: 32, total: 64 }))
    }
    expect(stageLabel('rate-limited')).toBe("Waiting for the provider's rate limit")
    expect(stageLabel('retrying')).toBe('Provider unavailable, retrying')
  })
})

describe('docsReducer', () => {
  it('queues pending and processing documents of a loaded page', () => {
    const s = loaded(doc({ id: 'a', status: 'pending' }), doc({ id: 'b', status: 'completed' }), doc({ id: 'c', status: 'processing' }))
    expect(s.total).toBe(3)
    expect(Object.keys(s.queue).sort()).toEqual(['a', 'c'])
    expect(overall(s.queue)).toMatchObject({ active: true, done: 0, count: 2 })
  })

  it('records progress per document and marks a pending one processing', () => {
    let s = loaded(doc({ id: 'a', status: 'pending' }))
    s = docsReducer(s, progress('a', 'extracting', 0, 1))
    expect(s.items[0].status).toBe('processing')
    expect(s.progress.a).toEqual({ stage: 'extracting', done: 0, total: 1 })
    s = docsReducer(s, progress('a', 'indexing', 256, 900))
    expect(s.progress.a).toEqual({ stage: 'indexing', done: 256, total: 900 })
    expect(overall(s.queue).percent).toBeCloseTo(fraction(s.progress.a) * 100)
  })

  it('applies a completed status: chunks, no more progress, the batch done', () => {
    let s = loaded(doc({ id: 'a', status: 'processing', chunks: 0 }), doc({ id: 'b', status: 'pending' }))
    s = docsReducer(s, progress('a', 'indexing', 5, 10))
    s = docsReducer(s, status('a', 'completed', '', 12))
    expect(s.items[0]).toMatchObject({ status: 'completed', chunks: 12 })
    expect(s.progress.a).toBeUndefined()
    expect(overall(s.queue)).toMatchObject({ active: true, done: 1, count: 2, percent: 50 })
    s = docsReducer(s, status('b', 'error', 'not a text file (looks like PNG image)'))
    expect(s.items[1]).toMatchObject({ status: 'error', error: 'not a text file (looks like PNG image)' })
    expect(overall(s.queue)).toMatchObject({ active: false, done: 2, count: 2 })
  })

  it('starts a new batch when a document arrives after the queue went idle', () => {
    let s = loaded(doc({ id: 'a', status: 'processing' }))
    s = docsReducer(s, status('a', 'completed', '', 3))
    s = docsReducer(s, status('n', 'pending'))
    expect(overall(s.queue)).toMatchObject({ active: true, done: 0, count: 1 })
  })

  it('restarts a re-indexed document', () => {
    let s = loaded(doc({ id: 'a', status: 'error', error: 'canceled', chunks: 0 }))
    s = docsReducer(s, status('a', 'pending'))
    expect(s.items[0]).toMatchObject({ status: 'pending', error: '' })
    expect(overall(s.queue)).toMatchObject({ active: true, count: 1, done: 0 })
  })

  it('removes a deleted document and counts it out', () => {
    let s = loaded(doc({ id: 'a', status: 'processing' }), doc({ id: 'b' }))
    s = docsReducer(s, progress('a', 'extracting', 0, 1))
    s = docsReducer(s, status('a', 'deleted'))
    expect(s.items.map((d) => d.id)).toEqual(['b'])
    expect(s.total).toBe(1)
    expect(s.progress.a).toBeUndefined()
    expect(overall(s.queue).active).toBe(false)
  })

  it('shows re-embedding of a completed document without queueing it', () => {
    let s = loaded(doc({ id: 'a', status: 'completed' }))
    s = docsReducer(s, progress('a', 'embedding', 32, 64))
    expect(s.items[0].status).toBe('completed')
    expect(s.progress.a).toEqual({ stage: 'embedding', done: 32, total: 64 })
    expect(overall(s.queue).count).toBe(0)
    s = docsReducer(s, progress('a', 'embedding', 64, 64))
    expect(s.progress.a).toBeUndefined()
  })

  it('counts documents on other pages in the batch from their events', () => {
    let s = loaded(doc({ id: 'a', status: 'completed' }))
    s = docsReducer(s, progress('elsewhere', 'extracting', 0, 1))
    expect(s.items).toHaveLength(1)
    expect(overall(s.queue)).toMatchObject({ active: true, count: 1 })
    s = docsReducer(s, status('elsewhere', 'completed', '', 1))
    expect(overall(s.queue).active).toBe(false)
  })

  it('clears leftovers when the backend says the queue is idle', () => {
    let s = loaded(doc({ id: 'a', status: 'completed' }))
    s = docsReducer(s, progress('gone', 'embedding', 1, 9)) // a re-embed that failed half way
    expect(overall(s.queue).active).toBe(true)
    s = docsReducer(s, { type: 'idle' })
    expect(overall(s.queue).active).toBe(false)
    expect(s.progress).toEqual({})
  })

  it('keeps the page and drops stale progress when a page reloads', () => {
    let s = loaded(doc({ id: 'a', status: 'processing' }))
    s = docsReducer(s, progress('a', 'indexing', 1, 2))
    s = docsReducer(s, { type: 'loaded', page: page([doc({ id: 'a', status: 'completed', chunks: 2 })]) })
    expect(s.progress.a).toBeUndefined()
    expect(s.queue.a).toBe(1)
  })
})

describe('idle', () => {
  it('keeps documents on screen that still say pending', () => {
    let s = docsReducer(emptySlice(), { type: 'loaded', page: page([doc({ id: 'p', status: 'pending' })]) })
    s = docsReducer(s, { type: 'progress', payload: { workspaceId: 'w1', documentId: 'other', stage: 'extracting', done: 0, total: 1 } })
    s = docsReducer(s, { type: 'idle' })
    expect(s.queue).toEqual({ p: 0, other: 1 })
  })
})
