// Test helpers for the Documents feature: the shared fake of '@/api' with the
// real event names and an event bus, so tests can emit document events.
//   vi.mock('@/api', async () => (await import('@/features/documents/testApi')).documentsFakeApiModule())
import { vi } from 'vitest'
import { fakeApiModule } from '@/test/fakeApi'
import type { DocumentInfo, IndexStatus, Source } from '@/api/types'

type Handler = (payload: unknown) => void
const handlers = new Map<string, Set<Handler>>()

export const bus = {
  emit(name: string, payload: unknown) {
    for (const h of [...(handlers.get(name) ?? [])]) h(payload)
  },
  count(name: string) {
    return handlers.get(name)?.size ?? 0
  },
  clear() {
    handlers.clear()
  },
}

export const wsSettings = {
  workspaceId: 'w1',
  systemPrompt: 'Be brief.',
  defaultModelRef: '',
  defaultProfileId: '',
  embeddingModelRef: '',
  chunkSize: 1000,
  chunkOverlap: 200,
  topK: 6,
  minScore: 0,
  useDocuments: true,
}

export function documentsFakeApiModule() {
  const base = fakeApiModule()
  return {
    ...base,
    workspacesApi: {
      ...base.workspacesApi,
      settings: vi.fn(async () => ({ ...wsSettings })),
      updateSettings: vi.fn(async (s: typeof wsSettings) => ({ settings: s, reembedding: true, reindexSuggested: false, documents: 2 })),
    },
    EventNames: {
      chatDelta: 'chat:delta',
      chatDone: 'chat:done',
      chatError: 'chat:error',
      documentProgress: 'document:progress',
      documentStatus: 'document:status',
      documentsAdding: 'documents:adding',
      dataChanged: 'data:changed',
      syncStatus: 'sync:status',
      modelPull: 'model:pull',
      filesDropped: 'files:dropped',
    },
    onEvent: vi.fn((name: string, h: Handler) => {
      const set = handlers.get(name) ?? new Set<Handler>()
      set.add(h)
      handlers.set(name, set)
      return () => set.delete(h)
    }),
  }
}

let n = 0
export function doc(over: Partial<DocumentInfo> = {}): DocumentInfo {
  n++
  return {
    id: `d${n}`,
    workspaceId: 'w1',
    chatId: '',
    name: `file${n}.txt`,
    mime: 'text/plain',
    format: 'text',
    size: 2048,
    sha256: `sha${n}`,
    status: 'completed',
    error: '',
    warning: '',
    chunks: 3,
    pages: 0,
    createdAt: 1,
    updatedAt: 1,
    ...over,
  }
}

export function indexStatus(over: Partial<IndexStatus> = {}): IndexStatus {
  return { workspaceId: 'w1', mode: 'keyword', embeddingModel: '', documents: 0, inChats: 0, pending: 0, failed: 0, refused: 0, chunks: 0, embedded: 0, reembedding: false, unavailable: '', embedError: '', ...over }
}

export function source(over: Partial<Source> = {}): Source {
  return {
    ordinal: 1,
    chunkId: 11,
    documentId: 'd1',
    documentName: 'mpl-2.0.txt',
    page: 0,
    text: 'Covered Software means Source Code Form',
    start: 0,
    end: 40,
    score: 1,
    bm25: 7.25,
    vector: 0,
    relevance: 0.8,
    chunkOrdinal: 0,
    ...over,
  }
}

export const page = (items: DocumentInfo[], total = items.length, offset = 0, limit = 25) => ({ items, total, offset, limit })
