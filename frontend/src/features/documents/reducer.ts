import type { DocumentInfo, DocumentPage, DocumentProgress, DocumentStatus } from '@/api'

/** Progress of one document in the queue, from document:progress. */
export interface Progress {
  stage: string
  done: number
  total: number
  /** When the provider is asked again (Unix ms), while the stage is a wait. */
  retryAt?: number
}

/**
 * DocsSlice is the part of the Documents store that backend events change:
 * the page of documents on screen, per-document progress, and the queue
 * batch behind the overall bar (id -> fraction done, 1 when finished).
 */
export interface DocsSlice {
  items: DocumentInfo[]
  total: number
  progress: Record<string, Progress>
  queue: Record<string, number>
}

export type DocsAction =
  | { type: 'loaded'; page: DocumentPage }
  | { type: 'progress'; payload: DocumentProgress }
  | { type: 'status'; payload: DocumentStatus }
  | { type: 'updated'; doc: DocumentInfo }
  | { type: 'removed'; id: string }
  | { type: 'idle' }

export const emptySlice = (): DocsSlice => ({ items: [], total: 0, progress: {}, queue: {} })

// Each stage's share of a document's bar. A document without an embedding
// model finishes after indexing, so its bar jumps from 70 % to done.
const STAGES: Record<string, [number, number]> = {
  extracting: [0, 0.35],
  chunking: [0.35, 0.45],
  indexing: [0.45, 0.7],
  embedding: [0.7, 1],
  // Waiting to embed the chunks at done again: the bar stays where it was.
  'rate-limited': [0.7, 1],
  retrying: [0.7, 1],
}

/** fraction is how far a document is, 0..1, from its latest progress event. */
export function fraction(p: Progress | undefined): number {
  if (!p) return 0
  const [a, b] = STAGES[p.stage] ?? [0, 1]
  const part = p.total > 0 ? Math.min(1, Math.max(0, p.done / p.total)) : 0
  return a + (b - a) * part
}

const finished = (status: string) => status === 'completed' || status === 'error' || status === 'deleted'

/**
 * enqueue records id's fraction. A document entering an idle queue (every
 * document of the batch finished) starts a new batch; restart puts a
 * finished document back to f (re-index).
 */
function enqueue(queue: Record<string, number>, id: string, f: number, restart = false): Record<string, number> {
  const values = Object.values(queue)
  const idle = values.length > 0 && values.every((v) => v >= 1)
  if (idle && (!(id in queue) || restart)) return { [id]: f }
  return { ...queue, [id]: restart ? f : Math.max(queue[id] ?? 0, f) }
}

function without<T>(m: Record<string, T>, id: string): Record<string, T> {
  if (!(id in m)) return m
  const next = { ...m }
  delete next[id]
  return next
}

/** docsReducer applies a loaded page or a backend event to the slice. */
export function docsReducer(s: DocsSlice, a: DocsAction): DocsSlice {
  switch (a.type) {
    case 'loaded': {
      let queue = s.queue
      for (const d of a.page.items) {
        if (d.status === 'pending' || d.status === 'processing') queue = enqueue(queue, d.id, d.status === 'processing' ? fraction(s.progress[d.id]) : 0)
        else if (d.id in queue) queue = { ...queue, [d.id]: 1 }
      }
      // Progress of documents that are no longer working is stale.
      let progress = s.progress
      for (const d of a.page.items) if (finished(d.status) || d.status === 'pending') progress = without(progress, d.id)
      return { items: a.page.items, total: a.page.total, progress, queue }
    }
    case 'progress': {
      const p = a.payload
      const prog: Progress = { stage: p.stage, done: p.done, total: p.total, ...(p.retryAt ? { retryAt: p.retryAt } : {}) }
      const doc = s.items.find((d) => d.id === p.documentId)
      const last = p.stage === 'embedding' && p.total > 0 && p.done >= p.total
      if (doc?.status === 'completed') {
        // A completed document is being embedded again (the workspace's
        // embedding model changed): its own bar, not the ingest queue.
        return { ...s, progress: last ? without(s.progress, p.documentId) : { ...s.progress, [p.documentId]: prog } }
      }
      let queue = enqueue(s.queue, p.documentId, fraction(prog))
      if (last) queue = { ...queue, [p.documentId]: 1 }
      return {
        ...s,
        items: s.items.map((d) => (d.id === p.documentId && d.status === 'pending' ? { ...d, status: 'processing' } : d)),
        progress: { ...s.progress, [p.documentId]: prog },
        queue,
      }
    }
    case 'status': {
      const p = a.payload
      if (p.status === 'deleted') return docsReducer(s, { type: 'removed', id: p.documentId })
      const items = s.items.map((d) =>
        d.id === p.documentId ? { ...d, status: p.status, error: p.error, chunks: p.chunks, ...(p.status === 'pending' ? { warning: '' } : {}) } : d,
      )
      let { progress, queue } = s
      if (finished(p.status) || p.status === 'pending') progress = without(progress, p.documentId)
      if (finished(p.status)) {
        if (p.documentId in queue) queue = { ...queue, [p.documentId]: 1 }
      } else {
        // pending again after a re-index: the document's bar starts over.
        queue = enqueue(queue, p.documentId, 0, p.status === 'pending')
      }
      return { ...s, items, progress, queue }
    }
    case 'idle': {
      // The backend says nothing is queued: whatever is left is stale
      // (a re-embed that failed half way, events missed while away).
      // Documents on screen that still say pending or processing keep their
      // place (the status may have been read just before they were added).
      const active = new Set(s.items.filter((d) => d.status === 'pending' || d.status === 'processing').map((d) => d.id))
      const queue: Record<string, number> = {}
      for (const [id, v] of Object.entries(s.queue)) queue[id] = active.has(id) ? v : 1
      const progress: Record<string, Progress> = {}
      for (const d of s.items) if (d.status === 'processing' && s.progress[d.id]) progress[d.id] = s.progress[d.id]
      return { ...s, queue, progress }
    }
    case 'updated':
      return { ...s, items: s.items.map((d) => (d.id === a.doc.id ? a.doc : d)) }
    case 'removed': {
      const had = s.items.some((d) => d.id === a.id)
      return {
        items: s.items.filter((d) => d.id !== a.id),
        total: had ? Math.max(0, s.total - 1) : s.total,
        progress: without(s.progress, a.id),
        queue: a.id in s.queue ? { ...s.queue, [a.id]: 1 } : s.queue,
      }
    }
  }
}

/** Overall is the queue bar: how many documents of the batch are done, and the mean fraction. */
export interface Overall {
  active: boolean
  done: number
  count: number
  percent: number
}

export function overall(queue: Record<string, number>): Overall {
  const values = Object.values(queue)
  const count = values.length
  const done = values.filter((v) => v >= 1).length
  const percent = count ? (values.reduce((a, b) => a + Math.min(1, b), 0) / count) * 100 : 0
  return { active: done < count, done, count, percent }
}

/** isKnown tells whether an event is about a document on screen. */
export const isKnown = (s: DocsSlice, id: string) => s.items.some((d) => d.id === id)
